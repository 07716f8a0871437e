import { sql, type Kysely } from 'kysely';
import { APP_ROLE } from '../roles.ts';
import { IS_REGION_ADMIN, ORG, REGION, ROLE, setting, USER } from './policy-sql.ts';

/*
 * Foundation schema: the regional directory, users and auth, audit, mail outbox, and the
 * core that the KPIs count (persons, consents, programmes, pairs and members, survey
 * responses, statistics, targets). Stays within PostgreSQL 15 syntax.
 *
 * RLS pattern: every setting is read with NULLIF(current_setting('app.x', true), '') so an
 * unset scope yields NULL and matches nothing.
 */

/** Tables that hold one organisation's data: isolated by organisation_id. */
export const ORGANISATION_TABLES = [
  'persons',
  'consents',
  'programmes',
  'pairs',
  'pair_members',
  'survey_responses',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
           CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
         END IF;
       END $$;`,
    )
    .execute(db);

  await sql
    .raw(
      `
CREATE TABLE regions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  code text NOT NULL UNIQUE,
  timezone text NOT NULL DEFAULT 'Europe/Moscow',
  satisfaction_threshold int NOT NULL DEFAULT 7 CHECK (satisfaction_threshold BETWEEN 1 AND 10),
  retention_years int NOT NULL DEFAULT 3 CHECK (retention_years BETWEEN 0 AND 75),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE municipalities (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  name text NOT NULL,
  oktmo text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_id, name)
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  municipality_id uuid NOT NULL REFERENCES municipalities(id),
  name text NOT NULL,
  short_name text,
  kind text NOT NULL CHECK (kind IN ('school', 'kindergarten', 'college', 'additional')),
  inn text NOT NULL CHECK (inn ~ '^[0-9]{10}$'),
  address text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_id, inn)
);
CREATE INDEX organisations_municipality_idx ON organisations (municipality_id);

CREATE TABLE enterprises (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  municipality_id uuid REFERENCES municipalities(id),
  name text NOT NULL,
  inn text NOT NULL CHECK (inn ~ '^([0-9]{10}|[0-9]{12})$'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (region_id, inn)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  email text NOT NULL CHECK (email = lower(email)),
  full_name text NOT NULL,
  role text NOT NULL CHECK (role IN ('region_admin', 'municipal_officer', 'curator', 'head')),
  municipality_id uuid REFERENCES municipalities(id),
  organisation_id uuid REFERENCES organisations(id),
  password_hash text,
  status text NOT NULL DEFAULT 'invited' CHECK (status IN ('invited', 'active', 'disabled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  password_changed_at timestamptz,
  UNIQUE (email),
  -- The scope must fit the role: a curator without an organisation would see nothing, or worse.
  CHECK (
    (role = 'region_admin' AND municipality_id IS NULL AND organisation_id IS NULL) OR
    (role = 'municipal_officer' AND municipality_id IS NOT NULL AND organisation_id IS NULL) OR
    (role IN ('curator', 'head') AND organisation_id IS NOT NULL)
  )
);
CREATE INDEX users_region_idx ON users (region_id);

CREATE TABLE refresh_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id);

CREATE TABLE one_time_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  purpose text NOT NULL CHECK (purpose IN ('invite', 'password_reset')),
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  region_id uuid NOT NULL REFERENCES regions(id),
  organisation_id uuid REFERENCES organisations(id),
  user_id uuid REFERENCES users(id),
  action text NOT NULL,
  entity text,
  entity_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  ip text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_scope_idx ON audit_log (region_id, organisation_id, created_at DESC);

CREATE TABLE mail_outbox (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  to_address text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed', 'kept')),
  attempts int NOT NULL DEFAULT 0,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_region_idx ON mail_outbox (region_id, created_at DESC);

-- Reference data: forms of mentoring and role models. region_id NULL = the national catalogue.
CREATE TABLE mentoring_forms (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid REFERENCES regions(id),
  code text NOT NULL,
  name text NOT NULL,
  mentor_categories text[] NOT NULL,
  mentee_categories text[] NOT NULL,
  UNIQUE NULLS NOT DISTINCT (region_id, code)
);
CREATE TABLE role_models (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid REFERENCES regions(id),
  form_id uuid NOT NULL REFERENCES mentoring_forms(id),
  name text NOT NULL,
  UNIQUE NULLS NOT DISTINCT (region_id, form_id, name)
);

-- Denominators (official statistics) and targets, per territory and year.
CREATE TABLE territory_statistics (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid NOT NULL REFERENCES regions(id),
  territory_type text NOT NULL CHECK (territory_type IN ('region', 'municipality', 'organisation')),
  territory_id uuid NOT NULL,
  year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  metric text NOT NULL CHECK (metric IN ('children_10_19', 'children_15_19', 'young_teachers', 'enterprises')),
  value int NOT NULL CHECK (value >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (territory_type, territory_id, year, metric)
);
CREATE TABLE kpi_targets (
  region_id uuid NOT NULL REFERENCES regions(id),
  indicator text NOT NULL,
  year int NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  target numeric(5, 1) NOT NULL CHECK (target >= 0),
  PRIMARY KEY (region_id, indicator, year)
);

-- The organisation's own data (the tenant).
CREATE TABLE persons (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  last_name text,
  first_name text,
  middle_name text,
  birth_date date,
  -- Kept after erasure: KPIs need the age in a year, not the exact date.
  birth_year int CHECK (birth_year BETWEEN 1900 AND 2100),
  category text NOT NULL CHECK (category IN ('student', 'teacher', 'parent', 'graduate', 'enterprise_employee', 'other')),
  career_start_year int CHECK (career_start_year BETWEEN 1940 AND 2100),
  enterprise_id uuid REFERENCES enterprises(id),
  email text,
  phone text,
  snils text,
  -- Regional pseudonymous key (HMAC of normalised name + birth date); see KPI.md.
  person_key text,
  erased_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (birth_date IS NULL OR birth_year = extract(year FROM birth_date)::int)
);
CREATE INDEX persons_org_idx ON persons (organisation_id, last_name, first_name);
CREATE INDEX persons_key_idx ON persons (person_key);

CREATE TABLE consents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  given_by text NOT NULL CHECK (given_by IN ('self', 'representative')),
  representative_name text,
  representative_relation text,
  given_at date NOT NULL,
  text_version text NOT NULL,
  withdrawn_at date,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (given_by = 'self' OR representative_name IS NOT NULL)
);
CREATE INDEX consents_person_idx ON consents (person_id);

CREATE TABLE programmes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  school_year int NOT NULL CHECK (school_year BETWEEN 2000 AND 2100),
  title text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX programmes_org_idx ON programmes (organisation_id, school_year);

-- A pair (one mentor, one mentee) or a group (one mentor, several mentees).
CREATE TABLE pairs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  programme_id uuid NOT NULL REFERENCES programmes(id),
  form_id uuid NOT NULL REFERENCES mentoring_forms(id),
  role_model_id uuid REFERENCES role_models(id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'completed', 'cancelled')),
  start_date date NOT NULL,
  end_date date,
  cancelled_at date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (end_date IS NULL OR end_date >= start_date),
  CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);
CREATE INDEX pairs_org_idx ON pairs (organisation_id, status);

CREATE TABLE pair_members (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  pair_id uuid NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  person_id uuid NOT NULL REFERENCES persons(id),
  role text NOT NULL CHECK (role IN ('mentor', 'mentee')),
  -- NULL means the group's own dates.
  start_date date,
  end_date date,
  CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
  UNIQUE (pair_id, person_id)
);
CREATE UNIQUE INDEX pair_members_one_mentor ON pair_members (pair_id) WHERE role = 'mentor';
CREATE INDEX pair_members_person_idx ON pair_members (person_id);

CREATE TABLE survey_responses (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  pair_id uuid REFERENCES pairs(id),
  role text NOT NULL CHECK (role IN ('mentor', 'mentee')),
  submitted_at timestamptz NOT NULL,
  overall_score int NOT NULL CHECK (overall_score BETWEEN 1 AND 10),
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX survey_responses_person_idx ON survey_responses (person_id, role, submitted_at DESC);
`,
    )
    .execute(db);

  await enableRls(db);
}

async function enableRls(db: Kysely<unknown>): Promise<void> {
  const policies: string[] = [];
  const rls = (table: string) =>
    policies.push(
      `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY; ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`,
    );

  // The organisation's data: only the organisation sees or writes it, region staff included.
  for (const t of ORGANISATION_TABLES) {
    rls(t);
    policies.push(
      `CREATE POLICY tenant ON ${t} USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG});`,
    );
  }

  // The directory is readable inside the region and written by the region admin.
  for (const t of ['municipalities', 'organisations', 'enterprises', 'territory_statistics', 'kpi_targets']) {
    rls(t);
    policies.push(
      `CREATE POLICY read ON ${t} FOR SELECT USING (region_id = ${REGION});`,
      `CREATE POLICY admin_write ON ${t} FOR ALL USING (region_id = ${REGION} AND ${IS_REGION_ADMIN}) WITH CHECK (region_id = ${REGION} AND ${IS_REGION_ADMIN});`,
    );
  }
  rls('regions');
  policies.push(
    `CREATE POLICY read ON regions FOR SELECT USING (id = ${REGION});`,
    `CREATE POLICY admin_write ON regions FOR UPDATE USING (id = ${REGION} AND ${IS_REGION_ADMIN}) WITH CHECK (id = ${REGION});`,
  );

  // Reference catalogues: the national rows (region_id NULL) plus the region's own.
  for (const t of ['mentoring_forms', 'role_models']) {
    rls(t);
    policies.push(
      `CREATE POLICY read ON ${t} FOR SELECT USING (region_id IS NULL OR region_id = ${REGION});`,
      `CREATE POLICY admin_write ON ${t} FOR ALL USING (region_id = ${REGION} AND ${IS_REGION_ADMIN}) WITH CHECK (region_id = ${REGION} AND ${IS_REGION_ADMIN});`,
    );
  }

  // Users: the region admin manages the region's users; everyone sees and edits themself.
  // Before login the only readable row is the one whose e-mail the caller typed.
  rls('users');
  policies.push(
    `CREATE POLICY read ON users FOR SELECT USING ((region_id = ${REGION} AND ${IS_REGION_ADMIN}) OR id = ${USER} OR email = ${setting('auth_email')});`,
    `CREATE POLICY self_update ON users FOR UPDATE USING (id = ${USER}) WITH CHECK (id = ${USER});`,
    `CREATE POLICY admin_write ON users FOR ALL USING (region_id = ${REGION} AND ${IS_REGION_ADMIN}) WITH CHECK (region_id = ${REGION} AND ${IS_REGION_ADMIN});`,
  );

  // RLS cannot compare old and new values: a trigger keeps a user from changing their own
  // role, scope, status or e-mail (only the region admin may, through admin_write).
  policies.push(`
CREATE FUNCTION users_guard_self_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF ${ROLE} IS DISTINCT FROM 'region_admin' AND (
       NEW.role, NEW.region_id, NEW.municipality_id, NEW.organisation_id, NEW.status, NEW.email
     ) IS DISTINCT FROM (
       OLD.role, OLD.region_id, OLD.municipality_id, OLD.organisation_id, OLD.status, OLD.email
     ) AND NOT (OLD.status = 'invited' AND NEW.status = 'active' AND
                (NEW.role, NEW.region_id, NEW.municipality_id, NEW.organisation_id, NEW.email) IS NOT DISTINCT FROM
                (OLD.role, OLD.region_id, OLD.municipality_id, OLD.organisation_id, OLD.email)) THEN
    RAISE EXCEPTION 'only the region admin changes a user''s role, scope, status or e-mail'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER users_guard_self_update BEFORE UPDATE ON users
  FOR EACH ROW EXECUTE FUNCTION users_guard_self_update();`);

  // Secrets-bound tables: a row is reachable by its owner, or by the hash of the secret itself.
  for (const t of ['refresh_tokens', 'one_time_tokens']) {
    rls(t);
    policies.push(
      `CREATE POLICY owner ON ${t} USING (user_id = ${USER} OR token_hash = ${setting('auth_token_hash')}) WITH CHECK (user_id = ${USER});`,
    );
  }
  // Invitations and resets are issued by the region admin for users of the region.
  policies.push(
    `CREATE POLICY admin_issue ON one_time_tokens FOR INSERT WITH CHECK (${IS_REGION_ADMIN} AND user_id IN (SELECT id FROM users));`,
  );

  // Audit: written by anyone in scope; read by the organisation's staff (its own rows) and
  // by the region admin (region-level rows: directory and user management).
  rls('audit_log');
  policies.push(
    `CREATE POLICY write ON audit_log FOR INSERT WITH CHECK (region_id = ${REGION});`,
    `CREATE POLICY read ON audit_log FOR SELECT USING (region_id = ${REGION} AND ((organisation_id IS NOT NULL AND organisation_id = ${ORG}) OR (organisation_id IS NULL AND ${IS_REGION_ADMIN})));`,
  );

  rls('mail_outbox');
  policies.push(
    `CREATE POLICY write ON mail_outbox FOR INSERT WITH CHECK (region_id = ${REGION});`,
    `CREATE POLICY admin_read ON mail_outbox FOR SELECT USING (region_id = ${REGION} AND ${IS_REGION_ADMIN});`,
    `CREATE POLICY sender ON mail_outbox FOR UPDATE USING (region_id = ${REGION} AND ${ROLE} = 'system') WITH CHECK (region_id = ${REGION});`,
    // The mail job reads the row it was given; it runs in the region's scope.
    `CREATE POLICY sender_read ON mail_outbox FOR SELECT USING (region_id = ${REGION} AND ${ROLE} = 'system');`,
  );

  policies.push(
    `GRANT USAGE ON SCHEMA public TO ${APP_ROLE};`,
    `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE};`,
    `REVOKE ALL ON kysely_migration, kysely_migration_lock FROM ${APP_ROLE};`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE};`,
  );
  await sql.raw(policies.join('\n')).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The foundation migration is not reversible');
}
