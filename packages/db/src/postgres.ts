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
  pool.on('connect', preparePerConnection);
  // An idle pooled connection can be closed by the server (restart, failover, an admin's
  // pg_terminate_backend). pg emits that on the pool, and an unhandled 'error' event would
  // crash the process; the pool drops the connection and opens a new one when needed.
  pool.on('error', (err) => {
    console.warn(`PostgreSQL closed an idle connection: ${err.message}`);
  });
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}

const MAX_PREPARED_PER_CONNECTION = 300;
const MAX_PREPARED_SQL_LENGTH = 8_000;

/**
 * Kysely sends every query as an unnamed statement, so PostgreSQL parses and plans it each
 * time; for the small queries of a typical request that is most of the database's work
 * (measured: 2.6× more list queries per second when prepared). Parameterised queries get a
 * name from their text, so each connection prepares a query shape once. The number of
 * shapes per connection is capped: batched inserts of varying sizes would otherwise pile up
 * server-side statements for the connection's lifetime.
 */
function preparePerConnection(client: pg.PoolClient): void {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  const names = new Map<string, string>();
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || args.length !== 2) {
      return original(...args);
    }
    let name = names.get(text);
    if (!name && names.size < MAX_PREPARED_PER_CONNECTION && text.length <= MAX_PREPARED_SQL_LENGTH) {
      name = `k${names.size}`;
      names.set(text, name);
    }
    return name ? original({ name, text, values }) : original(text, values);
  };
}

/** The app role's URL: the owner's URL with the user (and password) swapped. */
export function appUrlFrom(ownerUrl: string, role: string, password?: string): string {
  const url = new URL(ownerUrl);
  url.username = role;
  url.password = password ?? '';
  return url.toString();
}
