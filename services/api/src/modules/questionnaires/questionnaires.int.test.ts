import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';

/*
 * Questionnaires filled by the curator, on a real PostgreSQL with RLS: validation by
 * question, the base and consent rules, erased persons, roles. The one-time link flow is
 * in public-form.int.test.ts.
 */

let t: TestApp;
let a1: { mentor: string; mentee: string };
beforeAll(async () => {
  t = await createTestApp();
  const ids = t.fixtures.tenantData.A1school.personIds;
  a1 = { mentor: ids[0]!, mentee: ids[1]! };
});
afterAll(async () => {
  await t?.close();
});

type Role = 'region_admin' | 'curator' | 'head' | 'municipal_officer';
const call = (method: 'GET' | 'PUT', url: string, role: Role, payload?: unknown, which?: 'A' | 'A2') =>
  t.app.inject({ method, url, headers: bearer(t.tokenFor(role, which)), payload: payload as object });

const mentorAnswers = {
  experience: 'Учитель математики, 20 лет стажа',
  strengths: 'Терпение, умение объяснять',
  motivation: 'Хочу помочь молодым коллегам',
  readiness: 8,
  meetingFrequency: 'раз в неделю',
  preferredAge: ['молодые педагоги'],
  hoursPerMonth: 6,
};

/** A person of A1-school inserted directly (the persons module is not under test here). */
async function person(opts: { consentVersion?: number | null; erased?: boolean; mentee?: boolean } = {}) {
  const organisationId = t.fixtures.organisations.A1school.id;
  const p = await t.db.owner
    .insertInto('persons')
    .values({
      organisation_id: organisationId,
      last_name: opts.erased ? null : 'Проверочный',
      first_name: opts.erased ? null : 'Семён',
      category: 'student',
      in_mentee_base: opts.mentee ?? true,
      erased_at: opts.erased ? new Date() : null,
      erasure_reason: opts.erased ? 'withdrawal' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (opts.consentVersion !== null) {
    await t.db.owner
      .insertInto('consents')
      .values({
        organisation_id: organisationId,
        person_id: p.id,
        given_by: 'representative',
        representative_name: 'Проверочная Мать',
        given_at: '2025-01-10',
        version_id: NATIONAL_CONSENT_VERSIONS[opts.consentVersion ?? 1]!.id,
        withdrawn_at: opts.erased ? '2025-02-01' : null,
      })
      .execute();
  }
  return p.id;
}

describe('definitions', () => {
  it('are served to the curator and the head from the domain definition', async () => {
    for (const role of ['curator', 'head'] as const) {
      const res = await call('GET', '/api/questionnaires/definitions', role);
      expect(res.statusCode, role).toBe(200);
      const { mentor, mentee } = res.json();
      expect(mentor.title).toBe('Анкета наставника');
      expect(mentee.questions.find((q: { key: string }) => q.key === 'request')).toMatchObject({
        type: 'textarea',
        required: true,
        max: 2000,
      });
      expect(mentor.questions.find((q: { key: string }) => q.key === 'readiness')).toMatchObject({
        type: 'scale',
        min: 1,
        max: 10,
      });
    }
    for (const role of ['region_admin', 'municipal_officer'] as const) {
      expect((await call('GET', '/api/questionnaires/definitions', role)).statusCode, role).toBe(403);
    }
  });
});

describe("reading a person's questionnaire", () => {
  it('shows the stored answers to the curator and the head, and logs the read', async () => {
    for (const role of ['curator', 'head'] as const) {
      const res = await call('GET', `/api/persons/${a1.mentor}/questionnaires/mentor`, role);
      expect(res.statusCode, role).toBe(200);
      expect(res.json()).toMatchObject({
        id: t.fixtures.tenantData.A1school.questionnaireId,
        personId: a1.mentor,
        kind: 'mentor',
        filledBy: 'curator',
        answers: { motivation: 'Мотивация A1S' },
      });
    }
    const reads = await t.db.owner
      .selectFrom('audit_log')
      .select(['user_id', 'organisation_id', 'details'])
      .where('action', '=', 'questionnaires.read')
      .execute();
    expect(reads.map((r) => r.user_id).sort()).toEqual(
      [t.fixtures.users.aCurator.id, t.fixtures.users.aHead.id].sort(),
    );
    expect(reads[0]).toMatchObject({
      organisation_id: t.fixtures.organisations.A1school.id,
      details: { personId: a1.mentor, kind: 'mentor' },
    });
  });

  it('says not_filled for a questionnaire never filled, and hides other organisations', async () => {
    const none = await call('GET', `/api/persons/${a1.mentee}/questionnaires/mentee`, 'curator');
    expect(none.statusCode).toBe(404);
    expect(none.json().error.code).toBe('not_filled');

    const foreign = await call(
      'GET',
      `/api/persons/${a1.mentor}/questionnaires/mentor`,
      'curator',
      undefined,
      'A2',
    );
    const missing = await call(
      'GET',
      '/api/persons/00000000-0000-4000-8000-000000000000/questionnaires/mentor',
      'curator',
      undefined,
      'A2',
    );
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(missing.body);
    expect(foreign.body).not.toContain('Мотивация');
    for (const role of ['region_admin', 'municipal_officer'] as const) {
      const res = await call('GET', `/api/persons/${a1.mentor}/questionnaires/mentor`, role);
      expect(res.statusCode, role).toBe(403);
    }
  });
});

describe('filling a questionnaire (curator)', () => {
  const url = (id: string, kind = 'mentor') => `/api/persons/${id}/questionnaires/${kind}`;

  it('names every wrong answer by its question, in Russian', async () => {
    const res = await call('PUT', url(a1.mentor), 'curator', {
      answers: {
        experience: '   ',
        readiness: 11,
        meetingFrequency: 'никогда',
        hoursPerMonth: 2.5,
        bogus: 'x',
      },
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    const fields = Object.fromEntries(
      error.fields.map((f: { field: string; message: string }) => [f.field, f.message]),
    );
    expect(Object.keys(fields).sort()).toEqual(
      [
        'bogus',
        'experience',
        'hoursPerMonth',
        'meetingFrequency',
        'motivation',
        'readiness',
        'strengths',
      ].sort(),
    );
    expect(fields.experience).toBe('Ответьте на этот вопрос');
    expect(fields.readiness).toBe('Целое число от 1 до 10');
    expect(fields.meetingFrequency).toBe('Выберите один из вариантов');
    // Nothing changed.
    const stored = await call('GET', url(a1.mentor), 'curator');
    expect(stored.json().answers).toEqual({ motivation: 'Мотивация A1S' });
  });

  it('stores valid answers, one questionnaire per person and kind, and audits it', async () => {
    const res = await call('PUT', url(a1.mentor), 'curator', {
      answers: { ...mentorAnswers, experience: '  20 лет  ' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: t.fixtures.tenantData.A1school.questionnaireId,
      filledBy: 'curator',
      answers: { ...mentorAnswers, experience: '20 лет' },
    });
    const rows = await t.db.owner
      .selectFrom('questionnaires')
      .selectAll()
      .where('person_id', '=', a1.mentor)
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.updated_by).toBe(t.fixtures.users.aCurator.id);
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'questionnaires.fill')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      entity_id: rows[0]!.id,
      details: { personId: a1.mentor, kind: 'mentor' },
    });
  });

  it('refuses a mentor questionnaire for a person outside the mentor base', async () => {
    const res = await call('PUT', url(a1.mentee, 'mentor'), 'curator', { answers: mentorAnswers });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('not_in_base');
    expect(res.json().error.message).toMatch(/базе наставников/);
    const ok = await call('PUT', url(a1.mentee, 'mentee'), 'curator', {
      answers: { request: 'Подтянуть алгебру' },
    });
    expect(ok.statusCode).toBe(200);
  });

  it("refuses when the person's consent does not cover questionnaire answers, or there is none", async () => {
    const minimal = await person({ consentVersion: 2 });
    const res = await call('PUT', url(minimal, 'mentee'), 'curator', { answers: { request: 'Помощь' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('consent_not_covering');
    expect(res.json().error.message).toMatch(/ответы анкет/);

    const withoutConsent = await person({ consentVersion: null });
    const none = await call('PUT', url(withoutConsent, 'mentee'), 'curator', {
      answers: { request: 'Помощь' },
    });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('consent_not_covering');

    const covered = await person();
    const ok = await call('PUT', url(covered, 'mentee'), 'curator', { answers: { request: 'Помощь' } });
    expect(ok.statusCode).toBe(200);
    const stored = await t.db.owner
      .selectFrom('questionnaires')
      .select('id')
      .where('person_id', 'in', [minimal, withoutConsent])
      .execute();
    expect(stored).toEqual([]);
  });

  it('refuses erased persons, other organisations and the head', async () => {
    const erased = await person({ erased: true });
    const res = await call('PUT', url(erased, 'mentee'), 'curator', { answers: { request: 'Помощь' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('person_erased');

    const foreign = await call(
      'PUT',
      url(a1.mentee, 'mentee'),
      'curator',
      { answers: { request: 'Чужой' } },
      'A2',
    );
    expect(foreign.statusCode).toBe(404);
    const head = await call('PUT', url(a1.mentee, 'mentee'), 'head', {
      answers: { request: 'Руководитель' },
    });
    expect(head.statusCode).toBe(403);
    const stored = await t.db.owner
      .selectFrom('questionnaires')
      .select('answers')
      .where('person_id', '=', a1.mentee)
      .executeTakeFirstOrThrow();
    expect(stored.answers).toEqual({ request: 'Подтянуть алгебру' });
  });
});
