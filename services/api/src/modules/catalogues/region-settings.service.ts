import type { Tx } from '@nastavnik/db';
import { notFound } from '../../lib/errors.ts';
import type { Principal } from '../../plugins/auth.ts';

/*
 * The region's settings. The retention period (years after a person's last programme
 * ends before the nightly job erases them) is set here; the satisfaction threshold and the
 * time zone are shown for reference.
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
  };
}

export const getRegionSettings = (tx: Tx, p: Principal) => load(tx, p.regionId);

export async function updateRegionSettings(tx: Tx, p: Principal, input: { retentionYears: number }) {
  const before = await load(tx, p.regionId);
  await tx
    .updateTable('regions')
    .set({ retention_years: input.retentionYears })
    .where('id', '=', p.regionId)
    .execute();
  return { before, after: await load(tx, p.regionId) };
}
