import { sql, type Kysely } from 'kysely';
import { fullName } from '@nastavnik/domain';
import { withScope, type Database, type Tx } from '@nastavnik/db';
import type { JobCatalogue } from '@nastavnik/jobs';
import { renderErasureActPdf } from '@nastavnik/reports';
import {
  actContext,
  DESTROYED_CATEGORIES,
  ERASURE_METHOD,
  KEPT_FOR_STATISTICS,
  performerOf,
  reasonDetails,
  type RenderErasureAct,
} from './erasure-act.ts';

/*
 * 152-ФЗ erasure of one person within their organisation (withdrawal of consent, the
 * subject's request, or the end of the retention period). Names, contacts, SNILS, the exact
 * birth date, questionnaire and survey answers, the representative's name and consent scans
 * are destroyed; what the indicators need and identifies nobody stays on the row (person_key,
 * birth_year, category, career_start_year, enterprise_id, participation dates, overall
 * satisfaction scores), so the figures of past years do not move.
 *
 * One transaction: everything or nothing. The person's row is locked first, so a second run
 * (a retry, a duplicate job) waits and then finds erased_at set: a no-op.
 */

export type ErasePayload = JobCatalogue['persons.erase'];

export type EraseOutcome =
  | { status: 'erased'; actFileId: string; actNumber: string }
  | { status: 'skipped'; why: 'not_found' | 'already_erased' };

export interface EraseOptions {
  /** The act renderer (tests pass a failing one to prove the erasure is all or nothing). */
  renderAct?: RenderErasureAct;
}

export async function erasePerson(
  db: Kysely<Database>,
  job: ErasePayload,
  options: EraseOptions = {},
): Promise<EraseOutcome> {
  const renderAct = options.renderAct ?? renderErasureActPdf;
  const performedBy = await performerOf(db, job.regionId, job.requestedBy);
  const scope = { regionId: job.regionId, organisationId: job.organisationId, role: 'system' as const };
  return withScope(db, scope, async (tx): Promise<EraseOutcome> => {
    // The organisation must belong to the region (persons' RLS checks the organisation only).
    const organisation = await tx
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', job.organisationId)
      .where('region_id', '=', job.regionId)
      .executeTakeFirst();
    if (!organisation) return { status: 'skipped', why: 'not_found' };
    const person = await tx
      .selectFrom('persons')
      .select(['id', 'last_name', 'first_name', 'middle_name', 'erased_at'])
      .where('id', '=', job.personId)
      .where('organisation_id', '=', job.organisationId)
      .forUpdate()
      .executeTakeFirst();
    if (!person) return { status: 'skipped', why: 'not_found' };
    if (person.erased_at) return { status: 'skipped', why: 'already_erased' };

    // Acts are numbered per organisation: its erasures take turns until commit.
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`erasure-act:${job.organisationId}`}, 0))`.execute(
      tx,
    );
    const ctx = await actContext(tx, job.organisationId);
    // The act names the subject, so it is rendered before the name is destroyed.
    const pdf = await renderAct({
      organisation: ctx.organisation,
      actNumber: ctx.actNumber,
      subjectFullName: fullName(person),
      reason: job.reason,
      reasonDetails: reasonDetails(job.reason, ctx.retentionYears),
      erasedAt: ctx.erasedAt,
      destroyedCategories: DESTROYED_CATEGORIES,
      keptForStatistics: KEPT_FOR_STATISTICS,
      method: ERASURE_METHOD,
      performedBy,
    });
    const act = await tx
      .insertInto('stored_files')
      .values({
        organisation_id: job.organisationId,
        purpose: 'erasure_act',
        file_name: `Акт уничтожения ПДн ${ctx.actNumber}.pdf`,
        mime: 'application/pdf',
        size: pdf.length,
        bytes: pdf,
        created_by: job.requestedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await destroyPersonalData(tx, job, act.id);
    await tx
      .insertInto('audit_log')
      .values({
        region_id: job.regionId,
        organisation_id: job.organisationId,
        user_id: job.requestedBy,
        action: 'persons.erase',
        entity: 'person',
        entity_id: job.personId,
        // No names here: the audit log outlives the erasure.
        details: JSON.stringify({
          reason: job.reason,
          date: job.date,
          actFileId: act.id,
          actNumber: ctx.actNumber,
        }),
      })
      .execute();
    return { status: 'erased', actFileId: act.id, actNumber: ctx.actNumber };
  });
}

async function destroyPersonalData(tx: Tx, job: ErasePayload, actFileId: string): Promise<void> {
  const personId = job.personId;
  await tx
    .updateTable('persons')
    .set({
      last_name: null,
      first_name: null,
      middle_name: null,
      birth_date: null,
      email: null,
      phone: null,
      snils: null,
      class_name: null,
      workplace: null,
      position: null,
      competences: null,
      life_experience: null,
      interests: null,
      preferred_age_min: null,
      preferred_age_max: null,
      time_resource_hours: null,
      request_id: null,
      request_details: null,
      erased_at: sql`now()`,
      erasure_reason: job.reason,
      erasure_act_file_id: actFileId,
      updated_at: sql`now()`,
    })
    .where('id', '=', personId)
    .execute();

  // Consents stay as a names-free record that consent was given and withdrawn. A withdrawal
  // date before the consent itself would be nonsense, hence greatest().
  const scans = await tx
    .selectFrom('consents')
    .select('scan_file_id')
    .where('person_id', '=', personId)
    .where('scan_file_id', 'is not', null)
    .execute();
  await tx
    .updateTable('consents')
    .set({
      withdrawn_at: sql`coalesce(withdrawn_at, greatest(given_at, ${job.date}::date))`,
      representative_name: null,
      representative_relation: null,
      scan_file_id: null,
    })
    .where('person_id', '=', personId)
    .execute();
  const scanIds = scans.map((s) => s.scan_file_id!);
  if (scanIds.length > 0) {
    await tx
      .deleteFrom('stored_files')
      .where('id', 'in', scanIds)
      .where('purpose', '=', 'consent_scan')
      // A scan shared with another person's consent stays for that person.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consents').select('id').whereRef('consents.scan_file_id', '=', 'stored_files.id'),
          ),
        ),
      )
      .execute();
  }

  await tx.deleteFrom('questionnaire_links').where('person_id', '=', personId).execute();
  await tx.deleteFrom('questionnaires').where('person_id', '=', personId).execute();
  // The overall score, role and date stay: indicators 5 and 6 count them.
  await tx.updateTable('survey_responses').set({ answers: '{}' }).where('person_id', '=', personId).execute();

  await endParticipations(tx, personId, job.date);
}

/**
 * Open participations end on the erasure date. Draft pairs count nowhere, and a
 * participation that has not started by the date never happens: both memberships go (an
 * end before the start would break the row's check and mean nothing to the indicators).
 * The effective end is the KPI's: the member's end, else the pair's end, else its cancellation.
 */
async function endParticipations(tx: Tx, personId: string, date: string): Promise<void> {
  await sql`
    DELETE FROM pair_members m USING pairs p
     WHERE m.pair_id = p.id AND m.person_id = ${personId}
       AND (p.status = 'draft' OR coalesce(m.start_date, p.start_date) > ${date}::date)`.execute(tx);
  await sql`
    UPDATE pair_members m SET end_date = ${date}::date
      FROM pairs p
     WHERE m.pair_id = p.id AND m.person_id = ${personId}
       AND (coalesce(m.end_date, p.end_date, p.cancelled_at) IS NULL
            OR coalesce(m.end_date, p.end_date, p.cancelled_at) > ${date}::date)`.execute(tx);
}

/** The 'persons.erase' job. */
export function personsEraseHandler(db: Kysely<Database>, options: EraseOptions = {}) {
  return async function eraseJob(job: ErasePayload): Promise<void> {
    await erasePerson(db, job, options);
  };
}
