import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import { chunks } from '../report.ts';
import type { PersonBase } from './columns.ts';
import type { MergePlan } from './plan.ts';
import type { ConsentValues, ValidRow } from './values.ts';

/*
 * The writes of an applied import, set-based: each statement takes a few thousand rows as
 * column arrays (INSERT … SELECT FROM unnest(…)), so 50,000 persons are some twenty
 * statements, not 100,000 round trips. The caller holds the one transaction around them.
 */

export interface ApplyContext {
  organisationId: string;
  base: PersonBase;
  /** The uploader: recorded as the author of the consents. */
  userId: string | null;
}

/** Rows per statement: big enough to amortise the round trip, small enough for the parser. */
const BATCH = 5000;

const column = <T>(rows: ValidRow[], pick: (r: ValidRow) => T | undefined | null): (T | null)[] =>
  rows.map((r) => pick(r) ?? null);
const yearOf = (date: string | undefined) => (date ? Number(date.slice(0, 4)) : null);

/** Inserts new persons and their consents. */
export async function insertPersons(tx: Tx, rows: ValidRow[], ctx: ApplyContext): Promise<void> {
  const mentor = ctx.base === 'mentors';
  for (const part of chunks(rows, BATCH)) {
    const ids = part.map(() => randomUUID());
    const p = (pick: (r: ValidRow) => unknown) => column(part, pick);
    await sql`
      INSERT INTO persons (id, organisation_id, last_name, first_name, middle_name, birth_date, birth_year,
        category, class_name, snils, phone, email, workplace, position, enterprise_id, career_start_year,
        competences, life_experience, interests, preferred_age_min, preferred_age_max, time_resource_hours,
        request_id, request_details, person_key, in_mentor_base, in_mentee_base)
      SELECT u.id, ${ctx.organisationId}::uuid, u.last_name, u.first_name, u.middle_name, u.birth_date,
        u.birth_year, u.category, u.class_name, u.snils, u.phone, u.email, u.workplace, u.position,
        u.enterprise_id, u.career_start_year, u.competences, u.life_experience, u.interests,
        u.preferred_age_min, u.preferred_age_max, u.time_resource_hours, u.request_id, u.request_details,
        u.person_key, ${mentor}, ${!mentor}
      FROM unnest(${ids}::uuid[], ${p((r) => r.person.last_name)}::text[], ${p((r) => r.person.first_name)}::text[],
        ${p((r) => r.person.middle_name)}::text[], ${p((r) => r.person.birth_date)}::date[],
        ${p((r) => yearOf(r.person.birth_date))}::int[], ${p((r) => r.person.category)}::text[],
        ${p((r) => r.person.class_name)}::text[], ${p((r) => r.person.snils)}::text[],
        ${p((r) => r.person.phone)}::text[], ${p((r) => r.person.email)}::text[],
        ${p((r) => r.person.workplace)}::text[], ${p((r) => r.person.position)}::text[],
        ${p((r) => r.person.enterprise_id)}::uuid[], ${p((r) => r.person.career_start_year)}::int[],
        ${p((r) => r.person.competences)}::text[], ${p((r) => r.person.life_experience)}::text[],
        ${p((r) => r.person.interests)}::text[], ${p((r) => r.person.preferred_age_min)}::int[],
        ${p((r) => r.person.preferred_age_max)}::int[], ${p((r) => r.person.time_resource_hours)}::int[],
        ${p((r) => r.person.request_id)}::uuid[], ${p((r) => r.person.request_details)}::text[],
        ${p((r) => r.personKey)}::text[])
        AS u(id, last_name, first_name, middle_name, birth_date, birth_year, category, class_name, snils,
          phone, email, workplace, position, enterprise_id, career_start_year, competences, life_experience,
          interests, preferred_age_min, preferred_age_max, time_resource_hours, request_id, request_details,
          person_key)`.execute(tx);
    await insertConsents(
      tx,
      part.map((r, i) => ({ personId: ids[i]!, consent: r.consent })),
      ctx,
    );
  }
}

/**
 * Updates matched persons with the row's non-empty values (an empty cell keeps what the
 * base has), puts them into this base, and adds the row's consent where it is a new one.
 */
export async function mergePersons(tx: Tx, merges: MergePlan[], ctx: ApplyContext): Promise<void> {
  const mentor = ctx.base === 'mentors';
  for (const part of chunks(merges, BATCH)) {
    const rows = part.map((m) => m.row);
    const p = (pick: (r: ValidRow) => unknown) => column(rows, pick);
    await sql`
      UPDATE persons AS x SET
        last_name = coalesce(u.last_name, x.last_name),
        first_name = coalesce(u.first_name, x.first_name),
        middle_name = coalesce(u.middle_name, x.middle_name),
        birth_date = coalesce(u.birth_date, x.birth_date),
        birth_year = coalesce(u.birth_year, x.birth_year),
        category = coalesce(u.category, x.category),
        class_name = coalesce(u.class_name, x.class_name),
        snils = coalesce(u.snils, x.snils),
        phone = coalesce(u.phone, x.phone),
        email = coalesce(u.email, x.email),
        workplace = coalesce(u.workplace, x.workplace),
        position = coalesce(u.position, x.position),
        enterprise_id = coalesce(u.enterprise_id, x.enterprise_id),
        career_start_year = coalesce(u.career_start_year, x.career_start_year),
        competences = coalesce(u.competences, x.competences),
        life_experience = coalesce(u.life_experience, x.life_experience),
        interests = coalesce(u.interests, x.interests),
        preferred_age_min = CASE WHEN u.age_given THEN u.preferred_age_min ELSE x.preferred_age_min END,
        preferred_age_max = CASE WHEN u.age_given THEN u.preferred_age_max ELSE x.preferred_age_max END,
        time_resource_hours = coalesce(u.time_resource_hours, x.time_resource_hours),
        request_id = coalesce(u.request_id, x.request_id),
        request_details = coalesce(u.request_details, x.request_details),
        person_key = coalesce(u.person_key, x.person_key),
        in_mentor_base = x.in_mentor_base OR ${mentor},
        in_mentee_base = x.in_mentee_base OR ${!mentor},
        updated_at = now()
      FROM unnest(${part.map((m) => m.personId)}::uuid[], ${p((r) => r.person.last_name)}::text[],
        ${p((r) => r.person.first_name)}::text[], ${p((r) => r.person.middle_name)}::text[],
        ${p((r) => r.person.birth_date)}::date[], ${p((r) => yearOf(r.person.birth_date))}::int[],
        ${p((r) => r.person.category)}::text[], ${p((r) => r.person.class_name)}::text[],
        ${p((r) => r.person.snils)}::text[], ${p((r) => r.person.phone)}::text[],
        ${p((r) => r.person.email)}::text[], ${p((r) => r.person.workplace)}::text[],
        ${p((r) => r.person.position)}::text[], ${p((r) => r.person.enterprise_id)}::uuid[],
        ${p((r) => r.person.career_start_year)}::int[], ${p((r) => r.person.competences)}::text[],
        ${p((r) => r.person.life_experience)}::text[], ${p((r) => r.person.interests)}::text[],
        ${p((r) => r.person.preferred_age_min !== undefined || r.person.preferred_age_max !== undefined)}::boolean[],
        ${p((r) => r.person.preferred_age_min)}::int[], ${p((r) => r.person.preferred_age_max)}::int[],
        ${p((r) => r.person.time_resource_hours)}::int[], ${p((r) => r.person.request_id)}::uuid[],
        ${p((r) => r.person.request_details)}::text[], ${part.map((m) => m.personKey)}::text[])
        AS u(id, last_name, first_name, middle_name, birth_date, birth_year, category, class_name, snils,
          phone, email, workplace, position, enterprise_id, career_start_year, competences, life_experience,
          interests, age_given, preferred_age_min, preferred_age_max, time_resource_hours, request_id,
          request_details, person_key)
      WHERE x.id = u.id`.execute(tx);
    const consents = part
      .filter((m) => m.addConsent)
      .map((m) => ({ personId: m.personId, consent: m.row.consent }));
    await insertConsents(tx, consents, ctx);
  }
}

async function insertConsents(
  tx: Tx,
  consents: { personId: string; consent: ConsentValues }[],
  ctx: ApplyContext,
): Promise<void> {
  if (consents.length === 0) return;
  const c = <T>(pick: (v: ConsentValues) => T) => consents.map((x) => pick(x.consent));
  await sql`
    INSERT INTO consents (organisation_id, person_id, given_by, representative_name, representative_relation,
      given_at, version_id, created_by)
    SELECT ${ctx.organisationId}::uuid, u.person_id, u.given_by, u.representative_name,
      u.representative_relation, u.given_at, u.version_id, ${ctx.userId}::uuid
    FROM unnest(${consents.map((x) => x.personId)}::uuid[], ${c((v) => v.given_by)}::text[],
      ${c((v) => v.representative_name)}::text[], ${c((v) => v.representative_relation)}::text[],
      ${c((v) => v.given_at)}::date[], ${c((v) => v.version_id)}::uuid[])
      AS u(person_id, given_by, representative_name, representative_relation, given_at, version_id)`.execute(
    tx,
  );
}
