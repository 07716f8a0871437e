import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database, UserRole } from './schema.ts';

/** Who a transaction acts for. Every field maps to one `app.*` setting read by RLS. */
export interface Scope {
  regionId?: string | null;
  municipalityId?: string | null;
  organisationId?: string | null;
  userId?: string | null;
  role?: UserRole | 'system' | null;
  authEmail?: string | null;
  authTokenHash?: string | null;
}

export type Tx = Transaction<Database>;

/**
 * Runs `fn` in one transaction whose settings are local to it (set_config(..., true)), so
 * a pooled connection never carries one tenant's scope into another's request.
 */
export function withScope<T>(db: Kysely<Database>, scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    await applyScope(tx, scope);
    return fn(tx);
  });
}

export async function applyScope(tx: Tx, scope: Scope): Promise<void> {
  const v = (x: string | null | undefined) => x ?? '';
  await sql`SELECT
      set_config('app.region_id', ${v(scope.regionId)}, true),
      set_config('app.municipality_id', ${v(scope.municipalityId)}, true),
      set_config('app.organisation_id', ${v(scope.organisationId)}, true),
      set_config('app.user_id', ${v(scope.userId)}, true),
      set_config('app.role', ${v(scope.role)}, true),
      set_config('app.auth_email', ${v(scope.authEmail)}, true),
      set_config('app.auth_token_hash', ${v(scope.authTokenHash)}, true)`.execute(tx);
}
