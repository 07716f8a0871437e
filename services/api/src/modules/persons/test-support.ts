import type { LightMyRequestResponse } from 'fastify';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { bearer, type TestApp } from '../../../../../tests/support/harness.ts';

/* Shared pieces of the persons integration tests (not a test file itself). */

/** v1-2020: no SNILS. */
export const V1 = NATIONAL_CONSENT_VERSIONS[0]!;
/** v2-2023: everything, SNILS included. */
export const V2 = NATIONAL_CONSENT_VERSIONS[1]!;
/** min-2023: identity, birth date, education, employment — no contacts, no SNILS, no profile. */
export const MIN = NATIONAL_CONSENT_VERSIONS[2]!;

export function teacher(overrides: Record<string, unknown> = {}) {
  return {
    inMentorBase: true,
    inMenteeBase: false,
    lastName: 'Сидорова',
    firstName: 'Анна',
    middleName: 'Петровна',
    category: 'teacher',
    birthDate: '1985-03-10',
    careerStartYear: 2008,
    email: 'sidorova@school.test',
    consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: V2.id },
    ...overrides,
  };
}

export function student(overrides: Record<string, unknown> = {}) {
  return {
    inMentorBase: false,
    inMenteeBase: true,
    lastName: 'Ёлкин',
    firstName: 'Пётр',
    category: 'student',
    birthDate: '2012-05-20',
    className: '7Б',
    consent: {
      givenBy: 'representative',
      representativeName: 'Ёлкина Мария Ивановна',
      representativeRelation: 'мать',
      givenAt: '2025-02-01',
      versionId: V2.id,
    },
    ...overrides,
  };
}

export interface Api {
  get(url: string, token?: string): Promise<LightMyRequestResponse>;
  post(url: string, payload: unknown, token?: string): Promise<LightMyRequestResponse>;
  patch(url: string, payload: unknown, token?: string): Promise<LightMyRequestResponse>;
}

/** Requests as the A1-school curator unless another token is given. */
export function apiOf(t: TestApp): Api {
  const curator = t.tokenFor('curator');
  const send = (method: 'GET' | 'POST' | 'PATCH', url: string, payload: unknown, token = curator) =>
    t.app.inject({ method, url, headers: bearer(token), payload: payload as string });
  return {
    get: (url, token) => send('GET', url, undefined, token),
    post: (url, payload, token) => send('POST', url, payload, token),
    patch: (url, payload, token) => send('PATCH', url, payload, token),
  };
}

export const fieldsOf = (res: LightMyRequestResponse): string[] =>
  (res.json().error?.fields ?? []).map((f: { field: string }) => f.field);

/** The audit entries of the A1 school with this action, newest first. */
export async function auditRows(t: TestApp, action: string) {
  return t.db.owner
    .selectFrom('audit_log')
    .selectAll()
    .where('organisation_id', '=', t.fixtures.organisations.A1school.id)
    .where('action', '=', action)
    .orderBy('id', 'desc')
    .execute();
}
