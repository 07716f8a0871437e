import { sql } from 'kysely';
import type { StatisticMetric, Tx } from '@nastavnik/db';
import { STATISTIC_METRICS } from '@nastavnik/domain';
import {
  chunks,
  cleanCell,
  ImportFileError,
  locateColumns,
  matchKey,
  readSpreadsheet,
  REQUIRED,
  RowErrors,
  type ColumnSpec,
  type LocatedTable,
} from '@nastavnik/imports';
import type { Principal } from '../../plugins/auth.ts';
import { FIRST_YEAR, LAST_YEAR, MAX_VALUE, METRIC_ALIASES, METRIC_KEYS, yearMessage } from './metrics.ts';

/*
 * Statistics from a spreadsheet: one row per territory and year, one column per metric.
 * All or nothing, like the directory imports: every row is checked, and the file is written
 * only when no row has an error; a dry run reports what applying would change. An empty
 * cell (or a dash) leaves the figure as it is.
 */

type Key = 'territory' | 'year' | StatisticMetric;

/** Statistics files are small (a region has tens of municipalities, a dozen years). */
const MAX_ROWS = 5_000;

export const statisticsColumns: ColumnSpec<Key>[] = [
  {
    key: 'territory',
    header: 'Территория',
    aliases: ['Муниципалитет', 'Муниципальное образование', 'ОКТМО', 'Регион'],
    required: true,
  },
  { key: 'year', header: 'Год', aliases: ['Отчётный год'], required: true },
  ...METRIC_KEYS.map((key) => ({
    key,
    header: STATISTIC_METRICS[key],
    aliases: METRIC_ALIASES[key],
    required: false,
  })),
];

export interface StatisticsImportReport {
  fileName: string;
  totalRows: number;
  validRows: number;
  errors: { row: number; column: string; message: string }[];
  errorCount: number;
  ignoredColumns: string[];
  applied: boolean;
  created: number;
  updated: number;
  skipped: number;
}

interface Planned {
  territoryType: 'region' | 'municipality';
  territoryId: string;
  year: number;
  metric: StatisticMetric;
  value: number;
}

/** Thrown inside the transaction to undo a dry run or a file with errors, carrying its report. */
class RollBack extends Error {
  constructor(readonly report: StatisticsImportReport) {
    super('statistics import rolled back');
  }
}

/**
 * Reads the file (before the transaction: parsing takes the longest), then checks and
 * writes every row in one transaction. `onApplied` runs in it for an applied import.
 */
export async function runStatisticsImport(
  scoped: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  principal: Principal,
  input: { fileName: string; bytes: Buffer; apply: boolean },
  onApplied: (tx: Tx, report: StatisticsImportReport) => Promise<void>,
): Promise<StatisticsImportReport> {
  const spreadsheet = await readSpreadsheet(input.bytes, { maxRows: MAX_ROWS });
  const table = locateColumns(spreadsheet.sheets, statisticsColumns, { maxRows: MAX_ROWS });
  if (!METRIC_KEYS.some((k) => table.present.has(k))) {
    const names = METRIC_KEYS.map((k) => `«${METRIC_ALIASES[k][0]}»`).join(', ');
    throw new ImportFileError(
      400,
      'import_bad_headers',
      `В файле нет ни одного столбца показателя: ${names} (или полные названия, как в шаблоне)`,
      [{ field: 'Показатели', message: 'Столбцы не найдены' }],
    );
  }
  try {
    return await scoped(async (tx) => {
      const errors = new RowErrors(table, { byColumn: true });
      const planned = await plan(tx, principal, table, errors);
      const counts = await compare(tx, planned);
      const { errors: listed, errorCount } = errors.summary();
      const report: StatisticsImportReport = {
        fileName: input.fileName,
        totalRows: table.records.length,
        validRows: table.records.length - errors.rowCount,
        errors: listed,
        errorCount,
        ignoredColumns: table.ignored,
        applied: false,
        ...counts,
      };
      if (errorCount > 0 || !input.apply) throw new RollBack(report);
      await write(tx, principal, planned);
      report.applied = true;
      await onApplied(tx, report);
      return report;
    });
  } catch (err) {
    if (err instanceof RollBack) return err.report;
    throw err;
  }
}

/** Territories by what people write: the region's name, a municipality's name or its ОКТМО. */
async function territoryIndex(tx: Tx, p: Principal) {
  const byKey = new Map<string, { type: 'region' | 'municipality'; id: string }>();
  const region = await tx.selectFrom('regions').select(['id', 'name']).where('id', '=', p.regionId).execute();
  for (const r of region) {
    byKey.set(matchKey(r.name), { type: 'region', id: r.id });
    byKey.set('регион', { type: 'region', id: r.id });
  }
  const municipalities = await tx.selectFrom('municipalities').select(['id', 'name', 'oktmo']).execute();
  for (const m of municipalities) {
    byKey.set(matchKey(m.name), { type: 'municipality', id: m.id });
    if (m.oktmo) byKey.set(m.oktmo, { type: 'municipality', id: m.id });
  }
  return (text: string) => {
    const digits = text.replace(/[\s\u00a0\u2007\u202f]/g, '');
    if (/^\d+$/.test(digits)) {
      // Excel drops the leading zero of an ОКТМО typed as a number (regions 01–09).
      return byKey.get(digits) ?? byKey.get(`0${digits}`);
    }
    return byKey.get(matchKey(text));
  };
}

const DASHES = /^[-–—]+$/;

/** A count as people type it: «12 345» is fine, «12,5» or «-3» is not. */
export function parseCount(text: string): number | string {
  const compact = cleanCell(text).replace(/[\s\u00a0\u2007\u202f]/g, '');
  if (!/^\d+$/.test(compact)) return `Ожидается целое неотрицательное число, в файле «${text}»`;
  const n = Number(compact);
  if (n > MAX_VALUE) return `Не больше ${MAX_VALUE.toLocaleString('ru-RU')}`;
  return n;
}

async function plan(
  tx: Tx,
  p: Principal,
  table: LocatedTable<Key>,
  errors: RowErrors<Key>,
): Promise<Planned[]> {
  const territoryOf = await territoryIndex(tx, p);
  const firstRow = new Map<string, number>();
  const planned: Planned[] = [];
  for (const { row, values } of table.records) {
    const territoryText = values.territory;
    const territory = territoryText ? territoryOf(territoryText) : undefined;
    if (!territoryText) errors.add(row, 'territory', REQUIRED);
    else if (!territory)
      errors.add(
        row,
        'territory',
        `Территория «${territoryText}» не найдена: укажите название региона, муниципалитета или код ОКТМО`,
      );

    let year: number | undefined;
    if (!values.year) errors.add(row, 'year', REQUIRED);
    else if (!/^\d{4}$/.test(values.year.trim()))
      errors.add(row, 'year', `${yearMessage}, в файле «${values.year}»`);
    else {
      year = Number(values.year.trim());
      if (year < FIRST_YEAR || year > LAST_YEAR) {
        errors.add(row, 'year', `${yearMessage}, в файле ${year}`);
        year = undefined;
      }
    }

    if (territory && year !== undefined) {
      const key = `${territory.type}:${territory.id}:${year}`;
      const first = firstRow.get(key);
      if (first !== undefined)
        errors.add(row, 'territory', `Территория и год уже были в строке ${first}: оставьте одну строку`);
      else firstRow.set(key, row);
    }

    const cells: { metric: StatisticMetric; value: number }[] = [];
    for (const metric of METRIC_KEYS) {
      const text = cleanCell(values[metric] ?? '');
      if (text === '' || DASHES.test(text)) continue;
      const parsed = parseCount(text);
      if (typeof parsed === 'string') errors.add(row, metric, parsed);
      else cells.push({ metric, value: parsed });
    }
    if (errors.has(row) || !territory || year === undefined) continue;
    for (const c of cells)
      planned.push({ territoryType: territory.type, territoryId: territory.id, year, ...c });
  }
  return planned;
}

const cellKey = (c: { territoryType: string; territoryId: string; year: number; metric: string }) =>
  `${c.territoryType}:${c.territoryId}:${c.year}:${c.metric}`;

/** What applying would do, value by value: new, changed, or already the same. */
async function compare(tx: Tx, planned: Planned[]) {
  const years = [...new Set(planned.map((p) => p.year))];
  const current = new Map<string, number>();
  if (years.length > 0) {
    const rows = await tx
      .selectFrom('territory_statistics')
      .select(['territory_type', 'territory_id', 'year', 'metric', 'value'])
      .where('territory_type', 'in', ['region', 'municipality'])
      .where('year', 'in', years)
      .execute();
    for (const r of rows)
      current.set(
        cellKey({
          territoryType: r.territory_type,
          territoryId: r.territory_id,
          year: r.year,
          metric: r.metric,
        }),
        r.value,
      );
  }
  let created = 0;
  let updated = 0;
  let skipped = 0;
  for (const p of planned) {
    const was = current.get(cellKey(p));
    if (was === undefined) created++;
    else if (was === p.value) skipped++;
    else updated++;
  }
  return { created, updated, skipped };
}

async function write(tx: Tx, p: Principal, planned: Planned[]): Promise<void> {
  for (const part of chunks(planned, 500)) {
    await tx
      .insertInto('territory_statistics')
      .values(
        part.map((c) => ({
          region_id: p.regionId,
          territory_type: c.territoryType,
          territory_id: c.territoryId,
          year: c.year,
          metric: c.metric,
          value: c.value,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['territory_type', 'territory_id', 'year', 'metric'])
          .doUpdateSet({ value: (eb) => eb.ref('excluded.value'), updated_at: sql`now()` })
          // An unchanged figure keeps its updated_at (and moves no KPI).
          .where('territory_statistics.value', 'is distinct from', (eb) => eb.ref('excluded.value')),
      )
      .execute();
  }
}
