import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import type { Database, PairStatus, PersonCategory } from '@nastavnik/db';

/*
 * Row builders for the KPI tests: persons with a consent (and a chosen key, so one human can
 * be recorded in several organisations), pairs with members, survey responses. Inserted with
 * the owner connection (fixtures, not code under test).
 */

interface PersonSpec {
  name: string;
  birth?: string | null;
  category: PersonCategory;
  career?: number;
  enterpriseId?: string;
  /** The pseudonymous key; persons sharing it are one human. Default: a fresh key (none if no birth date). */
  key?: string;
}

interface MemberSpec {
  personId: string;
  role: 'mentor' | 'mentee';
  start?: string;
  end?: string;
}

export function caseBuilder(owner: Kysely<Database>) {
  const programmes = new Map<string, string>();
  let formId: string | undefined;

  async function programme(organisationId: string) {
    formId ??= (
      await owner.selectFrom('mentoring_forms').select('id').orderBy('code').executeTakeFirstOrThrow()
    ).id;
    let id = programmes.get(organisationId);
    if (!id) {
      id = (
        await owner
          .insertInto('programmes')
          .values({ organisation_id: organisationId, school_year: 2022, title: 'Программа KPI' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      programmes.set(organisationId, id);
    }
    return { programmeId: id, formId };
  }

  return {
    async person(organisationId: string, p: PersonSpec): Promise<string> {
      const birth = p.birth === undefined ? '2000-01-01' : p.birth;
      const { id } = await owner
        .insertInto('persons')
        .values({
          organisation_id: organisationId,
          last_name: p.name,
          first_name: 'Тест',
          birth_date: birth,
          birth_year: birth ? Number(birth.slice(0, 4)) : null,
          category: p.category,
          career_start_year: p.career ?? null,
          enterprise_id: p.enterpriseId ?? null,
          person_key: p.key ?? (birth ? `key-${randomUUID()}` : null),
          in_mentor_base: true,
          in_mentee_base: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await owner
        .insertInto('consents')
        .values({
          organisation_id: organisationId,
          person_id: id,
          given_by: 'self',
          given_at: '2019-09-01',
          version_id: NATIONAL_CONSENT_VERSIONS[1]!.id,
        })
        .execute();
      return id;
    },

    async pair(
      organisationId: string,
      p: { start: string; end?: string; status?: PairStatus; cancelledAt?: string; members: MemberSpec[] },
    ): Promise<string> {
      const { programmeId, formId } = await programme(organisationId);
      const status = p.status ?? (p.cancelledAt ? 'cancelled' : p.end ? 'completed' : 'active');
      const { id } = await owner
        .insertInto('pairs')
        .values({
          organisation_id: organisationId,
          programme_id: programmeId,
          form_id: formId,
          status,
          start_date: p.start,
          end_date: p.end ?? null,
          cancelled_at: p.cancelledAt ?? null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await owner
        .insertInto('pair_members')
        .values(
          p.members.map((m) => ({
            organisation_id: organisationId,
            pair_id: id,
            person_id: m.personId,
            role: m.role,
            start_date: m.start ?? null,
            end_date: m.end ?? null,
          })),
        )
        .execute();
      return id;
    },

    async response(
      organisationId: string,
      personId: string,
      role: 'mentor' | 'mentee',
      at: string,
      score: number,
    ) {
      await owner
        .insertInto('survey_responses')
        .values({
          organisation_id: organisationId,
          person_id: personId,
          role,
          submitted_at: at,
          overall_score: score,
        })
        .execute();
    },
  };
}
