import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { valueParsers } from './types.ts';

const customTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    const parse = valueParsers[oid];
    if (parse && format !== 'binary') return parse;
    return pg.types.getTypeParser(oid, format);
  },
};

export interface PostgresOptions {
  /** Pool size; the API and worker each keep their own pool. */
  max?: number;
  applicationName?: string;
}

export function connectPostgres<DB = Database>(url: string, options: PostgresOptions = {}): Kysely<DB> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'nastavnik',
    types: customTypes,
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

/** The app role's URL: the owner's URL with the user (and password) swapped. */
export function appUrlFrom(ownerUrl: string, role: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
}
