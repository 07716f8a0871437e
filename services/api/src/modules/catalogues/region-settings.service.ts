import type { Tx } from '@nastavnik/db';
import { invalid, notFound } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';
import { isRussianTimezone, russianTimezones } from '../statistics/timezones.ts';

/*
 * The region's settings: the retention period (years after a person's last programme ends
 * before the nightly job erases them), the satisfaction threshold (KPI 5–6: a score at or
 * above it counts as satisfied) and the time zone the survey year is taken in (KPI.md).
 */

async function load(tx: Tx, regionId: string) {
  const r = await tx
    .selectFrom('regions')
    .select(['retention_years', 'satisfaction_threshold', 'timezone'])
    .where('id', '=', regionId)
    .executeTakeFirst();
  if (!r) throw notFound('Регион не найден');
  return {
    retentionYears: r.retention_years,
    satisfactionThreshold: r.satisfaction_threshold,
    timezone: r.timezone,
    timezoneOptions: russianTimezones(),
  };
}

export const getRegionSettings = (tx: Tx, p: Principal) => load(tx, p.regionId);

export interface RegionSettingsInput {
  retentionYears?: number;
  satisfactionThreshold?: number;
  timezone?: string;
}

export async function updateRegionSettings(tx: Tx, p: Principal, input: RegionSettingsInput) {
  if (input.timezone !== undefined && !isRussianTimezone(input.timezone)) {
    throw invalid('timezone', 'Выберите часовой пояс из списка часовых поясов России');
  }
  const before = await load(tx, p.regionId);
  const set = {
    ...(input.retentionYears !== undefined && { retention_years: input.retentionYears }),
    ...(input.satisfactionThreshold !== undefined && { satisfaction_threshold: input.satisfactionThreshold }),
    ...(input.timezone !== undefined && { timezone: input.timezone }),
  };
  if (Object.keys(set).length > 0) {
    await tx.updateTable('regions').set(set).where('id', '=', p.regionId).execute();
  }
  const after = await load(tx, p.regionId);
  // What changed, for the audit entry: { setting: { from, to } }.
  const changes = Object.fromEntries(
    (['retentionYears', 'satisfactionThreshold', 'timezone'] as const)
      .filter((k) => before[k] !== after[k])
      .map((k) => [k, { from: before[k], to: after[k] }]),
  );
  return { before, after, changes };
}
