export * from './config.ts';
export * from './open-database.ts';
