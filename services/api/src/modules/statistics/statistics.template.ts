import ExcelJS from 'exceljs';
import type { Tx } from '@nastavnik/db';
import { STATISTIC_METRICS } from '@nastavnik/domain';
import type { Principal } from '../../plugins/auth.ts';
import type { TemplateFile } from '../imports/template.ts';
import { FIRST_YEAR, LAST_YEAR, METRIC_ALIASES, METRIC_KEYS } from './metrics.ts';
import { listStatistics } from './statistics.service.ts';

/**
 * The statistics workbook: a row for the region and each municipality for `year`, with the
 * figures already entered, so the operator fills the gaps and uploads the same file back.
 */
export async function buildStatisticsTemplate(tx: Tx, p: Principal, year: number): Promise<TemplateFile> {
  const table = await listStatistics(tx, p, { year });
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Наставник';

  const ws = workbook.addWorksheet('Статистика', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = [
    { header: 'Территория', width: 40 },
    { header: 'Год', width: 8 },
    ...METRIC_KEYS.map((k) => ({ header: STATISTIC_METRICS[k], width: 22 })),
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 48;
  header.getCell(1).note =
    'Название региона или муниципалитета, как на листе «Справочник», либо код ОКТМО муниципалитета.';
  header.getCell(2).note = `Календарный год, от ${FIRST_YEAR} до ${LAST_YEAR}.`;
  METRIC_KEYS.forEach((k, i) => {
    header.getCell(i + 3).note =
      `Целое число. Пустая ячейка или прочерк — значение не меняется. Можно назвать столбец коротко: «${METRIC_ALIASES[k][0]}».`;
  });
  for (const item of table.items) {
    ws.addRow([item.name, year, ...METRIC_KEYS.map((k) => item.values[k])]);
  }
  for (let col = 3; col < 3 + METRIC_KEYS.length; col++) ws.getColumn(col).numFmt = '#,##0';

  const reference = workbook.addWorksheet('Справочник');
  reference.columns = [
    { header: 'Территория', width: 40 },
    { header: 'Уровень', width: 16 },
    { header: 'ОКТМО', width: 14 },
  ];
  reference.getRow(1).font = { bold: true };
  for (const item of table.items) {
    reference.addRow([
      item.name,
      item.territoryType === 'region' ? 'регион' : 'муниципалитет',
      item.oktmo ?? '',
    ]);
  }

  return {
    fileName: `Статистика ${year}.xlsx`,
    asciiFileName: `statistics-${year}.xlsx`,
    bytes: Buffer.from(await workbook.xlsx.writeBuffer()),
  };
}

/** The calendar year now, kept within the years statistics are entered for. */
export function defaultYear(): number {
  return Math.min(LAST_YEAR, Math.max(FIRST_YEAR, new Date().getFullYear()));
}
