import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { countsOf, importsApi, snilsOf, xlsxOf } from './person-imports.test-support.ts';

/*
 * Person imports against an organisation's existing base: duplicates (reported, merged or
 * skipped, never doubled), the export → import round trip, the template, the history and
 * who may do what. Runs in A1-kindergarten, which the fixtures leave without persons.
 */

let t: TestApp;
let api: ReturnType<typeof importsApi>;
let org: string;
let curatorToken: string;

const MENTOR_HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Категория',
  'СНИЛС',
  'Телефон',
  'ИНН предприятия',
  'Компетенции',
  'Возраст наставляемых',
  'Ресурс времени, ч в месяц',
  'Дата согласия',
  'Согласие дал',
];
const consent = ['01.09.2024', 'сам'];
const teacherA = (phone = '+7 900 111-11-11') => [
  'Андреева',
  'Анна',
  'Андреевна',
  '12.03.1980',
  'педагог',
  snilsOf(9001),
  phone,
  '',
  'математика',
  '10–14',
  4,
  ...consent,
];
const teacherB = [
  'Борисов',
  'Борис',
  'Борисович',
  '02.02.1975',
  'учитель',
  '',
  '',
  '',
  'физика',
  'от 12 до 16',
  6,
  ...consent,
];

beforeAll(async () => {
  t = await createTestApp();
  const fx = t.fixtures;
  org = fx.organisations.A1kindergarten.id;
  curatorToken = t.app.signAccessToken({
    userId: fx.users.aInvited.id,
    regionId: fx.regions.A.id,
    municipalityId: fx.municipalities.A1.id,
    organisationId: org,
    role: 'curator',
  });
  api = importsApi(t, curatorToken);
});
afterAll(async () => {
  await t?.close();
});

const enterpriseRow = (last: string, first: string) => [
  last,
  first,
  '',
  '07.07.1970',
  'работодатель',
  snilsOf(9003),
  '',
  t.fixtures.enterprises.A.inn,
  'сварка',
  '15',
  '2 ч',
  ...consent,
];

describe('duplicates against the base', () => {
  it('are reported with what would change, need a choice, and are skipped or merged', async () => {
    const first = await api.check(
      'mentors',
      'mentors.xlsx',
      await xlsxOf([MENTOR_HEADER, teacherA(), teacherB, enterpriseRow('Цветков', 'Олег')]),
    );
    expect(first.report).toMatchObject({ errors: [], created: 3 });
    await api.applied(first.id);
    const before = await countsOf(t, org);
    expect(before).toEqual({ persons: 3, consents: 3 });

    const second = [
      MENTOR_HEADER,
      teacherA('+7 900 222-22-22'),
      teacherB,
      ['Денисова', 'Дарья', '', '01.01.1990', 'выпускник', '', '', '', '', '', '', ...consent],
      enterpriseRow('Цветкова', 'Ольга'),
    ];
    const checked = await api.check('mentors', 'mentors-2.xlsx', await xlsxOf(second));
    expect(checked.report).toMatchObject({
      errorCount: 0,
      created: 1,
      unchanged: 1,
      duplicateCount: 2,
      updated: 2,
    });
    expect(checked.report!.duplicates).toEqual([
      {
        row: 2,
        personId: expect.any(String),
        existingName: 'Андреева Анна Андреевна',
        matchedBy: 'name_birth_date',
        changes: [{ column: 'Телефон', from: '+79001111111', to: '+79002222222' }],
      },
      {
        row: 5,
        personId: expect.any(String),
        existingName: 'Цветков Олег',
        matchedBy: 'snils',
        changes: [
          { column: 'Фамилия', from: 'Цветков', to: 'Цветкова' },
          { column: 'Имя', from: 'Олег', to: 'Ольга' },
        ],
      },
    ]);

    const noChoice = await api.apply(checked.id);
    expect(noChoice.statusCode).toBe(400);
    expect(noChoice.json().error).toMatchObject({ code: 'import_duplicates_need_choice' });
    expect(noChoice.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['onDuplicate']);

    const skipped = await api.applied(checked.id, { onDuplicate: 'skip' });
    expect(skipped.report).toMatchObject({ applied: true, created: 1, updated: 0, skipped: 2, unchanged: 1 });
    expect(await countsOf(t, org)).toEqual({ persons: 4, consents: 4 });
    const phoneOf = async (last: string) =>
      (await t.db.owner
        .selectFrom('persons')
        .select(['phone', 'person_key', 'first_name'])
        .where('organisation_id', '=', org)
        .where('last_name', '=', last)
        .executeTakeFirst()) ?? null;
    expect((await phoneOf('Андреева'))!.phone).toBe('+79001111111');
    const keyBefore = (await phoneOf('Цветков'))!.person_key;

    const again = await api.check('mentors', 'mentors-2.xlsx', await xlsxOf(second));
    expect(again.report).toMatchObject({ created: 0, unchanged: 2, duplicateCount: 2 });
    const merged = await api.applied(again.id, { onDuplicate: 'merge' });
    expect(merged.report).toMatchObject({ applied: true, created: 0, updated: 2, skipped: 0 });
    expect(await countsOf(t, org)).toEqual({ persons: 4, consents: 4 });
    expect((await phoneOf('Андреева'))!.phone).toBe('+79002222222');
    expect(await phoneOf('Цветков')).toBeNull();
    const renamed = (await phoneOf('Цветкова'))!;
    expect(renamed.first_name).toBe('Ольга');
    expect(renamed.person_key).not.toBe(keyBefore);
  });

  it('puts a mentor into the mentee base and adds a new consent on merge', async () => {
    const row = [...teacherA('+7 900 222-22-22')];
    row.splice(11, 2, '15.01.2025', 'сам');
    const checked = await api.check('mentees', 'mentees.xlsx', await xlsxOf([MENTOR_HEADER, row]));
    expect(checked.report!.duplicates[0]!.changes).toEqual([
      { column: 'База наставляемых', from: 'нет', to: 'добавить' },
      {
        column: 'Согласие',
        from: expect.stringMatching(/^от 01\.09\.2024, сам/),
        to: expect.stringMatching(/^добавить согласие от 15\.01\.2025, сам/),
      },
    ]);
    await api.applied(checked.id, { onDuplicate: 'merge' });
    const person = await t.db.owner
      .selectFrom('persons')
      .select(['id', 'in_mentor_base', 'in_mentee_base'])
      .where('organisation_id', '=', org)
      .where('last_name', '=', 'Андреева')
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({ in_mentor_base: true, in_mentee_base: true });
    const consents = await t.db.owner
      .selectFrom('consents')
      .select('given_at')
      .where('person_id', '=', person.id)
      .orderBy('given_at')
      .execute();
    expect(consents.map((c) => c.given_at)).toEqual(['2024-09-01', '2025-01-15']);
  });
});

describe('export and template', () => {
  const download = (url: string, token = curatorToken) =>
    t.app.inject({ method: 'GET', url, headers: bearer(token) });
  const snapshot = async () => {
    const { rows } = await sql<{ digest: string }>`
      SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest FROM (
        SELECT p::text AS x FROM persons p WHERE organisation_id = ${org}
        UNION ALL SELECT c::text FROM consents c WHERE organisation_id = ${org}) s`.execute(t.db.owner);
    return rows[0]!.digest;
  };

  it('round trip: an exported base imports back with nothing to change', async () => {
    for (const base of ['mentors', 'mentees'] as const) {
      const res = await download(`/api/persons/export?base=${base}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-disposition']).toContain(`${base}-`);
      const before = await snapshot();
      const checked = await api.check(base, 'export.xlsx', res.rawPayload);
      expect(checked.report).toMatchObject({ errors: [], created: 0, updated: 0, duplicateCount: 0 });
      expect(checked.report!.unchanged).toBe(base === 'mentors' ? 4 : 1);
      const applied = await api.applied(checked.id, { onDuplicate: 'merge' });
      expect(applied.report).toMatchObject({ applied: true, created: 0, updated: 0 });
      expect(await snapshot()).toBe(before);
    }
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .select('details')
      .where('organisation_id', '=', org)
      .where('action', '=', 'persons.export')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { base: 'mentors', count: 4 },
      { base: 'mentees', count: 1 },
    ]);
  });

  it('exports dates as date cells, categories as words and the enterprise by INN and name', async () => {
    const res = await download('/api/persons/export?base=mentors');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = book.worksheets[0]!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header).toContain('Дата согласия');
    const row = ws.getRow((ws.getColumn(1).values as unknown[]).findIndex((v) => v === 'Цветкова'));
    const cell = (title: string) => row.getCell(header.indexOf(title) + 1).value;
    expect(cell('Дата рождения')).toEqual(new Date('1970-07-07T00:00:00Z'));
    expect(cell('Категория')).toBe('сотрудник предприятия');
    expect(cell('ИНН предприятия')).toBe(t.fixtures.enterprises.A.inn);
    expect(cell('Предприятие')).toBe(t.fixtures.enterprises.A.name);
    expect(cell('Возраст наставляемых')).toBe('15');
    expect(cell('Согласие дал')).toBe('сам');
  });

  it('serves templates whose example row imports cleanly', async () => {
    for (const base of ['mentors', 'mentees'] as const) {
      const res = await download(`/api/person-imports/template?base=${base}`, t.tokenFor('head'));
      expect(res.statusCode).toBe(200);
      const checked = await api.check(base, 'template.xlsx', res.rawPayload);
      expect(checked.report).toMatchObject({ errors: [], totalRows: 1, ignoredColumns: [] });
    }
  });
});

describe('history, lifetime of uploads and access', () => {
  it('lists the jobs with their counts, newest first', async () => {
    const list = (query: string) =>
      t.app.inject({ method: 'GET', url: `/api/person-imports?${query}`, headers: bearer(curatorToken) });
    const short = await list('base=mentors&pageSize=3');
    expect(short.statusCode).toBe(200);
    expect(short.json().items).toHaveLength(3);
    const page = (await list('base=mentors&pageSize=100')).json();
    expect(page.total).toBe(page.items.length);
    expect(page.items.every((i: { base: string }) => i.base === 'mentors')).toBe(true);
    const times = page.items.map((i: { createdAt: string }) => i.createdAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(page.items).toContainEqual(
      expect.objectContaining({
        mode: 'apply',
        status: 'done',
        created: 3,
        errorCount: 0,
        fileName: 'mentors.xlsx',
      }),
    );
    // The fixture's import of another organisation is not in the list.
    expect(page.items.map((i: { id: string }) => i.id)).not.toContain(
      t.fixtures.tenantData.A1school.personImportId,
    );
  });

  it('deletes uploads nobody applied after 24 hours, on the next upload', async () => {
    const old = await api.check('mentees', 'old.xlsx', await xlsxOf([MENTOR_HEADER, teacherB]));
    await t.db.owner
      .updateTable('stored_files')
      .set({ created_at: sql`now() - interval '25 hours'` } as never)
      .where('organisation_id', '=', org)
      .where('purpose', '=', 'import_upload')
      .execute();
    await api.upload('mentees', 'new.xlsx', await xlsxOf([MENTOR_HEADER, teacherB]));
    await t.jobs.drain();
    expect((await api.get(old.id)).fileAvailable).toBe(false);
    const res = await api.apply(old.id, { onDuplicate: 'skip' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('import_file_gone');
  });

  it('lets the head read but not import; a check still running cannot be applied', async () => {
    const head = t.tokenFor('head');
    const file = await xlsxOf([MENTOR_HEADER, teacherB]);
    expect((await api.upload('mentors', 'x.xlsx', file, head)).statusCode).toBe(403);
    const queued = await t.db.owner
      .insertInto('person_imports')
      .values({
        organisation_id: t.fixtures.organisations.A1school.id,
        base: 'mentors',
        file_name: 'q.xlsx',
        mode: 'dry_run',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await api.apply(queued.id, {}, head)).statusCode).toBe(403);
    const running = await api.apply(queued.id, {}, t.tokenFor('curator'));
    expect(running.statusCode).toBe(409);
    expect(running.json().error.code).toBe('import_not_checked');
    // Another organisation's curator sees nothing of it.
    const other = await api.apply(queued.id, {}, curatorToken);
    expect(other.statusCode).toBe(404);
  });
});
