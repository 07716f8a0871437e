import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import type { Database, PairStatus, PersonCategory } from '@nastavnik/db';

/*
 * Row builders for the erasure and retention tests: persons with a consent, pairs with
 * members, survey responses. Inserted with the owner connection (fixtures, not code under test).
 */

export interface PersonInput {
  lastName: string;
  firstName?: string;
  birthDate?: string | null;
  category: PersonCategory;
  careerStartYear?: number | null;
  enterpriseId?: string | null;
  email?: string | null;
  snils?: string | null;
  /** The consent's date (default 2019-09-01). */
  consentGivenAt?: string;
  /** When the person was entered in the base (default: now). */
  createdAt?: string;
}

export interface MemberInput {
  personId: string;
  role: 'mentor' | 'mentee';
  start?: string | null;
  end?: string | null;
}

export interface PairInput {
  start: string;
  end?: string | null;
  status?: PairStatus;
  cancelledAt?: string | null;
  members: MemberInput[];
}

/** Today's calendar date in Moscow (the regions' default time zone), 'YYYY-MM-DD'. */
export function todayInMoscow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
}

/** An ISO date moved by whole years, months and days (the 29th of February becomes the 28th). */
export function shiftDate(iso: string, by: { years?: number; months?: number; days?: number }): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, 28);
  const date = new Date(Date.UTC(y + (by.years ?? 0), m - 1 + (by.months ?? 0), day + (by.days ?? 0)));
  return date.toISOString().slice(0, 10);
}

export function tenantBuilder(owner: Kysely<Database>, organisationId: string) {
  let programmeId: string | undefined;
  let formId: string | undefined;

  async function programme(): Promise<{ programmeId: string; formId: string }> {
    formId ??= (
      await owner.selectFrom('mentoring_forms').select('id').orderBy('code').executeTakeFirstOrThrow()
    ).id;
    programmeId ??= (
      await owner
        .insertInto('programmes')
        .values({
          organisation_id: organisationId,
          school_year: 2021,
          title: 'Программа для тестов удаления',
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    return { programmeId, formId };
  }

  return {
    async person(p: PersonInput): Promise<string> {
      const birth = p.birthDate ?? null;
      const row = await owner
        .insertInto('persons')
        .values({
          organisation_id: organisationId,
          last_name: p.lastName,
          first_name: p.firstName ?? 'Тест',
          middle_name: 'Тестович',
          birth_date: birth,
          birth_year: birth ? Number(birth.slice(0, 4)) : null,
          category: p.category,
          career_start_year: p.careerStartYear ?? null,
          enterprise_id: p.enterpriseId ?? null,
          email: p.email ?? null,
          snils: p.snils ?? null,
          person_key: `key-${randomUUID()}`,
          in_mentor_base: p.category !== 'student',
          in_mentee_base: p.category === 'student',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (p.createdAt)
        await sql`UPDATE persons SET created_at = ${p.createdAt}::timestamptz WHERE id = ${row.id}`.execute(
          owner,
        );
      await this.consent(row.id, p.consentGivenAt ?? '2019-09-01');
      return row.id;
    },

    async consent(personId: string, givenAt: string, representative?: { name: string; relation: string }) {
      await owner
        .insertInto('consents')
        .values({
          organisation_id: organisationId,
          person_id: personId,
          given_by: representative ? 'representative' : 'self',
          representative_name: representative?.name ?? null,
          representative_relation: representative?.relation ?? null,
          given_at: givenAt,
          version_id: NATIONAL_CONSENT_VERSIONS[1]!.id,
        })
        .execute();
    },

    async pair(p: PairInput): Promise<string> {
      const { programmeId: programme_id, formId: form_id } = await programme();
      const status = p.status ?? (p.cancelledAt ? 'cancelled' : p.end ? 'completed' : 'active');
      const pair = await owner
        .insertInto('pairs')
        .values({
          organisation_id: organisationId,
          programme_id,
          form_id,
          status,
          start_date: p.start,
          end_date: p.end ?? null,
          cancelled_at: p.cancelledAt ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of p.members) {
        await owner
          .insertInto('pair_members')
          .values({
            organisation_id: organisationId,
            pair_id: pair.id,
            person_id: m.personId,
            role: m.role,
            start_date: m.start ?? null,
            end_date: m.end ?? null,
          })
          .execute();
      }
      return pair.id;
    },

    async response(r: {
      personId: string;
      pairId: string;
      role: 'mentor' | 'mentee';
      at: string;
      score: number;
      comment?: string;
    }): Promise<void> {
      await owner
        .insertInto('survey_responses')
        .values({
          organisation_id: organisationId,
          person_id: r.personId,
          pair_id: r.pairId,
          role: r.role,
          submitted_at: new Date(r.at),
          overall_score: r.score,
          answers: JSON.stringify({ overall: r.score, comment: r.comment ?? 'Всё понравилось' }),
        })
        .execute();
    },
  };
}
