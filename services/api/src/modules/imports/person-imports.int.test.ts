import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import {
  countsOf,
  importsApi,
  MENTEE_HEADER,
  menteeRow,
  snilsOf,
  xlsxOf,
} from './person-imports.test-support.ts';

/*
 * Person imports end to end on a real PostgreSQL (RLS on): files built here with exceljs
 * and iconv go through POST /api/person-imports, the dry-run and apply jobs run on the
 * in-process queue, and the database is checked directly.
 */

let t: TestApp;
let api: ReturnType<typeof importsApi>;
let org: string;

beforeAll(async () => {
  t = await createTestApp();
  api = importsApi(t);
  org = t.fixtures.organisations.A1school.id;
});
afterAll(async () => {
  await t?.close();
});

describe('a valid 1,000-row mentee base', () => {
  it('dry run reports 1000 to create and writes nothing; apply writes 1000 persons with consents', async () => {
    const before = await countsOf(t, org);
    const rows = Array.from({ length: 1000 }, (_, i) => menteeRow(i));
    const checked = await api.check('mentees', 'наставляемые.xlsx', await xlsxOf([MENTEE_HEADER, ...rows]));
    expect(checked).toMatchObject({ status: 'done', mode: 'dry_run', phase: 'done', totalRows: 1000 });
    expect(checked.processedRows).toBe(1000);
    expect(checked.report).toMatchObject({
      totalRows: 1000,
      validRows: 1000,
      errors: [],
      errorCount: 0,
      duplicateCount: 0,
      created: 1000,
      updated: 0,
      applied: false,
    });
    expect(await countsOf(t, org)).toEqual(before);

    const done = await api.applied(checked.id);
    expect(done).toMatchObject({ status: 'done', mode: 'apply', error: null, fileAvailable: false });
    expect(done.report).toMatchObject({ applied: true, created: 1000, errorCount: 0 });
    expect(await countsOf(t, org)).toEqual({
      persons: before.persons + 1000,
      consents: before.consents + 1000,
    });
    const person = await t.db.owner
      .selectFrom('persons')
      .selectAll()
      .where('organisation_id', '=', org)
      .where('snils', '=', snilsOf(7))
      .executeTakeFirstOrThrow();
    expect(person).toMatchObject({
      last_name: 'МихайловЮ7',
      first_name: 'Глеб',
      birth_date: '2013-08-08',
      birth_year: 2013,
      category: 'student',
      class_name: '6А',
      in_mentee_base: true,
      in_mentor_base: false,
    });
    expect(person.person_key).toMatch(/^[\w-]{43}$/);
    const consent = await t.db.owner
      .selectFrom('consents')
      .selectAll()
      .where('person_id', '=', person.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({
      given_by: 'representative',
      representative_name: 'МихайловЮ7а Ольга Игоревна',
      representative_relation: 'мать',
      given_at: '2024-09-01',
      created_by: t.fixtures.users.aCurator.id,
    });
    // The upload is gone once applied; the dry run cannot be applied a second time.
    const uploads = await t.db.owner
      .selectFrom('stored_files')
      .select('id')
      .where('organisation_id', '=', org)
      .where('purpose', '=', 'import_upload')
      .execute();
    expect(uploads).toEqual([]);
    const again = await api.apply(checked.id);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('import_file_gone');
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .select(['action', 'user_id', 'details'])
      .where('organisation_id', '=', org)
      .where('action', 'like', 'persons.import%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'persons.import.upload',
      'persons.import.apply',
      'persons.import',
    ]);
    expect(audit[2]).toMatchObject({ user_id: t.fixtures.users.aCurator.id, details: { created: 1000 } });
  });
});

describe('broken rows', () => {
  it('reports each problem by row, column and message, and writes nothing', async () => {
    const before = await countsOf(t, org);
    const ok = (i: number) => menteeRow(i, 'Б');
    const rows = [
      MENTEE_HEADER,
      ok(1),
      [
        'Петров',
        'Иван',
        '',
        '31.02.2011',
        'ученик',
        '',
        '',
        '',
        '01.09.2024',
        'законный представитель',
        'Петрова А. А.',
        'мать',
      ],
      [
        'Сидоров',
        'Глеб',
        '',
        '01.03.2011',
        'космонавт',
        '',
        '',
        '',
        '01.09.2024',
        'законный представитель',
        'Сидорова А. А.',
        'мать',
      ],
      ['', 'Олег', '', '', 'обучающийся', '', '', '', '01.09.2024', 'сам', '', ''],
      ['Орлов', 'Денис', '', '05.05.2012', 'обучающийся', '', '', '', '', '', '', ''],
      ['Зайцев', 'Марк', '', '05.05.2012', 'обучающийся', '', '', '', '01.09.2024', 'сам', '', ''],
      [
        'Лебедев',
        'Егор',
        '',
        '05.05.2012',
        'обучающийся',
        '',
        '123-456-789 00',
        'Мечта',
        '01.09.2024',
        'законный представитель',
        '',
        '',
      ],
      ok(1),
    ];
    const checked = await api.check('mentees', 'broken.xlsx', await xlsxOf(rows));
    expect(checked.status).toBe('done');
    expect(checked.report!.errors).toEqual([
      { row: 3, column: 'Дата рождения', message: 'Такой даты нет в календаре: «31.02.2011»' },
      {
        row: 4,
        column: 'Категория',
        message: expect.stringMatching(
          /^Неизвестная категория «космонавт»: укажите одно из значений: обучающийся, педагог/,
        ),
      },
      { row: 5, column: 'Фамилия', message: 'Обязательное поле не заполнено' },
      { row: 5, column: 'Дата рождения', message: 'Для обучающегося дата рождения обязательна' },
      {
        row: 6,
        column: 'Дата согласия',
        message: 'Нет согласия на обработку персональных данных: укажите дату согласия',
      },
      {
        row: 6,
        column: 'Согласие дал',
        message: expect.stringContaining('«сам» или «законный представитель»'),
      },
      {
        row: 7,
        column: 'Согласие дал',
        message: 'Участнику нет 18 лет на дату согласия: согласие даёт законный представитель',
      },
      { row: 8, column: 'СНИЛС', message: 'Неверное контрольное число СНИЛС: «123-456-789 00»' },
      {
        row: 8,
        column: 'Запрос',
        message: expect.stringMatching(
          /^Запроса «Мечта» нет в каталоге\. Допустимые значения: «Низкая успеваемость»/,
        ),
      },
      { row: 8, column: 'ФИО представителя', message: 'Укажите ФИО законного представителя' },
      { row: 8, column: 'Кем приходится', message: expect.stringContaining('мать, отец, опекун') },
      { row: 9, column: 'Фамилия', message: 'Повтор строки 2: те же ФИО и дата рождения' },
      { row: 9, column: 'СНИЛС', message: 'Повтор строки 2: тот же СНИЛС' },
    ]);
    expect(checked.report).toMatchObject({ totalRows: 8, validRows: 1, errorCount: 13 });
    const refused = await api.apply(checked.id, { onDuplicate: 'merge' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.code).toBe('import_has_errors');
    expect(await countsOf(t, org)).toEqual(before);
  });

  it('reports values the consent version does not cover, and bad e-mail, in their own cells', async () => {
    const header = [
      'ФИО',
      'Дата рождения',
      'Категория',
      'E-mail',
      'СНИЛС',
      'Дата согласия',
      'Согласие дал',
      'Версия согласия',
    ];
    const checked = await api.check(
      'mentors',
      'coverage.xlsx',
      await xlsxOf([
        header,
        [
          'Морозова Анна Петровна',
          '10.10.1980',
          'педагог',
          'anna@mail.ru',
          snilsOf(5001),
          '01.09.2024',
          'сама',
          'min-2023',
        ],
        ['Волков Пётр', '10.10.1981', 'учитель', 'не адрес', '', '01.09.2024', 'сам', 'v1-2020'],
        ['Белов Ян', '10.10.1982', 'учитель', '', '', '01.09.2024', 'сам', 'v9'],
      ]),
    );
    const covered = 'Согласие на обработку персональных данных не распространяется на эти сведения';
    expect(checked.report!.errors).toEqual([
      { row: 2, column: 'E-mail', message: expect.stringContaining(`${covered} («Контактные данные`) },
      { row: 2, column: 'СНИЛС', message: expect.stringContaining(`${covered} («СНИЛС»)`) },
      { row: 3, column: 'E-mail', message: 'Неверный адрес электронной почты: «не адрес»' },
      {
        row: 4,
        column: 'Версия согласия',
        message: expect.stringContaining('Версия согласия «v9» не найдена'),
      },
    ]);
  });
});

describe('many errors', () => {
  it('counts every error and lists the first 1000', async () => {
    const header = 'Фамилия;Имя;Дата рождения;Категория;Дата согласия;Согласие дал';
    const lines = Array.from({ length: 1500 }, (_, i) => `Безсогласия${i};Иван;01.02.1980;педагог;;сам`);
    const checked = await api.check('mentors', 'no-consent.csv', Buffer.from([header, ...lines].join('\n')));
    expect(checked.report).toMatchObject({ errorCount: 1500, validRows: 0, totalRows: 1500 });
    expect(checked.report!.errors).toHaveLength(1000);
    expect(checked.report!.errors[999]).toEqual({
      row: 1001,
      column: 'Дата согласия',
      message: 'Нет согласия на обработку персональных данных: укажите дату согласия',
    });
  });
});

describe('files that cannot be imported', () => {
  const failedWith = async (name: string, bytes: Buffer) => {
    const before = await countsOf(t, org);
    const job = await api.check('mentees', name, bytes);
    expect(job.status).toBe('failed');
    expect(await countsOf(t, org)).toEqual(before);
    return job;
  };

  it('names the missing columns of a file with wrong headers', async () => {
    const job = await failedWith(
      'wrong.xlsx',
      await xlsxOf([
        ['Ф.И.', 'Возраст', 'Класс'],
        ['Иванов Иван', '12', '6А'],
      ]),
    );
    expect(job.error).toBe(
      'В файле нет столбцов: «Фамилия», «Имя», «Дата рождения», «Категория», «Дата согласия», «Согласие дал». ' +
        'Первая строка таблицы должна содержать заголовки, как в шаблоне',
    );
  });

  it('refuses a file that is not a spreadsheet, in Russian', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    const job = await failedWith('photo.xlsx', png);
    expect(job.error).toBe('Файл не похож на таблицу: загрузите XLSX или CSV');
    const zipJunk = await failedWith(
      'broken.xlsx',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(300, 7)]),
    );
    expect(zipJunk.error).toMatch(/^Не удалось прочитать файл/);
    const empty = await api.upload('mentees', 'empty.csv', Buffer.alloc(0));
    expect(empty.statusCode).toBe(202);
    await t.jobs.drain();
    expect(await api.get(empty.json().id)).toMatchObject({ status: 'failed', error: 'Файл пуст' });
  });
});

describe('spreadsheets as people make them', () => {
  it('reads a windows-1251 CSV with semicolons (Russian Excel)', async () => {
    const lines = [
      MENTEE_HEADER.join(';'),
      'Ёлкина;Дарья;Олеговна;03.04.2012;ученица;6Б;;Адаптация в коллективе;1.9.2024;представитель;Ёлкина Ольга;мать',
      'Щукин;Фёдор;;2011-12-24;Обучающийся;7А;;;01.09.2024;родитель;Щукина Анна;мама',
    ];
    const csv = iconv.encode(lines.join('\r\n') + '\r\n', 'win1251');
    const checked = await api.check('mentees', 'база.csv', csv);
    expect(checked.report).toMatchObject({ errors: [], created: 2 });
    expect((await api.applied(checked.id)).status).toBe('done');
    const rows = await t.db.owner
      .selectFrom('persons')
      .select(['last_name', 'first_name', 'birth_date', 'category'])
      .where('organisation_id', '=', org)
      .where('last_name', 'in', ['Ёлкина', 'Щукин'])
      .orderBy('last_name')
      .execute();
    expect(rows).toEqual([
      { last_name: 'Ёлкина', first_name: 'Дарья', birth_date: '2012-04-03', category: 'student' },
      { last_name: 'Щукин', first_name: 'Фёдор', birth_date: '2011-12-24', category: 'student' },
    ]);
  });

  it('reads merged cells, formulas, Excel serial dates and a title row above the header', async () => {
    const file = await xlsxOf(
      [
        ['База наставляемых МБОУ «Школа № 1» на 01.09.2024'],
        MENTEE_HEADER,
        menteeRow(1, 'Ф'),
        menteeRow(2, 'Ф'),
        menteeRow(3, 'Ф'),
      ],
      (ws) => {
        ws.mergeCells('A1:L1');
        // Category written by a formula; the birth date as a bare serial number.
        ws.getCell('E4').value = { formula: 'E3', result: 'обучающийся' };
        ws.getCell('D4').value = 40422;
        ws.getCell('D4').numFmt = 'General';
        // The consent date merged down over the last two rows counts for the first only.
        ws.mergeCells('I4:I5');
      },
    );
    const checked = await api.check('mentees', 'merged.xlsx', file);
    expect(checked.report!.errors).toEqual([
      {
        row: 5,
        column: 'Дата согласия',
        message: 'Нет согласия на обработку персональных данных: укажите дату согласия',
      },
    ]);
    expect(checked.report).toMatchObject({ totalRows: 3, validRows: 2 });
  });
});
