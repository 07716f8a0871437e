import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { completeInn } from '@nastavnik/domain';
import { createRedisQueue, startRedisWorker } from '@nastavnik/jobs';
import { createHandlers } from '../handlers.ts';

/*
 * The persons.import job on its own: through BullMQ on the real Redis (own key prefix),
 * idempotent on a second delivery, and all or nothing when the apply transaction fails
 * half-way (a trigger made to fail here after the persons are inserted).
 */

let db: TestDatabase;
let regionId: string;
let organisationId: string;
let userId: string;
const SECRET = 'import-test-key';

beforeAll(async () => {
  db = await createTestDatabase();
  const o = db.owner;
  regionId = (
    await o
      .insertInto('regions')
      .values({ name: 'Область', code: 'imp' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  const m = await o
    .insertInto('municipalities')
    .values({ region_id: regionId, name: 'Округ', oktmo: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  organisationId = (
    await o
      .insertInto('organisations')
      .values({
        region_id: regionId,
        municipality_id: m.id,
        name: 'МБОУ Школа',
        kind: 'school',
        inn: completeInn('390000111'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  userId = (
    await o
      .insertInto('users')
      .values({
        region_id: regionId,
        organisation_id: organisationId,
        municipality_id: m.id,
        email: 'k@imp.test',
        full_name: 'Куратор',
        role: 'curator',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});

afterAll(async () => {
  await db?.drop();
});

const HEADER =
  'Фамилия;Имя;Дата рождения;Категория;Дата согласия;Согласие дал;ФИО представителя;Кем приходится';
const csvOf = (rows: string[]) => Buffer.from([HEADER, ...rows].join('\n'), 'utf8');
const pupil = (i: number, representative = `Мама ${i}`) =>
  `Учеников${i};Иван;01.02.2012;ученик;01.09.2024;законный представитель;${representative};мать`;

/** An upload as the API records it: the file and a queued job. */
async function queuedImport(bytes: Buffer, mode: 'dry_run' | 'apply' = 'dry_run', fileId?: string) {
  const file =
    fileId ??
    (
      await db.owner
        .insertInto('stored_files')
        .values({
          organisation_id: organisationId,
          purpose: 'import_upload',
          file_name: 'база.csv',
          mime: 'text/csv',
          size: bytes.length,
          bytes,
          created_by: userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const row = await db.owner
    .insertInto('person_imports')
    .values({
      organisation_id: organisationId,
      base: 'mentees',
      file_name: 'база.csv',
      file_id: file,
      mode,
      created_by: userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { importId: row.id, fileId: file, organisationId, regionId };
}

const jobOf = (id: string) =>
  db.owner.selectFrom('person_imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const personCount = async () =>
  Number(
    (
      await db.owner
        .selectFrom('persons')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('organisation_id', '=', organisationId)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('persons.import job', () => {
  it('runs a dry run and an apply through BullMQ on the real Redis', async () => {
    const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `nastavnik-test-${randomBytes(4).toString('hex')}`;
    const handlers = createHandlers({ db: db.app, mail: { from: 'x@test.local' }, personKeySecret: SECRET });
    const producer = createRedisQueue(redisUrl, prefix);
    const worker = startRedisWorker(redisUrl, prefix, handlers);
    const waitDone = async (id: string) => {
      const deadline = Date.now() + 15_000;
      while (!['done', 'failed'].includes((await jobOf(id)).status) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      return jobOf(id);
    };
    try {
      const dry = await queuedImport(csvOf([pupil(1), pupil(2), pupil(3)]));
      await producer.enqueue('persons.import', dry);
      const checked = await waitDone(dry.importId);
      expect(checked).toMatchObject({ status: 'done', phase: 'done', total_rows: 3, processed_rows: 3 });
      expect(checked.report).toMatchObject({ created: 3, errorCount: 0, applied: false });
      expect(await personCount()).toBe(0);

      const apply = await queuedImport(Buffer.alloc(0), 'apply', dry.fileId);
      await producer.enqueue('persons.import', apply);
      const applied = await waitDone(apply.importId);
      expect(applied).toMatchObject({ status: 'done', error: null, file_id: null });
      expect(applied.report).toMatchObject({ applied: true, created: 3 });
      expect(await personCount()).toBe(3);
      const audit = await db.owner
        .selectFrom('audit_log')
        .select(['user_id', 'entity_id', 'details'])
        .where('action', '=', 'persons.import')
        .executeTakeFirstOrThrow();
      expect(audit).toMatchObject({ user_id: userId, entity_id: apply.importId, details: { created: 3 } });
    } finally {
      await worker.close();
      await producer.close();
    }
  });

  it('does nothing on a second delivery of the same job', async () => {
    const handler = createHandlers({ db: db.app, mail: { from: 'x@test.local' }, personKeySecret: SECRET })[
      'persons.import'
    ];
    const dry = await queuedImport(csvOf([pupil(10)]));
    await handler(dry);
    const first = await jobOf(dry.importId);
    await handler(dry);
    expect(await jobOf(dry.importId)).toEqual(first);
  });

  it('writes nothing when the apply transaction fails half-way', async () => {
    // Consents are inserted after the persons: failing there proves the persons roll back too.
    await sql`
      CREATE FUNCTION fail_on_saboteur() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.representative_name = 'Саботаж' THEN RAISE EXCEPTION 'sabotage'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER fail_on_saboteur BEFORE INSERT ON consents
        FOR EACH ROW EXECUTE FUNCTION fail_on_saboteur();`.execute(db.owner);
    const handler = createHandlers({ db: db.app, mail: { from: 'x@test.local' }, personKeySecret: SECRET })[
      'persons.import'
    ];
    const before = await personCount();
    const rows = [pupil(20), pupil(21), pupil(22, 'Саботаж')];
    const dry = await queuedImport(csvOf(rows));
    await handler(dry);
    const apply = await queuedImport(Buffer.alloc(0), 'apply', dry.fileId);
    await expect(handler(apply)).rejects.toThrow(/sabotage/);
    const failed = await jobOf(apply.importId);
    expect(failed).toMatchObject({ status: 'failed', file_id: dry.fileId });
    expect(failed.error).toMatch(
      /^Не удалось выполнить импорт из-за внутренней ошибки: ничего не импортировано/,
    );
    expect(await personCount()).toBe(before);
    await sql`DROP TRIGGER fail_on_saboteur ON consents; DROP FUNCTION fail_on_saboteur();`.execute(db.owner);
  });
});
