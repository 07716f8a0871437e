/**
 * Database roles. The migration user owns every table; the API and worker connect as
 * APP_ROLE, which is neither owner, superuser nor BYPASSRLS, so row-level security is the
 * last line of defence even when application code forgets a filter.
 */
export const APP_ROLE = 'nastavnik_app';

/**
 * The KPI workers' role (migration 0009): reads only names-free tables across a region's
 * organisations and writes kpi_snapshots. NOLOGIN; the app role switches to it with
 * SET LOCAL ROLE for the length of a rollup transaction.
 */
export const KPI_ROLE = 'nastavnik_kpi';

/** Settings the API sets per transaction; RLS policies read them. */
export const SCOPE_SETTINGS = {
  regionId: 'app.region_id',
  municipalityId: 'app.municipality_id',
  organisationId: 'app.organisation_id',
  userId: 'app.user_id',
  role: 'app.role',
  /** Narrow, secret-bound lookups before a user is known (login, refresh, one-time links). */
  authEmail: 'app.auth_email',
  authTokenHash: 'app.auth_token_hash',
} as const;
