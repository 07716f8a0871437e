import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { PERSON_CATEGORIES, REPRESENTATIVE_RELATIONS } from '@nastavnik/domain';
import { baseColumns, type PersonBase, type PersonColumn } from './columns.ts';
import type { ImportReferences } from './context.ts';
import { cellOf, versionText, type StoredConsent, type StoredPerson } from './display.ts';
import { LAYOUT, type ListName } from './layout.ts';
import { GIVEN_BY_LABELS } from './parse.ts';

/*
 * The XLSX of a base: the template (headers, notes on them, one example row, drop-down
 * lists from the «Справочник» sheet) and the export (the same layout with the base's
 * people), so an exported file imports back unchanged. Written with exceljs's streaming
 * writer: rows go out as they are added, and 50,000 people never sit in a workbook model.
 */

export interface SheetPerson {
  person: StoredPerson;
  /** The consent in force (the latest given). */
  consent: StoredConsent | null;
}

export const SHEET_TITLES: Record<PersonBase, string> = { mentors: 'Наставники', mentees: 'Наставляемые' };
const REFERENCE = 'Справочник';
/**
 * Rows of the data sheet that get the drop-down lists: room to add people below the data,
 * bounded because exceljs (and some other readers) expand a range into one entry per cell.
 */
const listRows = (people: number) => Math.min(Math.max(1000, people + 500), 20_000);

/** The workbook of one base: with `people` the export, without them the template. */
export async function writePersonsWorkbook(
  base: PersonBase,
  refs: ImportReferences,
  people: readonly SheetPerson[] | null,
): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'Наставник';
  const columns = baseColumns(base);
  const lists = referenceLists(base, refs);
  const rows = people;
  const lastRow = listRows(rows?.length ?? 0) + 1;
  const ws = workbook.addWorksheet(SHEET_TITLES[base], { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({
    header: c.header,
    width: LAYOUT[c.key].width,
    style: styleOf(c),
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  columns.forEach((c, i) => (header.getCell(i + 1).note = LAYOUT[c.key].note));
  header.commit();
  columns.forEach((c, i) => {
    const list = LAYOUT[c.key].list;
    const range = list ? lists.ranges.get(list) : undefined;
    if (!range) return;
    const letter = ws.getColumn(i + 1).letter;
    // The streaming sheet has the same dataValidations as a regular one (absent from the typings).
    (
      ws as unknown as { dataValidations: { add(address: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
      type: 'list',
      allowBlank: true,
      formulae: [range],
      showErrorMessage: true,
      // A warning, not a stop: free text (another relation, a word the importer knows) stays possible.
      errorStyle: 'warning',
      errorTitle: c.header,
      error: 'Значения нет в справочнике',
    });
  });
  if (rows) {
    for (const p of rows) ws.addRow(columns.map((c) => exportCell(c, p, refs))).commit();
  } else {
    ws.addRow(columns.map((c) => exampleCell(c, base))).commit();
  }
  ws.commit();
  writeReference(workbook, lists.columns);
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

function styleOf(c: PersonColumn): Partial<ExcelJS.Style> {
  const kind = LAYOUT[c.key].kind;
  // Text format keeps leading zeros (INN, SNILS, phone) when someone types them in.
  if (kind === 'code') return { numFmt: '@' };
  if (kind === 'date') return { numFmt: 'dd.mm.yyyy' };
  return {};
}

/** A calendar date as a date cell (exceljs writes dates in UTC). */
const dateCell = (iso: string | null | undefined) => (iso ? new Date(`${iso}T00:00:00Z`) : null);

function exportCell(c: PersonColumn, p: SheetPerson, refs: ImportReferences): ExcelJS.CellValue {
  if (c.key === 'birthDate') return dateCell(p.person.birth_date);
  if (c.key === 'consentDate') return dateCell(p.consent?.given_at);
  return cellOf(c.key, p.person, p.consent, refs);
}

function exampleCell(c: PersonColumn, base: PersonBase): ExcelJS.CellValue {
  const { example, kind } = LAYOUT[c.key];
  const value = typeof example === 'function' ? example(base) : example;
  if (kind === 'date' && typeof value === 'string') {
    const [d, m, y] = value.split('.');
    return dateCell(`${y}-${m}-${d}`);
  }
  return value;
}

interface ReferenceColumn {
  header: string;
  width: number;
  values: string[];
}

/** The «Справочник» columns this base needs, and the range each drop-down list reads. */
function referenceLists(base: PersonBase, refs: ImportReferences) {
  const columns: ReferenceColumn[] = [
    { header: 'Категория', width: 32, values: Object.values(PERSON_CATEGORIES) },
    { header: 'Согласие дал', width: 24, values: Object.values(GIVEN_BY_LABELS) },
    { header: 'Кем приходится', width: 22, values: [...REPRESENTATIVE_RELATIONS] },
    { header: 'Версия согласия', width: 60, values: refs.versions.map((v) => versionText(refs, v.id)) },
    { header: 'Код версии', width: 14, values: refs.versions.map((v) => v.code) },
  ];
  const names: (ListName | null)[] = ['category', 'givenBy', 'relation', 'version', null];
  if (base === 'mentees') {
    columns.push({ header: 'Запрос', width: 48, values: refs.requests.map((r) => r.name) });
    names.push('request');
  } else {
    const enterprises = [...refs.enterpriseById.values()];
    columns.push(
      { header: 'ИНН предприятия', width: 16, values: enterprises.map((e) => e.inn) },
      { header: 'Предприятие', width: 48, values: enterprises.map((e) => e.name) },
    );
    names.push('enterpriseInn', null);
  }
  const ranges = new Map<ListName, string>();
  columns.forEach((c, i) => {
    const name = names[i];
    if (!name || c.values.length === 0) return;
    const letter = String.fromCharCode(65 + i);
    ranges.set(name, `'${REFERENCE}'!$${letter}$2:$${letter}$${c.values.length + 1}`);
  });
  return { columns, ranges };
}

function writeReference(workbook: ExcelJS.stream.xlsx.WorkbookWriter, columns: ReferenceColumn[]): void {
  const ws = workbook.addWorksheet(REFERENCE, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const height = Math.max(0, ...columns.map((c) => c.values.length));
  for (let i = 0; i < height; i++) ws.addRow(columns.map((c) => c.values[i] ?? null)).commit();
  ws.commit();
}
