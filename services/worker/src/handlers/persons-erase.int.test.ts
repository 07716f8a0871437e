import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { createInProcessQueue } from '@nastavnik/jobs';
import { renderErasureActPdf, type ErasureActData } from '@nastavnik/reports';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { createHandlers } from '../handlers.ts';
import { erasePerson, type ErasePayload } from './persons-erase.job.ts';
import { tenantBuilder, todayInMoscow } from './persons.test-support.ts';

/*
 * The 'persons.erase' job on real PostgreSQL, as the confined app role: what is destroyed,
 * what is kept, the act, the audit entry, idempotence, and all-or-nothing.
 */

let db: TestDatabase;
let fx: Fixtures;
const today = todayInMoscow();

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db.drop();
});

const mail = { from: 'test@nastavnik.local' };

function payload(personId: string, over: Partial<ErasePayload> = {}): ErasePayload {
  return {
    personId,
    organisationId: fx.organisations.A1school.id,
    regionId: fx.regions.A.id,
    reason: 'withdrawal',
    date: today,
    requestedBy: fx.users.aCurator.id,
    ...over,
  };
}

/** Rows (as text) of every table holding the person's data that contain `needle`. */
async function traces(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const t of [
    'persons',
    'consents',
    'questionnaires',
    'questionnaire_links',
    'survey_responses',
    'audit_log',
  ]) {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(t)} x WHERE x::text ILIKE ${`%${needle}%`}`.execute(
      db.owner,
    );
    if (rows[0]!.n > 0) found.push(t);
  }
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM stored_files
     WHERE purpose <> 'erasure_act'
       AND (file_name ILIKE ${`%${needle}%`} OR position(convert_to(${needle}, 'UTF8') IN bytes) > 0)`.execute(
    db.owner,
  );
  if (rows[0]!.n > 0) found.push('stored_files');
  return found;
}

/** Everything erasure may touch, for comparing before and after. */
async function snapshot(personId: string) {
  const o = db.owner;
  return {
    person: await o.selectFrom('persons').selectAll().where('id', '=', personId).executeTakeFirst(),
    consents: await o
      .selectFrom('consents')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute(),
    questionnaires: await o
      .selectFrom('questionnaires')
      .selectAll()
      .where('person_id', '=', personId)
      .execute(),
    links: await o.selectFrom('questionnaire_links').selectAll().where('person_id', '=', personId).execute(),
    surveys: await o.selectFrom('survey_responses').selectAll().where('person_id', '=', personId).execute(),
    members: await o
      .selectFrom('pair_members')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('id')
      .execute(),
    files: await o.selectFrom('stored_files').select(['id', 'purpose', 'size']).orderBy('id').execute(),
    audit: await o.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
  };
}

describe('persons.erase job', () => {
  it('destroys the personal data, keeps what the indicators need, stores the act and audits it', async () => {
    const A1 = fx.tenantData.A1school;
    const [teacherId, pupilId] = A1.personIds as [string, string];
    const b = tenantBuilder(db.owner, A1.organisationId);
    await db.owner
      .updateTable('persons')
      .set({ phone: '+7 900 111-22-33', class_name: '7Б', interests: 'Шахматы и робототехника' })
      .where('id', '=', pupilId)
      .execute();
    await b.consent(pupilId, '2024-09-01', { name: 'Ученикова Мария Ивановна', relation: 'мать' });
    const strings = [
      ...A1.personStrings,
      'Ученикова Мария',
      '900 111-22-33',
      'Шахматы',
      'Отзыв A1S',
      'Мотивация A1S',
    ];
    for (const s of strings) expect(await traces(s), s).not.toEqual([]);
    const before = await snapshot(pupilId);

    const acts: ErasureActData[] = [];
    const renderErasureAct = (data: ErasureActData) => {
      acts.push(data);
      return renderErasureActPdf(data);
    };
    const queue = createInProcessQueue(createHandlers({ db: db.app, mail, renderErasureAct }));
    await queue.enqueue('persons.erase', payload(pupilId));
    await queue.drain();
    const teacher = await erasePerson(db.app, payload(teacherId, { reason: 'request' }), {
      renderAct: renderErasureAct,
    });
    expect(teacher.status).toBe('erased');
    // The act names the subject (read before the name was destroyed) and who requested it.
    expect(acts[0]).toMatchObject({
      organisation: { fullName: fx.organisations.A1school.name, inn: fx.organisations.A1school.inn },
      actNumber: `У-${today.slice(0, 4)}-1`,
      subjectFullName: 'Учеников-A1S Иван Тестович',
      reason: 'withdrawal',
      performedBy: { fullName: fx.users.aCurator.fullName, position: 'куратор' },
    });
    expect(acts[1]).toMatchObject({ subjectFullName: 'Наставников-A1S Пётр Тестович', reason: 'request' });

    const after = await snapshot(pupilId);
    const p = after.person!;
    for (const column of [
      'last_name',
      'first_name',
      'middle_name',
      'birth_date',
      'email',
      'phone',
      'snils',
      'class_name',
      'interests',
    ] as const)
      expect(p[column], column).toBeNull();
    // Kept: identifies nobody, and the indicators need it.
    const kept = [
      'person_key',
      'birth_year',
      'category',
      'career_start_year',
      'enterprise_id',
      'in_mentee_base',
    ];
    for (const column of kept)
      expect(p[column as keyof typeof p], column).toEqual(before.person![column as keyof typeof p]);
    expect(p.birth_year).toBe(2010);
    expect(p.erased_at).not.toBeNull();
    expect(p.erasure_reason).toBe('withdrawal');

    for (const c of after.consents) {
      expect(c.withdrawn_at).toBe(today);
      expect(c.representative_name).toBeNull();
      expect(c.representative_relation).toBeNull();
    }
    expect(after.links).toEqual([]);
    expect(after.surveys.map((s) => [s.answers, s.overall_score, s.role])).toEqual([[{}, 9, 'mentee']]);
    expect(after.surveys[0]!.submitted_at).toEqual(before.surveys[0]!.submitted_at);
    // The open participation (pair since 2024-09-15) ends today.
    expect(after.members.map((m) => m.end_date)).toEqual([today]);

    // The teacher's consent scan and questionnaire are gone too.
    expect(
      await db.owner.selectFrom('stored_files').select('id').where('id', '=', A1.fileId).execute(),
    ).toEqual([]);
    expect(
      await db.owner.selectFrom('questionnaires').select('id').where('person_id', '=', teacherId).execute(),
    ).toEqual([]);
    // No trace of any name, contact, SNILS or answer, except inside the acts.
    for (const s of strings) expect(await traces(s), s).toEqual([]);

    const act = await db.owner
      .selectFrom('stored_files')
      .selectAll()
      .where('id', '=', p.erasure_act_file_id!)
      .executeTakeFirstOrThrow();
    expect(act.purpose).toBe('erasure_act');
    expect(act.organisation_id).toBe(A1.organisationId);
    expect(act.bytes.subarray(0, 4).toString()).toBe('%PDF');
    expect(act.size).toBe(act.bytes.length);
    expect(act.file_name).toBe(`Акт уничтожения ПДн У-${today.slice(0, 4)}-1.pdf`);
    expect(teacher).toMatchObject({ actNumber: `У-${today.slice(0, 4)}-2` });

    const audit = await db.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'persons.erase')
      .where('entity_id', '=', pupilId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      region_id: fx.regions.A.id,
      organisation_id: A1.organisationId,
      user_id: fx.users.aCurator.id,
      entity: 'person',
    });
    expect(audit[0]!.details).toMatchObject({ reason: 'withdrawal', date: today, actFileId: act.id });

    // Running the job again changes nothing.
    const settled = await snapshot(pupilId);
    await queue.enqueue('persons.erase', payload(pupilId));
    await queue.drain();
    expect(await erasePerson(db.app, payload(pupilId))).toEqual({ status: 'skipped', why: 'already_erased' });
    expect(await snapshot(pupilId)).toEqual(settled);
    await queue.close();
  });

  it('is all or nothing: a failure after the first updates leaves everything untouched', async () => {
    const A2 = fx.tenantData.A2school;
    const personId = A2.personIds[1]!;
    const job = payload(personId, { organisationId: A2.organisationId, requestedBy: fx.users.a2Curator.id });
    const before = await snapshot(personId);

    // The audit entry is written last: a trigger refusing it fails the job after every update.
    await sql
      .raw(
        `CREATE FUNCTION refuse_erasure_audit() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN RAISE EXCEPTION 'simulated crash'; END $$;
         CREATE TRIGGER refuse_erasure_audit BEFORE INSERT ON audit_log FOR EACH ROW
           WHEN (NEW.action = 'persons.erase') EXECUTE FUNCTION refuse_erasure_audit();`,
      )
      .execute(db.owner);
    await expect(erasePerson(db.app, job)).rejects.toThrow(/simulated crash/);
    expect(await snapshot(personId)).toEqual(before);
    await sql.raw('DROP TRIGGER refuse_erasure_audit ON audit_log').execute(db.owner);

    // A failing act renderer: nothing is written either.
    const failing = async () => {
      throw new Error('renderer down');
    };
    await expect(erasePerson(db.app, job, { renderAct: failing })).rejects.toThrow('renderer down');
    expect(await snapshot(personId)).toEqual(before);
    for (const s of A2.personStrings.slice(3)) expect(await traces(s)).not.toEqual([]);

    // Once the cause is gone, the retry erases.
    expect((await erasePerson(db.app, job)).status).toBe('erased');
    for (const s of A2.personStrings.slice(3)) expect(await traces(s), s).toEqual([]);
  });

  it('cannot reach a person of another organisation (RLS)', async () => {
    const B1 = fx.tenantData.B1school;
    const personId = B1.personIds[0]!;
    const before = await snapshot(personId);
    // The job names organisation A1 but the person is B1's: invisible in that scope.
    expect(await erasePerson(db.app, payload(personId))).toEqual({ status: 'skipped', why: 'not_found' });
    expect(
      await erasePerson(
        db.app,
        payload(personId, { organisationId: B1.organisationId, regionId: fx.regions.A.id }),
      ),
    ).toEqual({ status: 'skipped', why: 'not_found' });
    expect(await snapshot(personId)).toEqual(before);
  });
});
