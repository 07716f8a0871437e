import { sql, type Kysely } from 'kysely';
import { NATIONAL_CONSENT_VERSIONS, NATIONAL_MENTEE_REQUESTS } from '@nastavnik/domain';
import { APP_ROLE } from '../roles.ts';
import { enableRls, IS_REGION_ADMIN, ORG, REGION, setting } from './policy-sql.ts';

/*
 * The curator workspace: the mentor and mentee bases (columns of the methodology, seed
 * 003), consent text versions with the data categories they cover, questionnaires and
 * their one-time links, stored files (consent scans, erasure acts, uploads), and person
 * imports run as jobs.
 */

/** Tables of one organisation's data added here (isolated by organisation_id like 0001's). */
export const WORKSPACE_TABLES = [
  'stored_files',
  'questionnaires',
  'questionnaire_links',
  'person_imports',
] as const;

const CATEGORIES = [
  'student',
  'teacher',
  'parent',
  'graduate',
  'enterprise_employee',
  'entrepreneur',
  'ngo_employee',
  'partner_employee',
  'other',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `
CREATE TABLE consent_text_versions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid REFERENCES regions(id),
  code text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  -- The personal-data categories (packages/domain DATA_CATEGORIES) this text covers.
  data_categories text[] NOT NULL CHECK (cardinality(data_categories) > 0 AND 'identity' = ANY (data_categories)),
  valid_from date NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX consent_text_versions_code ON consent_text_versions (coalesce(region_id, '00000000-0000-0000-0000-000000000000'::uuid), code);

CREATE TABLE mentee_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  region_id uuid REFERENCES regions(id),
  name text NOT NULL,
  sort int NOT NULL DEFAULT 100,
  archived boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX mentee_requests_name ON mentee_requests (coalesce(region_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

CREATE TABLE stored_files (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  purpose text NOT NULL CHECK (purpose IN ('consent_scan', 'erasure_act', 'import_upload')),
  file_name text NOT NULL,
  mime text NOT NULL,
  size int NOT NULL,
  bytes bytea NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stored_files_org_idx ON stored_files (organisation_id, purpose, created_at);

ALTER TABLE persons DROP CONSTRAINT persons_category_check;
ALTER TABLE persons ADD CONSTRAINT persons_category_check CHECK (category IN (${CATEGORIES.map((c) => `'${c}'`).join(', ')}));
ALTER TABLE persons
  ADD COLUMN in_mentor_base boolean NOT NULL DEFAULT false,
  ADD COLUMN in_mentee_base boolean NOT NULL DEFAULT false,
  ADD COLUMN class_name text,
  ADD COLUMN workplace text,
  ADD COLUMN position text,
  ADD COLUMN competences text,
  ADD COLUMN life_experience text,
  ADD COLUMN interests text,
  ADD COLUMN preferred_age_min int CHECK (preferred_age_min BETWEEN 0 AND 100),
  ADD COLUMN preferred_age_max int CHECK (preferred_age_max BETWEEN 0 AND 100),
  ADD COLUMN time_resource_hours int CHECK (time_resource_hours BETWEEN 0 AND 200),
  ADD COLUMN request_id uuid REFERENCES mentee_requests(id),
  ADD COLUMN request_details text,
  ADD COLUMN erasure_reason text CHECK (erasure_reason IN ('withdrawal', 'retention', 'request')),
  ADD COLUMN erasure_act_file_id uuid REFERENCES stored_files(id),
  ADD CONSTRAINT persons_age_range CHECK (preferred_age_min IS NULL OR preferred_age_max IS NULL OR preferred_age_min <= preferred_age_max),
  -- Until erased, a person has a name; erasure clears it.
  ADD CONSTRAINT persons_named CHECK (erased_at IS NOT NULL OR (last_name IS NOT NULL AND first_name IS NOT NULL));
-- Same full name and birth date in one organisation is one person (KPI.md): never doubled.
CREATE UNIQUE INDEX persons_org_key_unique ON persons (organisation_id, person_key) WHERE erased_at IS NULL AND person_key IS NOT NULL;
CREATE UNIQUE INDEX persons_org_snils_unique ON persons (organisation_id, snils) WHERE snils IS NOT NULL;
CREATE INDEX persons_org_created_idx ON persons (organisation_id, created_at);

ALTER TABLE consents
  ADD COLUMN version_id uuid REFERENCES consent_text_versions(id),
  ADD COLUMN scan_file_id uuid REFERENCES stored_files(id),
  ADD COLUMN created_by uuid REFERENCES users(id);
-- Erasure destroys the representative's name too; the withdrawn consent row stays as a
-- names-free record that consent was given and withdrawn.
ALTER TABLE consents DROP CONSTRAINT consents_check;
ALTER TABLE consents ADD CONSTRAINT consents_representative_named
  CHECK (given_by = 'self' OR representative_name IS NOT NULL OR withdrawn_at IS NOT NULL);

-- A person without a consent in force cannot be put into a pair (152-ФЗ): enforced here so
-- no module (matching, imports, the API) can forget it.
CREATE FUNCTION pair_members_require_consent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = NEW.person_id AND c.withdrawn_at IS NULL) THEN
    RAISE EXCEPTION 'person % has no consent in force', NEW.person_id
      USING ERRCODE = 'check_violation', CONSTRAINT = 'pair_members_consent_required';
  END IF;
  RETURN NEW;
END $$;
-- AFTER, so row-level security refuses a foreign row first (42501), before this check.
CREATE TRIGGER pair_members_require_consent AFTER INSERT ON pair_members
  FOR EACH ROW EXECUTE FUNCTION pair_members_require_consent();

CREATE TABLE questionnaires (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  kind text NOT NULL CHECK (kind IN ('mentor', 'mentee')),
  answers jsonb NOT NULL,
  filled_by text NOT NULL CHECK (filled_by IN ('curator', 'person')),
  submitted_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES users(id),
  UNIQUE (person_id, kind)
);

CREATE TABLE questionnaire_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  person_id uuid NOT NULL REFERENCES persons(id),
  kind text NOT NULL CHECK (kind IN ('mentor', 'mentee')),
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX questionnaire_links_person_idx ON questionnaire_links (person_id);

CREATE TABLE person_imports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations(id),
  base text NOT NULL CHECK (base IN ('mentors', 'mentees')),
  file_name text NOT NULL,
  -- The upload, kept between the dry run and the apply; deleted once applied or expired.
  file_id uuid REFERENCES stored_files(id) ON DELETE SET NULL,
  mode text NOT NULL CHECK (mode IN ('dry_run', 'apply')),
  on_duplicate text CHECK (on_duplicate IN ('merge', 'skip')),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  -- Progress of a running job: rows processed of rows in the file, and the current phase.
  processed_rows int NOT NULL DEFAULT 0,
  total_rows int,
  phase text,
  report jsonb,
  error text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX person_imports_org_idx ON person_imports (organisation_id, created_at DESC);
`,
    )
    .execute(db);

  // Reference rows and the backfill of existing data: FORCE binds a non-superuser owner
  // too, so it is lifted for the length of this transaction (as in 0002).
  const forced = ['consent_text_versions', 'mentee_requests', 'persons', 'consents', 'pair_members'];
  await sql.raw(forced.map((t) => `ALTER TABLE ${t} NO FORCE ROW LEVEL SECURITY;`).join('\n')).execute(db);
  for (const v of NATIONAL_CONSENT_VERSIONS) {
    await sql`INSERT INTO consent_text_versions (id, region_id, code, title, body, data_categories, valid_from)
      VALUES (${v.id}, NULL, ${v.code}, ${v.title}, ${v.body}, ${v.categories}, ${v.validFrom})`.execute(db);
  }
  for (const [i, name] of NATIONAL_MENTEE_REQUESTS.entries()) {
    await sql`INSERT INTO mentee_requests (region_id, name, sort) VALUES (NULL, ${name}, ${(i + 1) * 10})`.execute(
      db,
    );
  }
  await sql
    .raw(
      `
UPDATE consents c SET version_id = coalesce(
  (SELECT v.id FROM consent_text_versions v WHERE v.region_id IS NULL AND v.code = c.text_version),
  '${NATIONAL_CONSENT_VERSIONS[0]!.id}'::uuid);
ALTER TABLE consents ALTER COLUMN version_id SET NOT NULL, DROP COLUMN text_version;
CREATE INDEX consents_version_idx ON consents (version_id);
UPDATE persons p SET
  in_mentor_base = EXISTS (SELECT 1 FROM pair_members m WHERE m.person_id = p.id AND m.role = 'mentor'),
  in_mentee_base = EXISTS (SELECT 1 FROM pair_members m WHERE m.person_id = p.id AND m.role = 'mentee');
UPDATE persons SET in_mentee_base = (category = 'student'), in_mentor_base = (category <> 'student')
  WHERE NOT in_mentor_base AND NOT in_mentee_base;
`,
    )
    .execute(db);
  await sql.raw(forced.map((t) => `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;`).join('\n')).execute(db);

  const policies: string[] = [];
  for (const t of WORKSPACE_TABLES) {
    policies.push(enableRls(t));
    if (t === 'questionnaire_links') continue;
    policies.push(
      `CREATE POLICY tenant ON ${t} USING (organisation_id = ${ORG}) WITH CHECK (organisation_id = ${ORG});`,
    );
  }
  // A one-time link is reachable by its organisation, or by the hash of its secret (the
  // public form, before anyone knows which organisation it belongs to).
  policies.push(
    `CREATE POLICY tenant ON questionnaire_links USING (organisation_id = ${ORG} OR token_hash = ${setting('auth_token_hash')}) WITH CHECK (organisation_id = ${ORG});`,
  );
  for (const t of ['consent_text_versions', 'mentee_requests']) {
    policies.push(
      enableRls(t),
      `CREATE POLICY read ON ${t} FOR SELECT USING (region_id IS NULL OR region_id = ${REGION});`,
      `CREATE POLICY admin_write ON ${t} FOR ALL USING (region_id = ${REGION} AND ${IS_REGION_ADMIN}) WITH CHECK (region_id = ${REGION} AND ${IS_REGION_ADMIN});`,
    );
  }
  const tables = [...WORKSPACE_TABLES, 'consent_text_versions', 'mentee_requests'].join(', ');
  policies.push(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${tables} TO ${APP_ROLE};`);
  await sql.raw(policies.join('\n')).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('The curator workspace migration is not reversible');
}
