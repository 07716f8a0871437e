import { sql, type Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import {
  indexRows,
  loadReferenceInput,
  referenceKpis,
  referenceRowKey,
} from '../../../../tests/support/kpi-reference.ts';

/*
 * The workers' kpi_snapshots against the simple reference (tests/support/kpi-reference.ts):
 * every territory × year × indicator, numerator, denominator, participants, municipality.
 */

export const CURRENT_YEAR = Number(
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow', year: 'numeric' }).format(new Date()),
);
export const YEARS = { from: 2020, to: CURRENT_YEAR };

export interface SnapshotRow {
  territory_type: string;
  territory_id: string;
  municipality_id: string | null;
  year: number;
  indicator: string;
  numerator: number;
  denominator: number | null;
  participants: number | null;
  computed_at: Date;
}

export async function snapshotsOf(owner: Kysely<Database>, regionId: string): Promise<SnapshotRow[]> {
  const { rows } = await sql<SnapshotRow>`
    SELECT territory_type, territory_id, municipality_id, year, indicator, numerator, denominator,
           participants, computed_at
      FROM kpi_snapshots WHERE region_id = ${regionId}`.execute(owner);
  return rows;
}

/** Every difference between the workers' snapshots and the simple reference ([] when equal). */
export async function differencesFromReference(owner: Kysely<Database>, regionId: string): Promise<string[]> {
  const expected = referenceKpis(await loadReferenceInput(owner, regionId), YEARS);
  const actual = indexRows(
    (await snapshotsOf(owner, regionId)).map((r) => ({
      ...r,
      territoryType: r.territory_type,
      territoryId: r.territory_id,
    })),
  );
  const problems: string[] = [];
  for (const e of expected) {
    const key = referenceRowKey(e);
    const a = actual.get(key);
    actual.delete(key);
    if (!a) {
      problems.push(`${key}: missing`);
      continue;
    }
    const got = [a.numerator, a.denominator, a.participants, a.municipality_id];
    const want = [e.numerator, e.denominator, e.participants, e.municipalityId];
    if (JSON.stringify(got) !== JSON.stringify(want))
      problems.push(`${key}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  for (const key of actual.keys()) problems.push(`${key}: not in the reference`);
  return problems;
}

/** The snapshot row of one territory, year and indicator (owner connection). */
export async function snapshot(
  owner: Kysely<Database>,
  territoryId: string,
  year: number,
  indicator: string,
): Promise<SnapshotRow | undefined> {
  const { rows } = await sql<SnapshotRow>`
    SELECT * FROM kpi_snapshots WHERE territory_id = ${territoryId} AND year = ${year} AND indicator = ${indicator}`.execute(
    owner,
  );
  return rows[0];
}
