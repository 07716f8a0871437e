import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { StatisticMetric } from '@nastavnik/db';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { multipartFile } from '../../../../../tests/support/multipart.ts';

/*
 * Statistics from a file on a real PostgreSQL: territories by name or ОКТМО, a dry run
 * that writes nothing, all-or-nothing apply, row errors (unknown territory, bad number,
 * duplicate row, year out of range, another region's municipality) with row, column and
 * a Russian message, and the template that comes back as a valid import file.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // A2 has an ОКТМО (with a leading zero, as regions 01–09 have).
  await t.db.owner
    .updateTable('municipalities')
    .set({ oktmo: '01602000' })
    .where('id', '=', t.fixtures.municipalities.A2.id)
    .execute();
});
afterAll(async () => {
  await t?.close();
});

const HEADER = 'Территория;Год;Дети 10–19;Дети 15–19;Молодые специалисты;Предприятия';

function upload(
  content: string | Buffer,
  apply: boolean,
  fileName = 'stat.csv',
  role = 'region_admin' as const,
) {
  const form = multipartFile('file', fileName, content);
  return t.app.inject({
    method: 'POST',
    url: `/api/statistics/import?apply=${apply}`,
    headers: { ...bearer(t.tokenFor(role)), ...form.headers },
    payload: form.payload,
  });
}

const rows = () =>
  t.db.owner
    .selectFrom('territory_statistics')
    .select(['territory_type', 'territory_id', 'year', 'metric', 'value', 'updated_at'])
    .orderBy('territory_id')
    .orderBy('year')
    .orderBy('metric')
    .execute();
const valueOf = async (territoryId: string, year: number, metric: StatisticMetric) =>
  (
    await t.db.owner
      .selectFrom('territory_statistics')
      .select('value')
      .where('territory_id', '=', territoryId)
      .where('year', '=', year)
      .where('metric', '=', metric)
      .executeTakeFirst()
  )?.value ?? null;

describe('POST /api/statistics/import', () => {
  it('checks without writing, then applies by name and by ОКТМО', async () => {
    const fx = t.fixtures;
    const csv = [
      HEADER,
      `${fx.regions.A.name};2024;52 000;24000;310;450`,
      // Case, ё/е and spacing do not matter; an empty cell or a dash leaves the figure alone.
      `  округ альфа-первый ;2024;1000;480;;—`,
      // ОКТМО typed as a number in Excel loses its leading zero.
      `1602000;2024;900;430;21;35`,
    ].join('\n');
    const before = await rows();
    const dry = await upload(csv, false);
    expect(dry.statusCode).toBe(200);
    expect(dry.json()).toMatchObject({
      totalRows: 3,
      validRows: 3,
      errorCount: 0,
      applied: false,
      // A1's children_10_19 = 1000 is already there (the fixtures): skipped.
      created: 4 + 1 + 4,
      updated: 0,
      skipped: 1,
    });
    expect(await rows()).toEqual(before);

    const applied = await upload(csv, true);
    expect(applied.statusCode).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, created: 9, skipped: 1 });
    expect(await valueOf(fx.regions.A.id, 2024, 'children_10_19')).toBe(52000);
    expect(await valueOf(fx.municipalities.A1.id, 2024, 'children_15_19')).toBe(480);
    expect(await valueOf(fx.municipalities.A1.id, 2024, 'enterprises')).toBeNull();
    expect(await valueOf(fx.municipalities.A2.id, 2024, 'young_teachers')).toBe(21);

    const [entry] = await t.db.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'statistics.import')
      .execute();
    expect(entry).toMatchObject({ organisation_id: null, user_id: fx.users.aRegionAdmin.id });
    expect(entry!.details).toMatchObject({ fileName: 'stat.csv', created: 9, updated: 0, skipped: 1 });

    // The same file again changes nothing; a changed figure is an update.
    const again = await upload(csv.replace('52 000', '53000'), true);
    expect(again.json()).toMatchObject({ created: 0, updated: 1, skipped: 9 });
    expect(await valueOf(fx.regions.A.id, 2024, 'children_10_19')).toBe(53000);
  });

  it('reports every row error with row, column and message, and writes nothing', async () => {
    const fx = t.fixtures;
    const csv = [
      HEADER,
      `Несуществующий район;2025;10;5;1;1`, // row 2: unknown territory
      `${fx.municipalities.A1.name};2025;12,5;abc;-3;1`, // row 3: three bad numbers
      `${fx.municipalities.A2.name};2025;100;50;5;5`, // row 4: fine
      `${fx.municipalities.A2.name};2025;100;50;5;5`, // row 5: duplicate of row 4
      `${fx.municipalities.B1.name};2025;100;50;5;5`, // row 6: region B's municipality
      `${fx.regions.A.name};2019;100;50;5;5`, // row 7: year out of range
      `${fx.regions.A.name};;100;50;5;5`, // row 8: no year
    ].join('\n');
    const before = await rows();
    for (const apply of [false, true]) {
      const res = await upload(csv, apply);
      expect(res.statusCode).toBe(apply ? 400 : 200);
      const report = apply ? res.json().report : res.json();
      if (apply) expect(res.json().error.code).toBe('import_has_errors');
      expect(report).toMatchObject({ totalRows: 7, validRows: 1, applied: false });
      expect(report.errors).toEqual([
        {
          row: 2,
          column: 'Территория',
          message: expect.stringMatching(/^Территория «Несуществующий район» не найдена/),
        },
        { row: 3, column: 'Дети 10–19', message: expect.stringMatching(/целое неотрицательное число.*12,5/) },
        { row: 3, column: 'Дети 15–19', message: expect.stringMatching(/«abc»/) },
        { row: 3, column: 'Молодые специалисты', message: expect.stringMatching(/«-3»/) },
        {
          row: 5,
          column: 'Территория',
          message: 'Территория и год уже были в строке 4: оставьте одну строку',
        },
        { row: 6, column: 'Территория', message: expect.stringMatching(/не найдена/) },
        { row: 7, column: 'Год', message: expect.stringMatching(/от 2020 до 2030/) },
        { row: 8, column: 'Год', message: 'Обязательное поле не заполнено' },
      ]);
      expect(report.errorCount).toBe(8);
    }
    expect(await rows()).toEqual(before);
    // Another region's municipality reads exactly like one that does not exist.
    const foreign = await upload(`${HEADER}\n${fx.municipalities.B1.name};2025;1;1;1;1`, false);
    const missing = await upload(`${HEADER}\nОкруг Гамма;2025;1;1;1;1`, false);
    expect(foreign.json().errors[0].message.replace(fx.municipalities.B1.name, 'X')).toBe(
      missing.json().errors[0].message.replace('Округ Гамма', 'X'),
    );
  });

  it('refuses a file without territory, year or any metric column', async () => {
    const noMetric = await upload('Территория;Год;Примечание\nРегион;2024;x', false);
    expect(noMetric.statusCode).toBe(400);
    expect(noMetric.json().error).toMatchObject({ code: 'import_bad_headers' });
    expect(noMetric.json().error.message).toMatch(/ни одного столбца показателя/);
    const noYear = await upload('Территория;Дети 10–19\nРегион;5', false);
    expect(noYear.statusCode).toBe(400);
    expect(noYear.json().error.message).toMatch(/«Год»/);
    const curator = await upload(`${HEADER}\nРегион;2024;1;1;1;1`, false, 'x.csv', 'curator' as never);
    expect(curator.statusCode).toBe(403);
  });

  it('gives a template of the region that imports back as it is', async () => {
    const fx = t.fixtures;
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/statistics/template?year=2024',
      headers: bearer(t.tokenFor('region_admin')),
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('statistics-2024.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('Статистика')!;
    const names = sheet.getColumn(1).values.slice(2).map(String);
    expect(names).toEqual([fx.regions.A.name, fx.municipalities.A2.name, fx.municipalities.A1.name]);
    expect(JSON.stringify(sheet.getSheetValues())).not.toContain(fx.municipalities.B1.name);

    // Fill one gap and upload the workbook back.
    sheet.getRow(4).getCell(6).value = 77;
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    const back = await upload(bytes, true, 'Статистика 2024.xlsx');
    expect(back.statusCode).toBe(200);
    expect(back.json()).toMatchObject({ errorCount: 0, applied: true, created: 1, updated: 0 });
    expect(await valueOf(fx.municipalities.A1.id, 2024, 'enterprises')).toBe(77);
  });
});
