/*
 * Names for the shapes the pages use, all derived from the generated OpenAPI types, so a
 * change in the API's schemas shows up here as a type error rather than a runtime surprise.
 */
import type { operations } from './schema.d.ts';

type Json<Op extends keyof operations, Status extends number> =
  operations[Op]['responses'] extends Record<Status, { content: { 'application/json': infer Body } }>
    ? Body
    : never;
type RequestBody<Op extends keyof operations> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer Body } };
}
  ? Body
  : never;

export type Session = Json<'login', 200>;
export type Me = Session['user'];
export type Role = Me['role'];
export type LinkInfo = Json<'describeLink', 200>;
export type ErrorBody = Json<'login', 400>;
export type FieldError = ErrorBody['error']['fields'][number];

export type Municipality = Json<'getMunicipality', 200>;
export type MunicipalityInput = RequestBody<'createMunicipality'>;
export type Organisation = Json<'getOrganisation', 200>;
export type OrganisationInput = RequestBody<'createOrganisation'>;
export type OrganisationKind = Organisation['kind'];
export type Enterprise = Json<'getEnterprise', 200>;
export type EnterpriseInput = RequestBody<'createEnterprise'>;
export type UserView = Json<'getUser', 200>;
export type UserStatus = UserView['status'];
export type InviteInput = RequestBody<'inviteUser'>;
export type UpdateUserInput = RequestBody<'updateUser'>;
export type MailItem = Json<'listMail', 200>['items'][number];
export type MailStatus = MailItem['status'];

/** Every list endpoint answers with one page of this shape. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export type ImportKind = operations['runImport']['parameters']['path']['kind'];
export type ImportReport = Json<'runImport', 200>;
export type ImportErrorReply = Json<'runImport', 400>;
