export * from './schema.ts';
export * from './roles.ts';
export * from './scope.ts';
export * from './postgres.ts';
export * from './pglite.ts';
export * from './migrate.ts';
export * from './safety.ts';
export { ORGANISATION_TABLES } from './migrations/0001_foundation.ts';
export * from './person-key.ts';
