import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { loadConfig } from '@nastavnik/config';
import type { JobQueue } from '@nastavnik/jobs';
import { completeInn } from '@nastavnik/domain';
import { buildApp } from '../../app.ts';

/*
 * The import endpoints on a real PostgreSQL (RLS on): files are built here with exceljs
 * and iconv, sent as hand-made multipart bodies, and the database is checked directly.
 */

let db: TestDatabase;
let app: FastifyInstance;
let adminToken: string;
let curatorToken: string;
let regionId: string;
const municipality: Record<string, string> = {};
const enqueued: { name: string; payload: { mailId: string; regionId: string } }[] = [];

const inn = (n: number) => completeInn(String(770_000_000 + n));

beforeAll(async () => {
  db = await createTestDatabase();
  const recordingQueue: JobQueue = {
    mode: 'in-process',
    async enqueue(name, payload) {
      // Only letters are enqueued by these imports (the catalogue's payloads are a union).
      enqueued.push({ name, payload: payload as { mailId: string; regionId: string } });
    },
    async drain() {},
    async close() {},
  };
  app = await buildApp({
    config: loadConfig({
      ...process.env,
      JWT_SECRET: 'test',
      PERSON_KEY_SECRET: 'test',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'imports-test-')),
      PUBLIC_URL: 'https://nastavnik.test',
    }),
    db: db.app,
    jobs: recordingQueue,
  });
  await app.ready();

  const o = db.owner;
  const region = await o
    .insertInto('regions')
    .values({ name: 'Тестовая область', code: 'imports-test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  regionId = region.id;
  for (const name of ['Городской округ Ёлкино', 'Сосновский муниципальный район']) {
    const m = await o
      .insertInto('municipalities')
      .values({ region_id: regionId, name, oktmo: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    municipality[name] = m.id;
  }
  const admin = await o
    .insertInto('users')
    .values({ region_id: regionId, email: 'admin@test.ru', full_name: 'Админ Региона', role: 'region_admin' })
    .returning('id')
    .executeTakeFirstOrThrow();
  adminToken = app.signAccessToken({
    userId: admin.id,
    regionId,
    municipalityId: null,
    organisationId: null,
    role: 'region_admin',
  });

  // Another region, whose user holds an address the import must not be able to take.
  const other = await o
    .insertInto('regions')
    .values({ name: 'Соседняя область', code: 'imports-other' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await o
    .insertInto('users')
    .values({ region_id: other.id, email: 'taken@other.ru', full_name: 'Чужой Админ', role: 'region_admin' })
    .execute();
});

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

beforeEach(() => {
  enqueued.length = 0;
});

// ---- helpers ----

async function xlsx(rows: unknown[][], tweak?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Лист1');
  for (const r of rows) ws.addRow(r);
  tweak?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(fileName: string, bytes: Buffer): { headers: Record<string, string>; payload: Buffer } {
  const boundary = `----nastavnik${randomBytes(8).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([head, bytes, tail]),
  };
}

async function upload(
  kind: string,
  fileName: string,
  bytes: Buffer,
  opts: { apply?: boolean; token?: string } = {},
) {
  const body = multipart(fileName, bytes);
  const res = await app.inject({
    method: 'POST',
    url: `/api/imports/${kind}?apply=${opts.apply ?? false}`,
    headers: { ...body.headers, authorization: `Bearer ${opts.token ?? adminToken}` },
    payload: body.payload,
  });
  return { status: res.statusCode, body: res.json() };
}

const countOrganisations = async () =>
  Number(
    (
      await db.owner
        .selectFrom('organisations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const ORG_HEADER = ['Муниципалитет', 'Полное наименование', 'Краткое наименование', 'Тип', 'ИНН', 'Адрес'];

// ---- organisations ----

describe('organisations import', () => {
  const valid = () =>
    xlsx([
      // Header spelled loosely: case, asterisks, colons; an extra column is ignored.
      [
        'муниципалитет*',
        'Полное  наименование',
        'Краткое наименование',
        'ТИП:',
        'ИНН',
        'Адрес',
        'Примечание',
      ],
      [
        'городской округ елкино',
        'МБОУ «Средняя школа № 1»',
        'СОШ № 1',
        'СОШ',
        Number(inn(1)),
        'ул. Ленина, 1',
        'x',
      ],
      ['Сосновский муниципальный район', 'МБДОУ «Детский сад № 2»', '', 'детский сад', inn(2), '', ''],
      [],
      ['Городской округ Ёлкино', 'ГБПОУ «Ёлкинский колледж»', null, 'колледж', inn(3), null, null],
    ]);

  it('dry run reports counts and writes nothing; apply creates; re-apply changes nothing', async () => {
    const file = await valid();
    const dry = await upload('organisations', 'Организации.xlsx', file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({
      kind: 'organisations',
      fileName: 'Организации.xlsx',
      totalRows: 3,
      validRows: 3,
      errors: [],
      applied: false,
      created: 3,
      updated: 0,
      skipped: 0,
      ignoredColumns: ['Примечание'],
    });
    expect(await countOrganisations()).toBe(0);

    const applied = await upload('organisations', 'Организации.xlsx', file, { apply: true });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, created: 3, updated: 0, skipped: 0 });
    const rows = await db.owner
      .selectFrom('organisations')
      .select(['inn', 'kind', 'municipality_id', 'short_name', 'address', 'region_id'])
      .orderBy('inn')
      .execute();
    expect(rows).toEqual([
      {
        inn: inn(1),
        kind: 'school',
        municipality_id: municipality['Городской округ Ёлкино'],
        short_name: 'СОШ № 1',
        address: 'ул. Ленина, 1',
        region_id: regionId,
      },
      {
        inn: inn(2),
        kind: 'kindergarten',
        municipality_id: municipality['Сосновский муниципальный район'],
        short_name: null,
        address: null,
        region_id: regionId,
      },
      {
        inn: inn(3),
        kind: 'college',
        municipality_id: municipality['Городской округ Ёлкино'],
        short_name: null,
        address: null,
        region_id: regionId,
      },
    ]);
    const audit = await db.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'import.organisations')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.organisation_id).toBeNull();
    expect(audit[0]!.details).toMatchObject({ fileName: 'Организации.xlsx', created: 3, updated: 0 });

    const again = await upload('organisations', 'Организации.xlsx', file, { apply: true });
    expect(again.body).toMatchObject({ applied: true, created: 0, updated: 0, skipped: 3 });
    expect(await countOrganisations()).toBe(3);
  });

  it('updates by INN when a row differs', async () => {
    const file = await xlsx([
      ORG_HEADER,
      [
        'Сосновский муниципальный район',
        'МБОУ «Средняя школа № 1» (новое имя)',
        'СОШ № 1',
        'школа',
        inn(1),
        'ул. Ленина, 1',
      ],
      ['Городской округ Ёлкино', 'МБДОУ «Детский сад № 4»', '', 'ДОУ', inn(4), ''],
    ]);
    const res = await upload('organisations', 'update.xlsx', file, { apply: true });
    expect(res.body).toMatchObject({ applied: true, created: 1, updated: 1, skipped: 0 });
    const school = await db.owner
      .selectFrom('organisations')
      .select(['name', 'municipality_id'])
      .where('inn', '=', inn(1))
      .executeTakeFirstOrThrow();
    expect(school).toEqual({
      name: 'МБОУ «Средняя школа № 1» (новое имя)',
      municipality_id: municipality['Сосновский муниципальный район'],
    });
  });

  it('reads a windows-1251 CSV with semicolons, as Russian Excel saves it', async () => {
    const csv =
      'Муниципалитет;Полное наименование;Краткое наименование;Тип;ИНН;Адрес\r\n' +
      `Городской округ Ёлкино;"МБУ ДО ""Дом творчества; искусство""";ДДТ;ДО;${inn(10)};ул. Мира, 5\r\n` +
      `Сосновский муниципальный район;МБОУ СОШ с. Сосновка;;общеобразовательная;${inn(11)};\r\n`;
    const bytes = iconv.encode(csv, 'win1251');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const res = await upload('organisations', 'org.csv', bytes, { apply: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ errors: [], applied: true, created: 2 });
    const ddt = await db.owner
      .selectFrom('organisations')
      .select(['name', 'kind', 'address'])
      .where('inn', '=', inn(10))
      .executeTakeFirstOrThrow();
    expect(ddt).toEqual({
      name: 'МБУ ДО "Дом творчества; искусство"',
      kind: 'additional',
      address: 'ул. Мира, 5',
    });
  });

  it('reads a UTF-8 CSV with a BOM and commas', async () => {
    const csv = `\ufeffМуниципалитет,Полное наименование,Тип,ИНН\nГородской округ Ёлкино,Лицей № 7,лицей,${inn(12)}\n`;
    const res = await upload('organisations', 'org.csv', Buffer.from(csv, 'utf8'));
    expect(res.body).toMatchObject({ errors: [], totalRows: 1, created: 1, applied: false });
  });

  it('reports every broken row precisely and writes nothing, even with apply=true', async () => {
    const before = await countOrganisations();
    const badInn = inn(20).slice(0, 9) + String((Number(inn(20)[9]) + 1) % 10);
    const file = await xlsx([
      ORG_HEADER,
      ['Городской округ Ёлкино', 'Школа А', '', 'СОШ', badInn, ''],
      ['Нет такого района', 'Школа Б', '', 'СОШ', inn(21), ''],
      ['Городской округ Ёлкино', '', '', 'СОШ', inn(22), ''],
      ['Городской округ Ёлкино', 'Школа Г', '', 'СОШ', inn(23), ''],
      ['Городской округ Ёлкино', 'Школа Г (повтор)', '', 'СОШ', inn(23), ''],
      ['Городской округ Ёлкино', 'Школа Е', '', 'университет', inn(24), ''],
      ['Городской округ Ёлкино', 'Школа Ж', '', 'СОШ', 123456789, ''],
      ['Городской округ Ёлкино', 'Школа З', '', 'СОШ', inn(25), ''],
    ]);
    const expected = [
      { row: 2, column: 'ИНН', message: 'Неверный ИНН: неверная контрольная цифра ИНН' },
      { row: 3, column: 'Муниципалитет', message: 'Муниципалитет «Нет такого района» не найден' },
      { row: 4, column: 'Полное наименование', message: 'Обязательное поле не заполнено' },
      { row: 6, column: 'ИНН', message: 'Повтор ИНН в строке 5' },
      { row: 7, column: 'Тип', message: 'Неизвестный тип «университет»: укажите СОШ, ДОУ, СПО или ДО' },
      {
        row: 8,
        column: 'ИНН',
        message:
          'Неверный ИНН: ИНН организации состоит из 10 цифр. Если ИНН начинается с 0, задайте столбцу текстовый формат и введите ИНН заново',
      },
    ];
    const dry = await upload('organisations', 'broken.xlsx', file);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ totalRows: 8, validRows: 2, errorCount: 6, applied: false, created: 2 });
    expect(dry.body.errors).toEqual(expected);

    const applied = await upload('organisations', 'broken.xlsx', file, { apply: true });
    expect(applied.status).toBe(400);
    expect(applied.body.error).toEqual({
      code: 'import_has_errors',
      message: 'В файле есть ошибки, ничего не импортировано',
      fields: [],
    });
    expect(applied.body.report.errors).toEqual(expected);
    expect(applied.body.report.applied).toBe(false);
    expect(await countOrganisations()).toBe(before);
  });

  it('names the missing columns of a file with wrong headers', async () => {
    const file = await xlsx([
      ['Район', 'Полное наименование', 'Вид'],
      ['Городской округ Ёлкино', 'Школа', 'СОШ'],
    ]);
    const res = await upload('organisations', 'wrong.xlsx', file);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_bad_headers');
    expect(res.body.error.message).toContain('«Муниципалитет», «Тип», «ИНН»');
    expect(res.body.error.fields.map((f: { field: string }) => f.field)).toEqual([
      'Муниципалитет',
      'Тип',
      'ИНН',
    ]);
  });

  it('refuses files that are not spreadsheets', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    for (const bytes of [
      png,
      randomBytes(4096),
      Buffer.concat([Buffer.from('PK\x03\x04'), randomBytes(500)]),
    ]) {
      const res = await upload('organisations', 'organisations.xlsx', bytes);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('import_unreadable');
    }
    const empty = await upload('organisations', 'empty.csv', Buffer.alloc(0));
    expect(empty.body.error.code).toBe('import_empty');
    const headerOnly = await upload('organisations', 'h.csv', Buffer.from(ORG_HEADER.join(';') + '\n'));
    expect(headerOnly.body.error.code).toBe('import_empty');
  });

  it('refuses a file over 20 MiB', async () => {
    const res = await upload('organisations', 'huge.csv', Buffer.alloc(20 * 1024 * 1024 + 10, 0x41));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('import_too_large');
  });

  it('refuses more than 20 000 rows', async () => {
    const line = `Городской округ Ёлкино;Школа;;СОШ;${inn(30)};\n`;
    const csv = ORG_HEADER.join(';') + '\n' + line.repeat(20_001);
    const res = await upload('organisations', 'big.csv', Buffer.from(csv));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_too_many_rows');
  });

  it('reads merged cells, formulas, rich text and a title row above the header', async () => {
    const file = await xlsx(
      [
        ['Список организаций на 01.09.2025'],
        ORG_HEADER,
        ['Городской округ Ёлкино', 'Гимназия № 40', 'Гимназия № 40', 'СОШ', inn(40), ''],
        ['Городской округ Ёлкино', 'Школа № 41', '', '', '', ''],
        ['', 'Школа № 42', '', 'СОШ', inn(42), ''],
      ],
      (ws) => {
        ws.mergeCells('A1:F1');
        // Name merged over the short-name column: the short name stays empty.
        ws.mergeCells('B3:C3');
        ws.getCell('B3').value = {
          richText: [{ text: 'Гимназия ', font: { bold: true } }, { text: '№ 40' }],
        };
        ws.getCell('D4').value = { formula: 'D3', result: 'СОШ' };
        ws.getCell('E4').value = { formula: `TEXT(${inn(41)},"0")`, result: inn(41) };
        // A municipality merged down over two rows counts for its first row only.
        ws.mergeCells('A4:A5');
      },
    );
    const res = await upload('organisations', 'merged.xlsx', file, { apply: true });
    expect(res.status).toBe(400);
    expect(res.body.report.errors).toEqual([
      { row: 5, column: 'Муниципалитет', message: 'Обязательное поле не заполнено' },
    ]);
    expect(res.body.report).toMatchObject({ totalRows: 3, validRows: 2 });

    // Without the third row the file goes in, with the formula results as values.
    const fixed = await xlsx(
      [
        ORG_HEADER,
        ['Городской округ Ёлкино', 'Гимназия № 40', 'Гимназия № 40', 'СОШ', inn(40), ''],
        ['Городской округ Ёлкино', 'Школа № 41', '', '', '', ''],
      ],
      (ws) => {
        ws.mergeCells('B2:C2');
        ws.getCell('D3').value = { formula: 'D2', result: 'СОШ' };
        ws.getCell('E3').value = { formula: `TEXT(${inn(41)},"0")`, result: inn(41) };
      },
    );
    const ok = await upload('organisations', 'merged.xlsx', fixed, { apply: true });
    expect(ok.body).toMatchObject({ errors: [], applied: true, created: 2 });
    const rows = await db.owner
      .selectFrom('organisations')
      .select(['inn', 'name', 'short_name', 'kind'])
      .where('inn', 'in', [inn(40), inn(41)])
      .orderBy('inn')
      .execute();
    expect(rows).toEqual([
      { inn: inn(40), name: 'Гимназия № 40', short_name: null, kind: 'school' },
      { inn: inn(41), name: 'Школа № 41', short_name: null, kind: 'school' },
    ]);
  });
});

// ---- curators ----

describe('curators import', () => {
  const CUR_HEADER = ['ФИО', 'E-mail', 'Роль', 'ИНН организации'];

  it('creates invited users and queues invitations only when applied', async () => {
    const school = await db.owner
      .selectFrom('organisations')
      .select(['id', 'municipality_id'])
      .where('inn', '=', inn(1))
      .executeTakeFirstOrThrow();
    await db.owner
      .insertInto('users')
      .values({
        region_id: regionId,
        email: 'known@school1.ru',
        full_name: 'Известная Ольга Ивановна',
        role: 'curator',
        organisation_id: school.id,
        municipality_id: school.municipality_id,
      })
      .execute();
    const file = await xlsx(
      [
        CUR_HEADER,
        ['Петрова Анна Сергеевна', 'Petrova@School1.ru', 'куратор', inn(1)],
        ['Сидоров Иван Петрович', '', 'Руководитель', inn(2)],
        ['Известная Ольга Ивановна', 'known@school1.ru', 'Куратор', inn(1)],
      ],
      (ws) => {
        ws.getCell('B3').value = { text: 'sidorov@sad2.ru', hyperlink: 'mailto:sidorov@sad2.ru' };
      },
    );

    const dry = await upload('curators', 'Кураторы.xlsx', file);
    expect(dry.body).toMatchObject({ errors: [], applied: false, created: 2, skipped: 1 });
    const newEmails = ['petrova@school1.ru', 'sidorov@sad2.ru'];
    expect(await db.owner.selectFrom('users').select('id').where('email', 'in', newEmails).execute()).toEqual(
      [],
    );
    expect(await db.owner.selectFrom('mail_outbox').select('id').execute()).toEqual([]);
    expect(enqueued).toEqual([]);

    const applied = await upload('curators', 'Кураторы.xlsx', file, { apply: true });
    expect(applied.status).toBe(200);
    expect(applied.body).toMatchObject({ applied: true, created: 2, updated: 0, skipped: 1 });
    const users = await db.owner
      .selectFrom('users')
      .select(['email', 'full_name', 'role', 'status', 'organisation_id', 'municipality_id'])
      .where('email', 'in', newEmails)
      .orderBy('email')
      .execute();
    expect(users).toEqual([
      {
        email: 'petrova@school1.ru',
        full_name: 'Петрова Анна Сергеевна',
        role: 'curator',
        status: 'invited',
        organisation_id: school.id,
        municipality_id: school.municipality_id,
      },
      expect.objectContaining({ email: 'sidorov@sad2.ru', role: 'head', status: 'invited' }),
    ]);
    const mail = await db.owner.selectFrom('mail_outbox').select(['id', 'to_address', 'body_text']).execute();
    expect(mail.map((m) => m.to_address).sort()).toEqual(newEmails);
    expect(mail[0]!.body_text).toContain('https://nastavnik.test/link/');
    expect(enqueued.map((j) => j.payload.mailId).sort()).toEqual(mail.map((m) => m.id).sort());
    expect(enqueued.every((j) => j.name === 'mail.send' && j.payload.regionId === regionId)).toBe(true);
    const audit = await db.owner
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'import.curators')
      .execute();
    expect(audit).toHaveLength(1);

    const again = await upload('curators', 'Кураторы.xlsx', file, { apply: true });
    expect(again.body).toMatchObject({ applied: true, created: 0, skipped: 3 });
    expect(enqueued).toHaveLength(2);
  });

  it('finds an organisation by the INN the directory holds, even one with a wrong check digit', async () => {
    const legacy = await db.owner
      .insertInto('organisations')
      .values({
        region_id: regionId,
        municipality_id: municipality['Городской округ Ёлкино']!,
        name: 'Школа со старым ИНН',
        kind: 'school',
        inn: '3900000019',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const file = await xlsx([
      CUR_HEADER,
      ['Старая Вера Павловна', 'vera@legacy.ru', 'куратор', '3900 000 019'],
    ]);
    const res = await upload('curators', 'legacy.xlsx', file, { apply: true });
    expect(res.body).toMatchObject({ errors: [], applied: true, created: 1 });
    const user = await db.owner
      .selectFrom('users')
      .select('organisation_id')
      .where('email', '=', 'vera@legacy.ru')
      .executeTakeFirstOrThrow();
    expect(user.organisation_id).toBe(legacy.id);
    enqueued.length = 0;
  });

  it('reports addresses in use, here or in another region, and bad cells; writes nothing', async () => {
    const usersBefore = await db.owner.selectFrom('users').select('id').execute();
    const file = await xlsx([
      CUR_HEADER,
      ['Новый Человек', 'new@school1.ru', 'куратор', inn(1)],
      ['Кто-то Другой', 'petrova@school1.ru', 'куратор', inn(1)],
      ['Чужой Адрес', 'taken@other.ru', 'куратор', inn(1)],
      ['Без Почты', 'не почта', 'куратор', inn(1)],
      ['Повтор Почты', 'new@school1.ru', 'руководитель', inn(2)],
      ['Нет Организации', 'x@school9.ru', 'куратор', inn(99)],
      ['Странная Роль', 'y@school1.ru', 'завуч', inn(1)],
    ]);
    const applied = await upload('curators', 'bad.xlsx', file, { apply: true });
    expect(applied.status).toBe(400);
    expect(applied.body.error.code).toBe('import_has_errors');
    expect(applied.body.report.errors).toEqual([
      { row: 3, column: 'E-mail', message: 'Адрес уже используется' },
      { row: 4, column: 'E-mail', message: 'Адрес уже используется' },
      { row: 5, column: 'E-mail', message: 'Неверный адрес электронной почты: «не почта»' },
      { row: 6, column: 'E-mail', message: 'Повтор e-mail в строке 2' },
      { row: 7, column: 'ИНН организации', message: `Организация с ИНН ${inn(99)} не найдена в регионе` },
      { row: 8, column: 'Роль', message: 'Неизвестная роль «завуч»: укажите «куратор» или «руководитель»' },
    ]);

    // The address of another region is invisible here: only the (rolled back) insert finds it.
    const otherRegion = await xlsx([CUR_HEADER, ['Чужой Адрес', 'TAKEN@other.ru', 'куратор', inn(1)]]);
    const dry = await upload('curators', 'other.xlsx', otherRegion);
    expect(dry.body.errors).toEqual([{ row: 2, column: 'E-mail', message: 'Адрес уже используется' }]);
    expect(dry.body).toMatchObject({ validRows: 0, created: 0 });
    const apply = await upload('curators', 'other.xlsx', otherRegion, { apply: true });
    expect(apply.status).toBe(400);

    expect(await db.owner.selectFrom('users').select('id').execute()).toHaveLength(usersBefore.length);
    expect(enqueued).toEqual([]);
  });
});

// ---- templates and access ----

describe('templates and access', () => {
  it('serves an XLSX template that the importer accepts back', async () => {
    for (const kind of ['organisations', 'curators'] as const) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/imports/${kind}/template`,
        headers: { authorization: `Bearer ${adminToken}` },
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml.sheet');
      const disposition = String(res.headers['content-disposition']);
      expect(disposition).toMatch(/^attachment; filename="[a-z-]+\.xlsx"; filename\*=UTF-8''%D0%A8/);
      const name = decodeURIComponent(disposition.split("UTF-8''")[1]!);
      expect(name).toBe(
        kind === 'organisations' ? 'Шаблон импорта организаций.xlsx' : 'Шаблон импорта кураторов.xlsx',
      );

      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
      const [data, reference] = wb.worksheets;
      expect(reference!.name).toBe('Справочник');
      expect(data!.getCell('A1').font?.bold).toBe(true);
      expect(data!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(data!.getColumn(1).width).toBeGreaterThan(10);
      const referenceValues = reference!.getSheetValues().flat().map(String);
      if (kind === 'organisations') {
        expect(data!.getRow(1).values).toEqual([undefined, ...ORG_HEADER]);
        expect(referenceValues).toEqual(
          expect.arrayContaining(['СОШ', 'ДОУ', 'СПО', 'ДО', 'Городской округ Ёлкино']),
        );
      } else {
        expect(referenceValues).toEqual(expect.arrayContaining(['куратор', 'руководитель', inn(1)]));
      }

      // The example row is valid as it stands (dry run: nothing is written).
      const back = await upload(kind, name, res.rawPayload);
      expect(back.status).toBe(200);
      expect(back.body).toMatchObject({ errors: [], totalRows: 1, validRows: 1, applied: false });
    }
  });

  it('is for the region admin only', async () => {
    const school = await db.owner
      .selectFrom('organisations')
      .select(['id', 'municipality_id'])
      .executeTakeFirstOrThrow();
    const curator = await db.owner
      .insertInto('users')
      .values({
        region_id: regionId,
        email: 'curator-access@test.ru',
        full_name: 'Куратор Доступа',
        role: 'curator',
        organisation_id: school.id,
        municipality_id: school.municipality_id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    curatorToken = app.signAccessToken({
      userId: curator.id,
      regionId,
      municipalityId: school.municipality_id,
      organisationId: school.id,
      role: 'curator',
    });
    const file = await xlsx([ORG_HEADER, ['Городской округ Ёлкино', 'Школа', '', 'СОШ', inn(50), '']]);
    const post = await upload('organisations', 'o.xlsx', file, { apply: true, token: curatorToken });
    expect(post.status).toBe(403);
    const template = await app.inject({
      method: 'GET',
      url: '/api/imports/curators/template',
      headers: { authorization: `Bearer ${curatorToken}` },
    });
    expect(template.statusCode).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/api/imports/curators/template' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('asks for a file when there is none, and rejects an unknown kind', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/imports/organisations',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('import_no_file');
    const unknown = await upload('pupils', 'p.xlsx', await xlsx([['x']]));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('validation_failed');
  });
});
