import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/*
 * Typed view of the schema (migrations/). Dates are ISO strings ('YYYY-MM-DD'); int8 is a
 * number; timestamps are Date. Both drivers (pg and PGlite) are configured the same way.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, never, never>;

export type OrganisationKind = 'school' | 'kindergarten' | 'college' | 'additional';
export type UserRole = 'region_admin' | 'municipal_officer' | 'curator' | 'head';
export type PersonCategory =
  | 'student'
  | 'teacher'
  | 'parent'
  | 'graduate'
  | 'enterprise_employee'
  | 'entrepreneur'
  | 'ngo_employee'
  | 'partner_employee'
  | 'other';
export type QuestionnaireKindColumn = 'mentor' | 'mentee';
export type ErasureReason = 'withdrawal' | 'retention' | 'request';
export type PairStatus = 'draft' | 'active' | 'completed' | 'cancelled';
export type ParticipationRole = 'mentor' | 'mentee';
export type StatisticMetric = 'children_10_19' | 'children_15_19' | 'young_teachers' | 'enterprises';
export type TerritoryType = 'region' | 'municipality' | 'organisation';

export interface RegionsTable {
  id: Generated<string>;
  name: string;
  code: string;
  timezone: Generated<string>;
  satisfaction_threshold: Generated<number>;
  retention_years: Generated<number>;
  created_at: CreatedAt;
}
export interface MunicipalitiesTable {
  id: Generated<string>;
  region_id: string;
  name: string;
  oktmo: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}
export interface OrganisationsTable {
  id: Generated<string>;
  region_id: string;
  municipality_id: string;
  name: string;
  short_name: string | null;
  kind: OrganisationKind;
  inn: string;
  address: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}
export interface EnterprisesTable {
  id: Generated<string>;
  region_id: string;
  municipality_id: string | null;
  name: string;
  inn: string;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}
export interface UsersTable {
  id: Generated<string>;
  region_id: string;
  email: string;
  full_name: string;
  role: UserRole;
  municipality_id: string | null;
  organisation_id: string | null;
  password_hash: string | null;
  status: Generated<'invited' | 'active' | 'disabled'>;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
  password_changed_at: Timestamp | null;
}
export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}
export interface OneTimeTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'invite' | 'password_reset';
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}
export interface AuditLogTable {
  id: Generated<number>;
  region_id: string;
  organisation_id: string | null;
  user_id: string | null;
  action: string;
  entity: string | null;
  entity_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  ip: string | null;
  created_at: CreatedAt;
}
export interface MailOutboxTable {
  id: Generated<string>;
  region_id: string;
  to_address: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  status: Generated<'queued' | 'sent' | 'failed' | 'kept'>;
  attempts: Generated<number>;
  error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}
export interface MentoringFormsTable {
  id: Generated<string>;
  region_id: string | null;
  code: string;
  name: string;
  mentor_categories: PersonCategory[];
  mentee_categories: PersonCategory[];
}
export interface RoleModelsTable {
  id: Generated<string>;
  region_id: string | null;
  form_id: string;
  name: string;
}
export interface TerritoryStatisticsTable {
  id: Generated<string>;
  region_id: string;
  territory_type: TerritoryType;
  territory_id: string;
  year: number;
  metric: StatisticMetric;
  value: number;
  updated_at: Generated<Timestamp>;
}
export interface KpiTargetsTable {
  region_id: string;
  indicator: string;
  year: number;
  target: number;
}
export interface PersonsTable {
  id: Generated<string>;
  organisation_id: string;
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
  birth_date: string | null;
  birth_year: number | null;
  category: PersonCategory;
  career_start_year: number | null;
  enterprise_id: string | null;
  email: string | null;
  phone: string | null;
  snils: string | null;
  person_key: string | null;
  erased_at: Timestamp | null;
  in_mentor_base: Generated<boolean>;
  in_mentee_base: Generated<boolean>;
  class_name: string | null;
  workplace: string | null;
  position: string | null;
  competences: string | null;
  life_experience: string | null;
  interests: string | null;
  preferred_age_min: number | null;
  preferred_age_max: number | null;
  time_resource_hours: number | null;
  request_id: string | null;
  request_details: string | null;
  erasure_reason: ErasureReason | null;
  erasure_act_file_id: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}
export interface ConsentsTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  given_by: 'self' | 'representative';
  representative_name: string | null;
  representative_relation: string | null;
  given_at: string;
  version_id: string;
  withdrawn_at: string | null;
  scan_file_id: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}
export interface ConsentTextVersionsTable {
  id: Generated<string>;
  region_id: string | null;
  code: string;
  title: string;
  body: string;
  data_categories: string[];
  valid_from: string;
  archived: Generated<boolean>;
  created_at: CreatedAt;
}
export interface MenteeRequestsTable {
  id: Generated<string>;
  region_id: string | null;
  name: string;
  sort: Generated<number>;
  archived: Generated<boolean>;
  created_at: CreatedAt;
}
export interface StoredFilesTable {
  id: Generated<string>;
  organisation_id: string;
  purpose: 'consent_scan' | 'erasure_act' | 'import_upload';
  file_name: string;
  mime: string;
  size: number;
  bytes: Buffer;
  created_by: string | null;
  created_at: CreatedAt;
}
export interface QuestionnairesTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  kind: QuestionnaireKindColumn;
  answers: ColumnType<Record<string, unknown>, string, string>;
  filled_by: 'curator' | 'person';
  submitted_at: Generated<Timestamp>;
  updated_by: string | null;
}
export interface QuestionnaireLinksTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  kind: QuestionnaireKindColumn;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}
export interface PersonImportsTable {
  id: Generated<string>;
  organisation_id: string;
  base: 'mentors' | 'mentees';
  file_name: string;
  file_id: string | null;
  mode: 'dry_run' | 'apply';
  on_duplicate: 'merge' | 'skip' | null;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  processed_rows: Generated<number>;
  total_rows: number | null;
  phase: string | null;
  report: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  error: string | null;
  created_by: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}
export interface ProgrammesTable {
  id: Generated<string>;
  organisation_id: string;
  school_year: number;
  title: string;
  created_at: CreatedAt;
}
export interface PairsTable {
  id: Generated<string>;
  organisation_id: string;
  programme_id: string;
  form_id: string;
  role_model_id: string | null;
  status: Generated<PairStatus>;
  start_date: string;
  end_date: string | null;
  cancelled_at: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Timestamp>;
}
export interface PairMembersTable {
  id: Generated<string>;
  organisation_id: string;
  pair_id: string;
  person_id: string;
  role: ParticipationRole;
  start_date: string | null;
  end_date: string | null;
}
export interface SurveyResponsesTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  pair_id: string | null;
  role: ParticipationRole;
  submitted_at: Timestamp;
  overall_score: number;
  answers: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
}

export interface KpiSnapshotsTable {
  region_id: string;
  territory_type: TerritoryType;
  territory_id: string;
  municipality_id: string | null;
  year: number;
  indicator: string;
  numerator: number;
  denominator: number | null;
  participants: number | null;
  computed_at: Timestamp;
}

/** Names-free facts per organisation, year and indicator (migration 0009; the KPI engine's). */
export interface KpiFactsTable {
  region_id: string;
  organisation_id: string;
  year: number;
  indicator: string;
  subject: string;
  score: number | null;
  scored_at: Timestamp | null;
}

/** Pending KPI work noted by triggers (migration 0009); organisation_id NULL = the region. */
export interface KpiOutboxTable {
  id: Generated<number>;
  region_id: string;
  organisation_id: string | null;
  kind: Generated<'facts' | 'statistics' | 'rollup' | 'full'>;
  created_at: CreatedAt;
}

export interface Database {
  regions: RegionsTable;
  municipalities: MunicipalitiesTable;
  organisations: OrganisationsTable;
  enterprises: EnterprisesTable;
  users: UsersTable;
  refresh_tokens: RefreshTokensTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
  mail_outbox: MailOutboxTable;
  mentoring_forms: MentoringFormsTable;
  role_models: RoleModelsTable;
  territory_statistics: TerritoryStatisticsTable;
  kpi_targets: KpiTargetsTable;
  persons: PersonsTable;
  consents: ConsentsTable;
  programmes: ProgrammesTable;
  pairs: PairsTable;
  pair_members: PairMembersTable;
  survey_responses: SurveyResponsesTable;
  consent_text_versions: ConsentTextVersionsTable;
  mentee_requests: MenteeRequestsTable;
  stored_files: StoredFilesTable;
  questionnaires: QuestionnairesTable;
  questionnaire_links: QuestionnaireLinksTable;
  person_imports: PersonImportsTable;
  kpi_snapshots: KpiSnapshotsTable;
  kpi_facts: KpiFactsTable;
  kpi_outbox: KpiOutboxTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type Organisation = Selectable<OrganisationsTable>;
export type Municipality = Selectable<MunicipalitiesTable>;
export type Enterprise = Selectable<EnterprisesTable>;
export type Person = Selectable<PersonsTable>;
export type NewPerson = Insertable<PersonsTable>;
export type PersonUpdate = Updateable<PersonsTable>;
