import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_reference_data.ts';
import * as m0003 from './0003_list_indexes.ts';
import * as m0004 from './0004_curator_workspace.ts';
import * as m0005 from './0005_person_indexes.ts';
import * as m0006 from './0006_worker_functions.ts';
import * as m0007 from './0007_organisation_own_row.ts';
import * as m0008 from './0008_kpi_snapshots.ts';
import * as m0009 from './0009_kpi_engine.ts';
import * as m0010 from './0010_statistics_policies.ts';

/** Every migration, in order. A static list works the same under tsx, vitest and bundlers. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_reference_data': m0002,
  '0003_list_indexes': m0003,
  '0004_curator_workspace': m0004,
  '0005_person_indexes': m0005,
  '0006_worker_functions': m0006,
  '0007_organisation_own_row': m0007,
  '0008_kpi_snapshots': m0008,
  '0009_kpi_engine': m0009,
  '0010_statistics_policies': m0010,
};
