import type { Tx } from '@nastavnik/db';
import type { Principal } from '../../plugins/auth.ts';
import { fromPersonRow } from './person-fields.ts';
import { ageOn, displayName, findPerson, todayIn } from './persons.common.ts';

/*
 * The person card: every field, the consents with their text versions, questionnaire
 * answers and the history (participations with partners, surveys, erasure). Also the
 * source of the subject access document, so both show the same facts.
 */

const iso = (v: unknown) => new Date(v as Date | string).toISOString();

async function consentsOf(tx: Tx, personId: string) {
  const rows = await tx
    .selectFrom('consents as c')
    .innerJoin('consent_text_versions as v', 'v.id', 'c.version_id')
    .leftJoin('stored_files as f', 'f.id', 'c.scan_file_id')
    .select([
      'c.id',
      'c.given_by',
      'c.representative_name',
      'c.representative_relation',
      'c.given_at',
      'c.withdrawn_at',
      'c.created_at',
      'v.id as version_id',
      'v.code',
      'v.title',
      'v.data_categories',
      'f.file_name as scan_file_name',
    ])
    .where('c.person_id', '=', personId)
    .orderBy('c.given_at', 'desc')
    .orderBy('c.created_at', 'desc')
    .execute();
  // The consent in force is the latest one not withdrawn (rows are newest first).
  const inForceId = rows.find((r) => r.withdrawn_at === null)?.id;
  return rows.map((r) => ({
    id: r.id,
    givenBy: r.given_by,
    representativeName: r.representative_name,
    representativeRelation: r.representative_relation,
    givenAt: r.given_at,
    withdrawnAt: r.withdrawn_at,
    inForce: r.id === inForceId,
    version: { id: r.version_id, code: r.code, title: r.title, categories: r.data_categories },
    hasScan: r.scan_file_name !== null,
    scanFileName: r.scan_file_name,
  }));
}

async function participationsOf(tx: Tx, personId: string) {
  const rows = await tx
    .selectFrom('pair_members as pm')
    .innerJoin('pairs as pr', 'pr.id', 'pm.pair_id')
    .innerJoin('programmes as g', 'g.id', 'pr.programme_id')
    .innerJoin('mentoring_forms as f', 'f.id', 'pr.form_id')
    .select([
      'pr.id as pair_id',
      'g.title',
      'g.school_year',
      'pm.role',
      'f.name as form_name',
      'pr.status',
      'pm.start_date',
      'pm.end_date',
      'pr.start_date as pair_start',
      'pr.end_date as pair_end',
    ])
    .where('pm.person_id', '=', personId)
    .orderBy('pr.start_date', 'desc')
    .orderBy('pr.id')
    .execute();
  const pairIds = rows.map((r) => r.pair_id);
  const partners =
    pairIds.length === 0
      ? []
      : await tx
          .selectFrom('pair_members as pm')
          .innerJoin('persons as p', 'p.id', 'pm.person_id')
          .select([
            'pm.pair_id',
            'p.id',
            'p.last_name',
            'p.first_name',
            'p.middle_name',
            'p.erased_at',
            'pm.role',
          ])
          .where('pm.pair_id', 'in', pairIds)
          .where('pm.person_id', '<>', personId)
          .orderBy('pm.role')
          .orderBy('p.last_name')
          .execute();
  return rows.map((r) => ({
    pairId: r.pair_id,
    programmeTitle: r.title,
    schoolYear: r.school_year,
    role: r.role,
    formName: r.form_name,
    pairStatus: r.status,
    startDate: r.start_date ?? r.pair_start,
    endDate: r.end_date ?? r.pair_end,
    partners: partners
      .filter((m) => m.pair_id === r.pair_id)
      .map((m) => ({ personId: m.id, fullName: displayName(m), role: m.role })),
  }));
}

export async function personCard(tx: Tx, p: Principal, id: string) {
  const row = await findPerson(tx, p, id);
  const today = await todayIn(tx);
  const refs = await tx
    .selectFrom('persons as p')
    .leftJoin('enterprises as e', 'e.id', 'p.enterprise_id')
    .leftJoin('mentee_requests as r', 'r.id', 'p.request_id')
    .select(['e.name as enterprise_name', 'r.name as request_name'])
    .where('p.id', '=', id)
    .executeTakeFirstOrThrow();
  const consents = await consentsOf(tx, id);
  const questionnaires = await tx
    .selectFrom('questionnaires')
    .select(['id', 'kind', 'filled_by', 'submitted_at', 'answers'])
    .where('person_id', '=', id)
    .orderBy('kind')
    .execute();
  const surveys = await tx
    .selectFrom('survey_responses')
    .select(['id', 'submitted_at', 'role', 'overall_score'])
    .where('person_id', '=', id)
    .orderBy('submitted_at', 'desc')
    .execute();
  const current = consents.find((c) => c.inForce);
  return {
    id: row.id,
    fullName: displayName(row),
    ...fromPersonRow(row),
    enterpriseName: refs.enterprise_name,
    requestName: refs.request_name,
    birthYear: row.birth_year,
    age: ageOn(row.birth_date, today),
    inMentorBase: row.in_mentor_base,
    inMenteeBase: row.in_mentee_base,
    consentStatus: current
      ? ('active' as const)
      : consents.length > 0
        ? ('withdrawn' as const)
        : ('none' as const),
    coveredCategories: current?.version.categories ?? [],
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    consents,
    questionnaires: questionnaires.map((q) => ({
      id: q.id,
      kind: q.kind,
      filledBy: q.filled_by,
      submittedAt: iso(q.submitted_at),
      answers: q.answers,
    })),
    participations: await participationsOf(tx, id),
    surveys: surveys.map((s) => ({
      id: s.id,
      submittedAt: iso(s.submitted_at),
      role: s.role,
      overallScore: s.overall_score,
    })),
    erased: row.erased_at !== null,
    erasure: row.erased_at
      ? {
          erasedAt: iso(row.erased_at),
          reason: row.erasure_reason,
          actAvailable: row.erasure_act_file_id !== null,
        }
      : null,
  };
}

export type PersonCardView = Awaited<ReturnType<typeof personCard>>;
