import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { snilsControl } from '@nastavnik/domain';
import { bearer, type TestApp } from '../../../../../tests/support/harness.ts';
import { multipartFile } from '../../../../../tests/support/multipart.ts';

/* Shared pieces of the person import integration tests (not a test file itself). */

export const MENTEE_HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Категория',
  'Класс / группа',
  'СНИЛС',
  'Запрос',
  'Дата согласия',
  'Согласие дал',
  'ФИО представителя',
  'Кем приходится',
];

const SURNAMES = ['Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов'];
const NAMES = ['Артём', 'Иван', 'Максим', 'Лев', 'Марк', 'Егор', 'Тимур', 'Глеб', 'Фёдор', 'Степан'];

/** A valid SNILS from a number (stems above 001-001-998 get a real control number). */
export function snilsOf(n: number): string {
  const stem = String(100_000_000 + n).padStart(9, '0');
  return `${stem.slice(0, 3)}-${stem.slice(3, 6)}-${stem.slice(6)} ${snilsControl(stem)}`;
}

/** Mentee number i: a pupil born 2010–2013 whose mother consented on 01.09.2024. */
export function menteeRow(i: number, tag = 'Ю'): unknown[] {
  const surname = `${SURNAMES[i % SURNAMES.length]}${tag}${i}`;
  const birth = new Date(Date.UTC(2010 + (i % 4), i % 12, 1 + (i % 28)));
  return [
    surname,
    NAMES[i % NAMES.length],
    'Сергеевич',
    birth,
    'обучающийся',
    `${5 + (i % 6)}А`,
    snilsOf(i),
    'Низкая успеваемость',
    new Date(Date.UTC(2024, 8, 1)),
    'законный представитель',
    `${surname}а Ольга Игоревна`,
    'мать',
  ];
}

export async function xlsxOf(rows: unknown[][], tweak?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Наставляемые');
  for (const r of rows) ws.addRow(r);
  ws.getColumn(4).numFmt = 'dd.mm.yyyy';
  ws.getColumn(9).numFmt = 'dd.mm.yyyy';
  tweak?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface ImportView {
  id: string;
  status: string;
  mode: string;
  phase: string | null;
  processedRows: number;
  totalRows: number | null;
  error: string | null;
  fileAvailable: boolean;
  report: {
    totalRows: number;
    validRows: number;
    errors: { row: number; column: string; message: string }[];
    errorCount: number;
    duplicates: {
      row: number;
      personId: string;
      existingName: string;
      matchedBy: string;
      changes: { column: string; from: string; to: string }[];
    }[];
    duplicateCount: number;
    created: number;
    updated: number;
    unchanged: number;
    skipped: number;
    applied: boolean;
    ignoredColumns: string[];
  } | null;
}

export function importsApi(t: TestApp, token = t.tokenFor('curator')) {
  const get = async (id: string): Promise<ImportView> => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/person-imports/${id}`,
      headers: bearer(token),
    });
    if (res.statusCode !== 200) throw new Error(`GET import ${id}: ${res.statusCode} ${res.body}`);
    return res.json();
  };
  return {
    upload(base: string, fileName: string, bytes: Buffer, as = token): Promise<LightMyRequestResponse> {
      const form = multipartFile('file', fileName, bytes, 'application/octet-stream');
      return t.app.inject({
        method: 'POST',
        url: `/api/person-imports?base=${base}`,
        headers: { ...bearer(as), ...form.headers },
        payload: form.payload,
      });
    },
    get,
    /** Uploads, lets the dry-run job finish, and returns the job as the API shows it. */
    async check(base: string, fileName: string, bytes: Buffer): Promise<ImportView> {
      const res = await this.upload(base, fileName, bytes);
      if (res.statusCode !== 202) throw new Error(`upload: ${res.statusCode} ${res.body}`);
      await t.jobs.drain();
      return get(res.json().id);
    },
    apply(id: string, body: Record<string, unknown> = {}, as = token) {
      return t.app.inject({
        method: 'POST',
        url: `/api/person-imports/${id}/apply`,
        headers: bearer(as),
        payload: body,
      });
    },
    /** Applies a checked import and returns the apply job once it has finished. */
    async applied(id: string, body: Record<string, unknown> = {}): Promise<ImportView> {
      const res = await this.apply(id, body);
      if (res.statusCode !== 202) throw new Error(`apply: ${res.statusCode} ${res.body}`);
      await t.jobs.drain();
      return get(res.json().id);
    },
  };
}

/** Persons and consents of an organisation, straight from the database (owner connection). */
export async function countsOf(t: TestApp, organisationId: string) {
  const count = async (table: 'persons' | 'consents') =>
    Number(
      (
        await t.db.owner
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('organisation_id', '=', organisationId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { persons: await count('persons'), consents: await count('consents') };
}
