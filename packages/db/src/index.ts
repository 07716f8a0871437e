export * from './schema.ts';
export * from './roles.ts';
export * from './scope.ts';
export * from './postgres.ts';
export * from './pglite.ts';
export * from './migrate.ts';
export * from './safety.ts';
export * from './kpi/index.ts';
import { ORGANISATION_TABLES as FOUNDATION_TABLES } from './migrations/0001_foundation.ts';
import { WORKSPACE_TABLES } from './migrations/0004_curator_workspace.ts';
/** Every table that holds one organisation's data, isolated by organisation_id. */
export const ORGANISATION_TABLES = [...FOUNDATION_TABLES, ...WORKSPACE_TABLES] as const;
export * from './person-key.ts';
export * from './secrets.ts';
