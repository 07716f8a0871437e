/*
 * The curator workspace's shapes, derived from the generated OpenAPI types (as lib/api/types.ts
 * does for the directory), so an API change shows up here as a type error.
 */
import type { components, operations } from '../api/schema.d.ts';

type Json<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }>
    ? Body
    : never;
type RequestBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type MenteeRequest = components['schemas']['MenteeRequest'];
export type ConsentVersion = components['schemas']['ConsentTextVersion'];
export type ConsentVersionInput = RequestBody<'createConsentVersion'>;
export type DataCategoryItem = components['schemas']['DataCategoryItem'];
export type RegionSettings = Json<'getRegionSettings', 200>;

export type QuestionnaireDefinitions = Json<'getQuestionnaireDefinitions', 200>;
export type QuestionnaireDefinition = QuestionnaireDefinitions['mentor'];
export type Question = QuestionnaireDefinition['questions'][number];
export type QuestionnaireKind = QuestionnaireDefinition['kind'];
export type Answers = RequestBody<'fillPersonQuestionnaire'>['answers'];
export type StoredQuestionnaire = Json<'fillPersonQuestionnaire', 200>;
export type IssuedLink = Json<'createQuestionnaireLink', 201>;

export type PersonListItem = components['schemas']['PersonListItem'];
export type PersonListQuery = NonNullable<operations['listPersons']['parameters']['query']>;
export type PersonSort = NonNullable<PersonListQuery['sort']>;
export type PersonCard = Json<'getPerson', 200>;
export type PersonConsent = PersonCard['consents'][number];
export type Participation = PersonCard['participations'][number];
export type CreatePersonInput = RequestBody<'createPerson'>;
export type UpdatePersonInput = RequestBody<'updatePerson'>;
export type ConsentInput = RequestBody<'addPersonConsent'>;
export type AuditEntry = components['schemas']['AuditEntry'];

export type PersonImport = Json<'getPersonImport', 200>;
export type PersonImportReport = components['schemas']['PersonImportReport'];
export type PersonImportSummary = components['schemas']['PersonImportSummary'];
export type DuplicateRow = PersonImportReport['duplicates'][number];
