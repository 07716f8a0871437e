/*
 * The consent being recorded (with a new person, or later on the card): which text version,
 * when, and who gave it. A minor's consent is given by a legal representative, so a birth
 * date under 18 switches the choice to «законный представитель» until the curator picks
 * otherwise.
 */
import { isMinorAt } from '@nastavnik/domain';
import { todayIso } from './labels.ts';
import type { ConsentInput, ConsentVersion } from './types.ts';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

export type GivenBy = 'self' | 'representative';

export class ConsentDraft {
  versionId = $state('');
  givenAt = $state(todayIso());
  givenBy = $state<GivenBy>('self');
  representativeName = $state('');
  representativeRelation = $state('');
  /** The curator chose who gave it: stop suggesting. */
  private chosen = false;

  reset(versions: ConsentVersion[], preferredId?: string): void {
    const usable = versions.filter((v) => !v.archived);
    // The newest usable version by default (the one a curator prints today); of two equally
    // new ones, the one that covers more.
    const newest = [...usable].sort(
      (a, b) => b.validFrom.localeCompare(a.validFrom) || b.categories.length - a.categories.length,
    )[0];
    this.versionId = usable.find((v) => v.id === preferredId)?.id ?? newest?.id ?? '';
    this.givenAt = todayIso();
    this.givenBy = 'self';
    this.representativeName = '';
    this.representativeRelation = '';
    this.chosen = false;
  }

  choose(givenBy: GivenBy): void {
    this.givenBy = givenBy;
    this.chosen = true;
  }

  /** Whether the person is a minor on the consent date (null: birth date unknown). */
  minor(birthDate: string): boolean | null {
    if (!ISO.test(birthDate) || !ISO.test(this.givenAt)) return null;
    return isMinorAt(birthDate, this.givenAt);
  }

  /** Follows the birth date: a minor's consent comes from a representative. */
  suggest(birthDate: string): void {
    if (this.chosen) return;
    const minor = this.minor(birthDate);
    if (minor !== null) this.givenBy = minor ? 'representative' : 'self';
  }

  /** Client checks, keyed as the API names the fields (`prefix` = 'consent.' inside a person). */
  checks(birthDate: string, prefix = ''): Record<string, string | false> {
    const rep = this.givenBy === 'representative';
    return {
      [`${prefix}versionId`]: !this.versionId && 'Выберите текст согласия',
      [`${prefix}givenAt`]: !this.givenAt
        ? 'Укажите дату согласия'
        : !ISO.test(this.givenAt)
          ? 'Дата в виде ДД.ММ.ГГГГ'
          : this.givenAt > todayIso() && 'Дата согласия не может быть в будущем',
      [`${prefix}givenBy`]:
        !rep &&
        this.minor(birthDate) === true &&
        'Участнику нет 18 лет: согласие даёт законный представитель',
      [`${prefix}representativeName`]:
        rep && !this.representativeName.trim() && 'Укажите ФИО законного представителя',
      [`${prefix}representativeRelation`]:
        rep && !this.representativeRelation.trim() && 'Укажите, кем представитель приходится участнику',
    };
  }

  body(): ConsentInput {
    const rep = this.givenBy === 'representative';
    return {
      versionId: this.versionId,
      givenAt: this.givenAt,
      givenBy: this.givenBy,
      representativeName: rep ? this.representativeName.trim() : null,
      representativeRelation: rep ? this.representativeRelation.trim() : null,
    };
  }
}
