/*
 * The fields of the person dialog as text (what inputs hold), the data categories the
 * consent covers, and the conversion to the API's body. A field whose category the consent
 * does not cover is disabled and never sent: the API would refuse it anyway.
 */
import { DATA_CATEGORIES, PERSON_FIELD_CATEGORY, type DataCategory } from '@nastavnik/domain';
import { dataCategoryShort, type Base, type FieldName, type PersonCategory } from './labels.ts';
import type { CreatePersonInput, PersonCard, UpdatePersonInput } from './types.ts';

const TEXT_FIELDS = [
  'lastName',
  'firstName',
  'middleName',
  'birthDate',
  'email',
  'phone',
  'snils',
  'className',
  'enterpriseId',
  'workplace',
  'position',
  'competences',
  'lifeExperience',
  'interests',
  'requestId',
  'requestDetails',
] as const;
const NUMBER_FIELDS = ['careerStartYear', 'preferredAgeMin', 'preferredAgeMax', 'timeResourceHours'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
type NumberField = (typeof NUMBER_FIELDS)[number];
type Values = Record<TextField | NumberField, string>;

const blank = (): Values =>
  Object.fromEntries([...TEXT_FIELDS, ...NUMBER_FIELDS].map((f) => [f, ''])) as Values;

const NUMBER_LIMITS: Record<NumberField, [number, number]> = {
  careerStartYear: [1940, new Date().getFullYear()],
  preferredAgeMin: [0, 100],
  preferredAgeMax: [0, 100],
  timeResourceHours: [0, 200],
};

export class PersonForm {
  v = $state<Values>(blank());
  category = $state<PersonCategory | ''>('');
  inMentorBase = $state(false);
  inMenteeBase = $state(false);
  /** The enterprise's name, shown by the picker before any search. */
  enterpriseName = $state('');
  /** Categories the consent covers: the chosen version's (new person) or the card's. */
  covered = $state<string[]>(Object.keys(DATA_CATEGORIES));

  fill(card: PersonCard | null, base: Base): void {
    const v = blank();
    if (card) {
      for (const f of TEXT_FIELDS) v[f] = card[f] ?? '';
      for (const f of NUMBER_FIELDS) v[f] = card[f] === null ? '' : String(card[f]);
    }
    this.v = v;
    this.category = card?.category ?? '';
    this.inMentorBase = card ? card.inMentorBase : base === 'mentors';
    this.inMenteeBase = card ? card.inMenteeBase : base === 'mentees';
    this.enterpriseName = card?.enterpriseName ?? '';
    this.covered = card ? card.coveredCategories : Object.keys(DATA_CATEGORIES);
  }

  isCovered(field: FieldName): boolean {
    return this.covered.includes(PERSON_FIELD_CATEGORY[field]);
  }

  /** «Согласие не покрывает: Контактные данные» for a field outside the consent, else null. */
  notCovered(field: FieldName): string | null {
    return this.isCovered(field)
      ? null
      : `Согласие не покрывает: ${dataCategoryShort(PERSON_FIELD_CATEGORY[field] as DataCategory)}`;
  }

  private number(field: NumberField): number | null {
    const text = this.v[field].trim();
    return text === '' ? null : Number(text);
  }

  /** Client checks of what the API would refuse anyway, to answer before a round trip. */
  checks(): Record<string, string | false> {
    const out: Record<string, string | false> = {
      lastName: !this.v.lastName.trim() && 'Укажите фамилию',
      firstName: !this.v.firstName.trim() && 'Укажите имя',
      category: !this.category && 'Выберите категорию',
      inMentorBase: !this.inMentorBase && !this.inMenteeBase && 'Отметьте хотя бы одну базу',
      birthDate:
        !!this.v.birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(this.v.birthDate) && 'Дата в виде ДД.ММ.ГГГГ',
    };
    for (const f of NUMBER_FIELDS) {
      if (!this.isCovered(f)) continue;
      const n = this.number(f);
      const [min, max] = NUMBER_LIMITS[f];
      if (n !== null && (!Number.isInteger(n) || n < min || n > max))
        out[f] = `Целое число от ${min} до ${max}`;
    }
    const from = this.number('preferredAgeMin');
    const to = this.number('preferredAgeMax');
    if (!out.preferredAgeMax && from !== null && to !== null && from > to)
      out.preferredAgeMax = 'Верхняя граница меньше нижней';
    return out;
  }

  /** The covered fields; empty ones as null (an edit clears them) or left out (`omitEmpty`). */
  private fields(omitEmpty: boolean): Record<string, string | number | null> {
    const out: Record<string, string | number | null> = {};
    for (const f of TEXT_FIELDS) {
      if (!this.isCovered(f)) continue;
      const text = this.v[f].trim();
      if (text !== '' || !omitEmpty) out[f] = text === '' ? null : text;
    }
    for (const f of NUMBER_FIELDS) {
      if (!this.isCovered(f)) continue;
      const n = this.number(f);
      if (n !== null || !omitEmpty) out[f] = n;
    }
    // Only a teacher has a career start year (the field is hidden for others).
    if (this.category !== 'teacher' && 'careerStartYear' in out) {
      if (omitEmpty) delete out.careerStartYear;
      else out.careerStartYear = null;
    }
    return out;
  }

  createBody(consent: CreatePersonInput['consent']): CreatePersonInput {
    return {
      ...(this.fields(true) as Partial<CreatePersonInput>),
      lastName: this.v.lastName.trim(),
      firstName: this.v.firstName.trim(),
      category: this.category as PersonCategory,
      inMentorBase: this.inMentorBase,
      inMenteeBase: this.inMenteeBase,
      consent,
    };
  }

  updateBody(): UpdatePersonInput {
    return {
      ...(this.fields(false) as UpdatePersonInput),
      lastName: this.v.lastName.trim(),
      firstName: this.v.firstName.trim(),
      category: this.category as PersonCategory,
      inMentorBase: this.inMentorBase,
      inMenteeBase: this.inMenteeBase,
    };
  }
}
