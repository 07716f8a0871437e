import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '@nastavnik/db';
import { completeInn, NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { hashSecret, newSecret } from '@nastavnik/db';
import type {
  FixtureEnterprise,
  FixtureMunicipality,
  FixtureOrganisation,
  FixtureRegion,
  FixtureUser,
  TenantData,
} from './fixtures.ts';

/* Row builders for the fixtures (fixtures.ts): one insert helper per kind of row. */

export type Tx = Transaction<Database>;

export async function region(tx: Tx, code: string, name: string): Promise<FixtureRegion> {
  const r = await tx.insertInto('regions').values({ name, code }).returning('id').executeTakeFirstOrThrow();
  return { id: r.id, name, code };
}

export async function municipality(tx: Tx, regionId: string, name: string): Promise<FixtureMunicipality> {
  const r = await tx
    .insertInto('municipalities')
    .values({ region_id: regionId, name, oktmo: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, regionId, name };
}

export async function organisation(
  tx: Tx,
  m: FixtureMunicipality,
  name: string,
  shortName: string,
  innStem: string,
  kind: 'school' | 'kindergarten' = 'school',
): Promise<FixtureOrganisation> {
  const inn = completeInn(innStem);
  const r = await tx
    .insertInto('organisations')
    .values({
      region_id: m.regionId,
      municipality_id: m.id,
      name,
      short_name: shortName,
      kind,
      inn,
      address: `Адрес ${shortName}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, regionId: m.regionId, municipalityId: m.id, name, shortName, inn };
}

export async function enterprise(
  tx: Tx,
  m: FixtureMunicipality,
  name: string,
  innStem: string,
): Promise<FixtureEnterprise> {
  const inn = completeInn(innStem);
  const r = await tx
    .insertInto('enterprises')
    .values({ region_id: m.regionId, municipality_id: m.id, name, inn })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, regionId: m.regionId, municipalityId: m.id, name, inn };
}

export async function user(
  tx: Tx,
  u: Omit<FixtureUser, 'id'>,
  passwordHashValue: string | null,
): Promise<FixtureUser> {
  const r = await tx
    .insertInto('users')
    .values({
      region_id: u.regionId,
      municipality_id: u.municipalityId,
      organisation_id: u.organisationId,
      role: u.role,
      email: u.email,
      full_name: u.fullName,
      status: u.status,
      password_hash: passwordHashValue,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { ...u, id: r.id };
}

/** Persons, consents, a programme, a pair with both members and a survey response. */
export async function tenantData(tx: Tx, org: FixtureOrganisation, tag: string, formId: string) {
  const people = [
    { last: `Наставников-${tag}`, first: 'Пётр', category: 'teacher' as const, birth: '1980-04-12' },
    { last: `Учеников-${tag}`, first: 'Иван', category: 'student' as const, birth: '2010-09-01' },
  ];
  const personIds: string[] = [];
  const personStrings: string[] = [];
  for (const [i, p] of people.entries()) {
    const email = `person${i}-${tag.toLowerCase()}@persons.test`;
    const snils = `${tag === 'A1S' ? '111' : tag === 'A2S' ? '222' : '333'}-000-00${i} 0${i}`;
    const r = await tx
      .insertInto('persons')
      .values({
        organisation_id: org.id,
        last_name: p.last,
        first_name: p.first,
        middle_name: 'Тестович',
        birth_date: p.birth,
        birth_year: Number(p.birth.slice(0, 4)),
        category: p.category,
        in_mentor_base: p.category === 'teacher',
        in_mentee_base: p.category === 'student',
        email,
        snils,
        person_key: `key-${tag}-${i}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    personIds.push(r.id);
    personStrings.push(p.last, email, snils);
  }
  const consentIds: string[] = [];
  for (const personId of personIds) {
    const c = await tx
      .insertInto('consents')
      .values({
        organisation_id: org.id,
        person_id: personId,
        given_by: 'self',
        given_at: '2024-09-01',
        version_id: NATIONAL_CONSENT_VERSIONS[1]!.id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    consentIds.push(c.id);
  }
  const programmeTitle = `Программа наставничества ${tag}`;
  const programme = await tx
    .insertInto('programmes')
    .values({ organisation_id: org.id, school_year: 2024, title: programmeTitle })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pair = await tx
    .insertInto('pairs')
    .values({
      organisation_id: org.id,
      programme_id: programme.id,
      form_id: formId,
      status: 'active',
      start_date: '2024-09-15',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const pairMemberIds: string[] = [];
  for (const [i, personId] of personIds.entries()) {
    const m = await tx
      .insertInto('pair_members')
      .values({
        organisation_id: org.id,
        pair_id: pair.id,
        person_id: personId,
        role: i ? 'mentee' : 'mentor',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    pairMemberIds.push(m.id);
  }
  const survey = await tx
    .insertInto('survey_responses')
    .values({
      organisation_id: org.id,
      person_id: personIds[1]!,
      pair_id: pair.id,
      role: 'mentee',
      submitted_at: new Date('2025-05-20T10:00:00Z'),
      overall_score: 9,
      answers: JSON.stringify({ comment: `Отзыв ${tag}` }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const file = await tx
    .insertInto('stored_files')
    .values({
      organisation_id: org.id,
      purpose: 'consent_scan',
      file_name: `Скан согласия ${tag}.pdf`,
      mime: 'application/pdf',
      size: 9,
      bytes: Buffer.from(`%PDF-${tag}`),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.updateTable('consents').set({ scan_file_id: file.id }).where('id', '=', consentIds[0]!).execute();
  const questionnaire = await tx
    .insertInto('questionnaires')
    .values({
      organisation_id: org.id,
      person_id: personIds[0]!,
      kind: 'mentor',
      answers: JSON.stringify({ motivation: `Мотивация ${tag}` }),
      filled_by: 'curator',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const questionnaireToken = newSecret();
  const link = await tx
    .insertInto('questionnaire_links')
    .values({
      organisation_id: org.id,
      person_id: personIds[1]!,
      kind: 'mentee',
      token_hash: hashSecret(questionnaireToken),
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const personImport = await tx
    .insertInto('person_imports')
    .values({
      organisation_id: org.id,
      base: 'mentees',
      file_name: `Наставляемые ${tag}.xlsx`,
      mode: 'dry_run',
      status: 'done',
      report: JSON.stringify({ totalRows: 0, errors: [] }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    fileId: file.id,
    questionnaireId: questionnaire.id,
    questionnaireLinkId: link.id,
    questionnaireToken,
    personImportId: personImport.id,
    organisationId: org.id,
    personIds,
    personStrings,
    consentIds,
    programmeId: programme.id,
    programmeTitle,
    pairId: pair.id,
    pairMemberIds,
    surveyResponseId: survey.id,
  } satisfies TenantData;
}

/** Region-level rows of the other tables, so "nothing visible" is a real claim. */
export async function regionRows(tx: Tx, r: FixtureRegion, m: FixtureMunicipality, admin: FixtureUser) {
  const subject = `Письмо региона ${r.code}`;
  await tx
    .insertInto('mail_outbox')
    .values({
      region_id: r.id,
      to_address: admin.email,
      subject,
      body_text: `Текст ${r.code}`,
      status: 'kept',
    })
    .execute();
  await tx
    .insertInto('audit_log')
    .values({ region_id: r.id, user_id: admin.id, action: 'fixture.region', details: '{}' })
    .execute();
  await tx
    .insertInto('territory_statistics')
    .values({
      region_id: r.id,
      territory_type: 'municipality',
      territory_id: m.id,
      year: 2024,
      metric: 'children_10_19',
      value: 1000,
    })
    .execute();
  await tx
    .insertInto('kpi_targets')
    .values({ region_id: r.id, indicator: 'coverage', year: 2025, target: 70 })
    .execute();
  await tx
    .insertInto('refresh_tokens')
    .values({
      user_id: admin.id,
      family_id: randomUUID(),
      token_hash: hashSecret(newSecret()),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .execute();
  return subject;
}

export async function inviteLink(tx: Tx, u: FixtureUser): Promise<string> {
  const token = newSecret();
  await tx
    .insertInto('one_time_tokens')
    .values({
      user_id: u.id,
      purpose: 'invite',
      token_hash: hashSecret(token),
      expires_at: new Date(Date.now() + 72 * 3_600_000),
    })
    .execute();
  return token;
}
