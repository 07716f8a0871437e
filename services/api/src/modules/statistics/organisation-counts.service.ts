import type { StatisticMetric, Tx } from '@nastavnik/db';
import { AppError, forbidden } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { metricList, ORGANISATION_METRICS, type OrganisationMetric } from './metrics.ts';
import { valuesOf, writeValue, type CellChange } from './statistics.service.ts';

/*
 * An organisation's own pupil and staff counts (KPI.md: optional denominators of its own
 * page). The curator enters them, the head reads them; they are territory_statistics rows
 * of type 'organisation', and RLS (migration 0010) lets the curator write only their own.
 */

function organisationOf(p: Principal): string {
  // The route admits curators and heads only, who always belong to an organisation.
  if (!p.organisationId) throw forbidden();
  return p.organisationId;
}

export async function getOrganisationCounts(tx: Tx, p: Principal, year: number) {
  const organisationId = organisationOf(p);
  const found = (await valuesOf(tx, 'organisation', [organisationId], year)).get(organisationId);
  const values = Object.fromEntries(ORGANISATION_METRICS.map((k) => [k, found?.values[k] ?? null])) as Record<
    OrganisationMetric,
    number | null
  >;
  return {
    year,
    organisationId,
    editable: p.role === 'curator',
    metrics: metricList().filter((m) => (ORGANISATION_METRICS as readonly string[]).includes(m.key)),
    values,
    updatedAt: found?.updatedAt ?? null,
  };
}

/** Writes the metrics given (null deletes); returns the changes made, for the audit entry. */
export async function setOrganisationCounts(
  tx: Tx,
  p: Principal,
  input: { year: number; values: Partial<Record<StatisticMetric, number | null>> },
): Promise<CellChange[]> {
  const organisationId = organisationOf(p);
  if (input.values.enterprises !== undefined) {
    const message = 'Число предприятий вносит регион для муниципалитетов и региона, не организация';
    throw new AppError(400, 'validation_failed', message, [{ field: 'values.enterprises', message }]);
  }
  const changes: CellChange[] = [];
  for (const metric of ORGANISATION_METRICS) {
    const value = input.values[metric];
    if (value === undefined) continue;
    const change = await writeValue(
      tx,
      p,
      { territoryType: 'organisation', territoryId: organisationId, year: input.year, metric },
      value,
    );
    if (change.from !== change.to) changes.push(change);
  }
  return changes;
}
