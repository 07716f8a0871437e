import ExcelJS from 'exceljs';
import type { Tx } from '@nastavnik/db';
import { completeInn, ORGANISATION_KINDS } from '@nastavnik/domain';
import { ROLE_LABELS } from './cells.ts';
import type { ImportKind } from './report.ts';

export interface TemplateFile {
  /** Russian file name for the browser, and an ASCII one for clients that cannot decode it. */
  fileName: string;
  asciiFileName: string;
  bytes: Buffer;
}

interface TemplateColumn {
  header: string;
  width: number;
  note: string;
  example: string;
  text?: boolean;
  /** Range on the reference sheet to offer as a drop-down list. */
  list?: string;
}

const REFERENCE = 'Справочник';
/** Rows of the data sheet that get drop-down lists and text format. */
const PREPARED_ROWS = 1000;
const KIND_ABBREVIATIONS: Record<keyof typeof ORGANISATION_KINDS, string> = {
  school: 'СОШ',
  kindergarten: 'ДОУ',
  college: 'СПО',
  additional: 'ДО',
};

/** The XLSX a region admin fills in: headers the importer expects, an example, allowed values. */
export async function buildTemplate(tx: Tx, kind: ImportKind): Promise<TemplateFile> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';
  if (kind === 'organisations') await organisationsTemplate(tx, workbook);
  else await curatorsTemplate(tx, workbook);
  const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
  return kind === 'organisations'
    ? { fileName: 'Шаблон импорта организаций.xlsx', asciiFileName: 'organisations-template.xlsx', bytes }
    : { fileName: 'Шаблон импорта кураторов.xlsx', asciiFileName: 'curators-template.xlsx', bytes };
}

async function organisationsTemplate(tx: Tx, workbook: ExcelJS.Workbook): Promise<void> {
  const municipalities = await tx.selectFrom('municipalities').select('name').orderBy('name').execute();
  const kinds = Object.entries(ORGANISATION_KINDS) as [keyof typeof ORGANISATION_KINDS, string][];
  const listRange = (col: string, count: number) => `'${REFERENCE}'!$${col}$2:$${col}$${count + 1}`;
  dataSheet(workbook, 'Организации', [
    {
      header: 'Муниципалитет',
      width: 32,
      note: 'Обязательно. Название муниципалитета, как на листе «Справочник».',
      example: municipalities[0]?.name ?? 'Городской округ Пример',
      list: municipalities.length > 0 ? listRange('D', municipalities.length) : undefined,
    },
    {
      header: 'Полное наименование',
      width: 60,
      note: 'Обязательно. Как в уставе, до 300 символов.',
      example:
        'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»',
    },
    {
      header: 'Краткое наименование',
      width: 28,
      note: 'Необязательно, до 120 символов.',
      example: 'МБОУ «СОШ № 1»',
    },
    {
      header: 'Тип',
      width: 12,
      note: 'Обязательно: СОШ, ДОУ, СПО или ДО.',
      example: 'СОШ',
      list: listRange('A', kinds.length),
    },
    {
      header: 'ИНН',
      width: 16,
      note: 'Обязательно: 10 цифр. По ИНН организация обновляется, если она уже есть.',
      example: completeInn('770100001'),
      text: true,
    },
    {
      header: 'Адрес',
      width: 48,
      note: 'Необязательно, до 300 символов.',
      example: 'г. Пример, ул. Школьная, д. 1',
    },
  ]);
  referenceSheet(workbook, [
    { header: 'Тип', width: 10, values: kinds.map(([code]) => KIND_ABBREVIATIONS[code]) },
    { header: 'Расшифровка', width: 50, values: kinds.map(([, label]) => label) },
    { header: '', width: 4, values: [] },
    { header: 'Муниципалитет', width: 40, values: municipalities.map((m) => m.name) },
  ]);
}

async function curatorsTemplate(tx: Tx, workbook: ExcelJS.Workbook): Promise<void> {
  const organisations = await tx
    .selectFrom('organisations as o')
    .innerJoin('municipalities as m', 'm.id', 'o.municipality_id')
    .select(['o.inn', 'o.name', 'o.short_name', 'm.name as municipality'])
    .orderBy('m.name')
    .orderBy('o.name')
    .execute();
  const roles = Object.values(ROLE_LABELS);
  dataSheet(workbook, 'Кураторы', [
    {
      header: 'ФИО',
      width: 36,
      note: 'Обязательно: Фамилия Имя Отчество.',
      example: 'Иванова Мария Петровна',
    },
    {
      header: 'E-mail',
      width: 32,
      note: 'Обязательно. На этот адрес придёт приглашение в систему.',
      example: 'ivanova@school1.example.ru',
    },
    {
      header: 'Роль',
      width: 16,
      note: 'Обязательно: куратор или руководитель.',
      example: ROLE_LABELS.curator,
      list: `'${REFERENCE}'!$A$2:$A$${roles.length + 1}`,
    },
    {
      header: 'ИНН организации',
      width: 18,
      note: 'Обязательно: ИНН организации региона, список — на листе «Справочник».',
      example: organisations[0]?.inn ?? completeInn('770100001'),
      text: true,
    },
  ]);
  referenceSheet(workbook, [
    { header: 'Роль', width: 16, values: roles },
    { header: '', width: 4, values: [] },
    { header: 'ИНН организации', width: 18, values: organisations.map((o) => o.inn) },
    { header: 'Организация', width: 60, values: organisations.map((o) => o.short_name ?? o.name) },
    { header: 'Муниципалитет', width: 32, values: organisations.map((o) => o.municipality) },
  ]);
}

function dataSheet(workbook: ExcelJS.Workbook, name: string, columns: TemplateColumn[]): void {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  ws.addRow(columns.map((c) => c.example));
  columns.forEach((c, i) => {
    header.getCell(i + 1).note = c.note;
    // Text format keeps an INN's leading zero when someone types it in.
    if (c.text) ws.getColumn(i + 1).numFmt = '@';
    if (!c.list) return;
    for (let row = 2; row <= PREPARED_ROWS; row++) {
      ws.getCell(row, i + 1).dataValidation = {
        type: 'list',
        allowBlank: true,
        formulae: [c.list],
        showErrorMessage: true,
        errorStyle: 'warning',
        errorTitle: c.header,
        error: 'Значения нет в справочнике',
      };
    }
  });
}

function referenceSheet(
  workbook: ExcelJS.Workbook,
  columns: { header: string; width: number; values: string[] }[],
): void {
  const ws = workbook.addWorksheet(REFERENCE);
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  const height = Math.max(0, ...columns.map((c) => c.values.length));
  for (let i = 0; i < height; i++) ws.addRow(columns.map((c) => c.values[i] ?? null));
}

/** Content-Disposition with the Russian name per RFC 5987/6266 and an ASCII fallback. */
export function attachmentHeader(file: Pick<TemplateFile, 'fileName' | 'asciiFileName'>): string {
  const encoded = encodeURIComponent(file.fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${file.asciiFileName}"; filename*=UTF-8''${encoded}`;
}
