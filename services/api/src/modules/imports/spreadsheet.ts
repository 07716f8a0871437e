import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import { AppError } from '../../lib/errors.ts';
import { cleanCell } from './text.ts';

/** One sheet as plain text: `cells[i]` is column i+1; `number` is the row number the user sees. */
export interface SheetRow {
  number: number;
  cells: string[];
}
export interface SheetTable {
  name: string;
  rows: SheetRow[];
}
export interface Spreadsheet {
  format: 'xlsx' | 'csv';
  sheets: SheetTable[];
}

export const unreadable = (message: string) => new AppError(400, 'import_unreadable', message);

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads an uploaded file by its content, not its name: XLSX is a ZIP package, anything
 * else must be text to be a CSV. Throws import_empty / import_unreadable with a message
 * that tells the user what to do.
 */
export async function readSpreadsheet(bytes: Buffer): Promise<Spreadsheet> {
  if (bytes.length === 0) throw new AppError(400, 'import_empty', 'Файл пуст');
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC)) return { format: 'xlsx', sheets: await readXlsx(bytes) };
  if (bytes.subarray(0, 8).equals(OLE2_MAGIC)) {
    throw unreadable(
      'Файл в старом формате Excel (XLS) или защищён паролем. Сохраните его как «Книга Excel (XLSX)» или CSV',
    );
  }
  return { format: 'csv', sheets: [readCsv(bytes)] };
}

async function readXlsx(bytes: Buffer): Promise<SheetTable[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    throw unreadable('Не удалось прочитать файл: это не таблица Excel (XLSX) или файл повреждён');
  }
  const sheets: SheetTable[] = [];
  for (const ws of workbook.worksheets) {
    // Hidden sheets hold lookup lists and helper formulas, never the data to import.
    if (ws.state !== 'visible') continue;
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        // exceljs gives every cell of a merged range the top-left value; only the
        // top-left cell really holds it, the others are empty in the user's eyes.
        if (cell.isMerged && cell.master.address !== cell.address) return;
        cells[col - 1] = cellText(cell.value, cell.numFmt);
      });
      rows.push({ number, cells: Array.from(cells, (c) => c ?? '') });
    });
    sheets.push({ name: ws.name, rows });
  }
  if (sheets.length === 0) throw unreadable('В книге Excel нет ни одного видимого листа');
  return sheets;
}

/** Any XLSX cell value as the trimmed text the user sees. */
export function cellText(value: unknown, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return cleanCell(value);
  if (typeof value === 'number') return numberText(value, numFmt);
  if (typeof value === 'boolean') return value ? 'да' : 'нет';
  if (value instanceof Date) return dateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return cleanCell((v.richText as { text?: string }[]).map((r) => r.text ?? '').join(''));
    }
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt);
    if ('hyperlink' in v) {
      const text = cellText(v.text);
      return text || cleanCell(String(v.hyperlink ?? '').replace(/^mailto:/i, ''));
    }
    if ('error' in v) return String(v.error);
  }
  return cleanCell(String(value));
}

function numberText(n: number, numFmt?: string): string {
  if (!Number.isFinite(n)) return '';
  // A number formatted as «0000000000» is how Excel users keep an INN's leading zero.
  if (Number.isInteger(n) && n >= 0 && numFmt && /^0+$/.test(numFmt)) {
    return String(n).padStart(numFmt.length, '0');
  }
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? BigInt(n).toString() : String(n);
  return String(n);
}

/** Dates as Russians write them; exceljs hands out dates in UTC. */
function dateText(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/**
 * Russian Excel saves «CSV (разделители — запятые)» in windows-1251 with semicolons;
 * «CSV UTF-8» has a BOM. Bytes that are not valid UTF-8 are taken as windows-1251.
 */
export function decodeText(bytes: Buffer): string {
  const body = bytes.subarray(0, 3).equals(UTF8_BOM) ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return iconv.decode(body, 'win1251');
  }
}

function readCsv(bytes: Buffer): SheetTable {
  const text = decodeText(bytes);
  // Text files have no control characters besides tabs and line breaks; images and
  // archives have plenty, and a NUL is never text.
  const controls = countControlCharacters(text);
  if (text.includes('\u0000') || controls > Math.max(2, text.length / 1000)) {
    throw unreadable('Файл не похож на таблицу: загрузите XLSX или CSV');
  }
  const parsed = Papa.parse<string[]>(text, {
    skipEmptyLines: false,
    delimitersToGuess: [';', ',', '\t', '|'],
  });
  const rows: SheetRow[] = [];
  parsed.data.forEach((record, i) => {
    const cells = record.map((c) => cleanCell(c ?? ''));
    if (cells.some((c) => c !== '')) rows.push({ number: i + 1, cells });
  });
  return { name: 'CSV', rows };
}

/** Control characters other than tab, line feed, form feed and carriage return. */
export function countControlCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) n++;
  }
  return n;
}
