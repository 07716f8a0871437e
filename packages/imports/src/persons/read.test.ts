import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { ImportFileError } from '../errors.ts';
import { MAX_PERSON_IMPORT_ROWS } from './columns.ts';
import { readPersonFile } from './run.ts';

/* Reading a person file: the column rules of readPersonFile, without a database. */

const HEADER = 'ФИО;Дата рождения;Категория;Дата согласия;Согласие дал';

describe('readPersonFile', () => {
  it('takes one «ФИО» column for the name columns and reports the file’s own titles', async () => {
    const table = await readPersonFile(
      Buffer.from(`${HEADER};Примечание\nИванова Мария Петровна;01.02.1980;педагог;01.09.2024;сама;–\n`),
    );
    expect(table.records).toHaveLength(1);
    expect(table.records[0]!.values).toMatchObject({ fullName: 'Иванова Мария Петровна', lastName: '' });
    expect(table.present.has('lastName')).toBe(false);
    expect(table.ignored).toEqual(['Примечание']);
    expect(table.title('consentGivenBy')).toBe('Согласие дал');
  });

  it(`refuses more than ${MAX_PERSON_IMPORT_ROWS} rows`, async () => {
    const line = 'Иванов Иван;01.02.1980;педагог;01.09.2024;сам\n';
    const file = Buffer.from(HEADER + '\n' + line.repeat(MAX_PERSON_IMPORT_ROWS + 1));
    await expect(readPersonFile(file)).rejects.toMatchObject({
      code: 'import_too_many_rows',
      message: expect.stringMatching(/^В файле больше 60\s000 строк: разделите его на части$/),
    });
    await expect(readPersonFile(Buffer.from(HEADER + '\n' + line.repeat(1000)))).resolves.toBeDefined();
  });

  it('skips hidden sheets and reads the visible one', async () => {
    const wb = new ExcelJS.Workbook();
    const lists = wb.addWorksheet('Списки', { state: 'hidden' });
    lists.addRow(['ФИО', 'Дата рождения', 'Категория', 'Дата согласия', 'Согласие дал']);
    lists.addRow(['Скрытый Человек', '01.01.1990', 'педагог', '01.09.2024', 'сам']);
    const data = wb.addWorksheet('Данные');
    data.addRow(HEADER.split(';'));
    data.addRow(['Видимый Человек', '01.01.1991', 'педагог', '01.09.2024', 'сам']);
    const table = await readPersonFile(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(table.records.map((r) => r.values.fullName)).toEqual(['Видимый Человек']);
  });

  it('throws ImportFileError with a Russian message for a file of another kind', async () => {
    const err = await readPersonFile(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0])).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ImportFileError);
    expect((err as ImportFileError).message).toMatch(/старом формате Excel \(XLS\)/);
  });
});
