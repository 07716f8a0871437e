/**
 * Pure document renderers for the curator workspace: plain data in, file bytes out.
 * No database and no HTTP here; the API and the worker gather the data and store the bytes.
 */
export type { OrganisationHeader } from './blocks.ts';
export { renderConsentFormDocx, renderConsentFormPdf, type ConsentFormData } from './consent-form.ts';
export { ERASURE_REASONS, renderErasureActPdf, type ErasureActData } from './erasure-act.ts';
export { renderSubjectAccessDocx, type SubjectAccessData } from './subject-access.ts';
export { formatDate, formatDateTime } from './format.ts';
