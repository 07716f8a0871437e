import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '@nastavnik/db';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';

/*
 * The one-time questionnaire link, end to end on a real PostgreSQL with RLS: the curator
 * issues it (optionally by e-mail), the person opens and submits the form without an
 * account, once; used, expired, replaced and unknown links look the same; a link shows
 * its own organisation and first name and nothing else.
 */

let t: TestApp;
let mentee: string;
let mentor: string;
const MADE_UP = 'made-up-questionnaire-token-0123456789abcdef';

beforeAll(async () => {
  t = await createTestApp();
  [mentor, mentee] = t.fixtures.tenantData.A1school.personIds as [string, string];
});
afterAll(async () => {
  await t?.close();
});

const issue = (
  personId: string,
  body: Record<string, unknown>,
  role: 'curator' | 'head' = 'curator',
  which?: 'A2',
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/persons/${personId}/questionnaire-links`,
    headers: bearer(t.tokenFor(role, which)),
    payload: body,
  });
const open = (token: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'GET', url: `/api/public/questionnaires/${token}`, headers });
const submit = (token: string, answers: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/public/questionnaires/${token}`, payload: { answers } });
const tokenOf = (url: string) => url.split('/q/')[1]!;

async function newLink(personId = mentee, kind = 'mentee'): Promise<string> {
  const res = await issue(personId, { kind });
  expect(res.statusCode).toBe(201);
  return tokenOf(res.json().url);
}

describe('the public form', () => {
  it('opens a fixture link with the organisation and the first name only', async () => {
    const fx = t.fixtures;
    const res = await open(fx.tenantData.A1school.questionnaireToken);
    expect(res.statusCode).toBe(200);
    const form = res.json();
    expect(form).toMatchObject({
      kind: 'mentee',
      title: 'Анкета наставляемого',
      organisationName: fx.organisations.A1school.name,
      firstName: 'Иван',
    });
    expect(form.questions.map((q: { key: string }) => q.key)).toContain('request');
    // Nothing else personal: no surname, e-mail, SNILS, birth date or ids.
    for (const s of [
      ...fx.tenantData.A1school.personStrings,
      ...fx.tenantData.A1school.personIds,
      '2010-09-01',
    ])
      expect(res.body).not.toContain(s);
  });

  it("a link of A2 shows A2's form and nothing of A1, whoever's session sends it", async () => {
    const fx = t.fixtures;
    const res = await open(fx.tenantData.A2school.questionnaireToken, bearer(t.tokenFor('curator')));
    expect(res.statusCode).toBe(200);
    expect(res.json().organisationName).toBe(fx.organisations.A2school.name);
    for (const s of [
      fx.organisations.A1school.name,
      fx.organisations.A1school.id,
      ...fx.tenantData.A1school.personIds,
    ])
      expect(res.body).not.toContain(s);
    for (const s of [...fx.tenantData.A2school.personStrings, ...fx.tenantData.A2school.personIds])
      expect(res.body).not.toContain(s);
  });

  it('answers an unknown token with link_invalid in Russian', async () => {
    const res = await open(MADE_UP);
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({
      code: 'link_invalid',
      message: expect.stringMatching(/недействительна/),
    });
  });

  it('refuses wrong answers by question without spending the link, then stores them once', async () => {
    const fx = t.fixtures;
    const token = fx.tenantData.A1school.questionnaireToken;
    const bad = await submit(token, { request: '', meetingFormat: 'по телефону' });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .error.fields.map((f: { field: string }) => f.field)
        .sort(),
    ).toEqual(['meetingFormat', 'request']);
    expect((await open(token)).statusCode).toBe(200);

    const ok = await submit(token, { request: 'Хочу разобраться с физикой', meetingFormat: 'онлайн' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ status: 'received' });
    const stored = await t.db.owner
      .selectFrom('questionnaires')
      .selectAll()
      .where('person_id', '=', mentee)
      .where('kind', '=', 'mentee')
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      filled_by: 'person',
      updated_by: null,
      organisation_id: fx.organisations.A1school.id,
      answers: { request: 'Хочу разобраться с физикой', meetingFormat: 'онлайн' },
    });
    const link = await t.db.owner
      .selectFrom('questionnaire_links')
      .select('used_at')
      .where('id', '=', fx.tenantData.A1school.questionnaireLinkId)
      .executeTakeFirstOrThrow();
    expect(link.used_at).not.toBeNull();
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'questionnaires.submit')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      region_id: fx.regions.A.id,
      organisation_id: fx.organisations.A1school.id,
      user_id: null,
      entity_id: stored.id,
      details: { personId: mentee, kind: 'mentee' },
    });

    // Single use: the second submission and a second look both find nothing.
    const again = await submit(token, { request: 'Ещё раз' });
    expect(again.statusCode).toBe(404);
    expect(again.json().error.code).toBe('link_invalid');
    const reopened = await open(token);
    expect(reopened.statusCode).toBe(404);
    expect(reopened.body).toBe((await open(MADE_UP)).body);
  });

  it('treats an expired link exactly like an unknown one', async () => {
    const token = await newLink();
    await t.db.owner
      .updateTable('questionnaire_links')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('token_hash', '=', hashSecret(token))
      .execute();
    const res = await open(token);
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe((await open(MADE_UP)).body);
    expect((await submit(token, { request: 'Поздно' })).statusCode).toBe(404);
  });

  it('lets exactly one of two simultaneous submissions through', async () => {
    const token = await newLink();
    const results = await Promise.all([
      submit(token, { request: 'Первый' }),
      submit(token, { request: 'Второй' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 404]);
    const winner = results.find((r) => r.statusCode === 201) === results[0] ? 'Первый' : 'Второй';
    const stored = await t.db.owner
      .selectFrom('questionnaires')
      .select('answers')
      .where('person_id', '=', mentee)
      .where('kind', '=', 'mentee')
      .execute();
    expect(stored).toEqual([{ answers: { request: winner } }]);
  });

  it("stops working when the person's consent is withdrawn", async () => {
    const token = await newLink(mentor, 'mentor');
    expect((await open(token)).statusCode).toBe(200);
    await t.db.owner
      .updateTable('consents')
      .set({ withdrawn_at: '2025-06-01' })
      .where('person_id', '=', mentor)
      .execute();
    const res = await open(token);
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe((await open(MADE_UP)).body);
    await t.db.owner
      .updateTable('consents')
      .set({ withdrawn_at: null })
      .where('person_id', '=', mentor)
      .execute();
  });
});

describe('issuing links (curator)', () => {
  it('returns the link once, keeps only its hash and retires the older link', async () => {
    const first = await issue(mentee, { kind: 'mentee', expiresInDays: 3 });
    expect(first.statusCode).toBe(201);
    const { url, expiresAt, sentTo } = first.json();
    expect(url).toMatch(/^http:\/\/nastavnik\.test\/q\/[A-Za-z0-9_-]{43}$/);
    expect(sentTo).toBeNull();
    const days = (Date.parse(expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(2.99);
    expect(days).toBeLessThan(3.01);
    const rows = await t.db.owner
      .selectFrom('questionnaire_links')
      .selectAll()
      .where('token_hash', '=', hashSecret(tokenOf(url)))
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      person_id: mentee,
      kind: 'mentee',
      created_by: t.fixtures.users.aCurator.id,
    });
    expect(
      JSON.stringify(await t.db.owner.selectFrom('questionnaire_links').selectAll().execute()),
    ).not.toContain(tokenOf(url));

    const second = await issue(mentee, { kind: 'mentee' });
    expect(second.statusCode).toBe(201);
    expect((await open(tokenOf(url))).statusCode).toBe(404);
    expect((await open(tokenOf(second.json().url))).statusCode).toBe(200);
    const days14 = (Date.parse(second.json().expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days14)).toBe(14);
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .select(['details', 'user_id'])
      .where('action', '=', 'questionnaires.link')
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toContain(tokenOf(url));
  });

  it('sends the link by e-mail when asked', async () => {
    const res = await issue(mentee, { kind: 'mentee', sendTo: 'ivan.parent@example.test' });
    expect(res.statusCode).toBe(201);
    expect(res.json().sentTo).toBe('ivan.parent@example.test');
    const letter = await t.db.owner
      .selectFrom('mail_outbox')
      .selectAll()
      .where('to_address', '=', 'ivan.parent@example.test')
      .executeTakeFirstOrThrow();
    expect(letter.region_id).toBe(t.fixtures.regions.A.id);
    expect(letter.subject).toContain('Анкета наставляемого');
    expect(letter.body_text).toContain(res.json().url);
    expect(letter.body_text).toContain('Здравствуйте, Иван!');
    await t.jobs.drain();
  });

  it('refuses a bad address, a wrong base, other organisations and the head', async () => {
    const bad = await issue(mentee, { kind: 'mentee', sendTo: 'не адрес' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toBe('sendTo');
    const long = await issue(mentee, { kind: 'mentee', expiresInDays: 31 });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.fields[0].field).toBe('expiresInDays');
    const base = await issue(mentee, { kind: 'mentor' });
    expect(base.statusCode).toBe(409);
    expect(base.json().error.code).toBe('not_in_base');
    const foreign = await issue(mentee, { kind: 'mentee' }, 'curator', 'A2');
    expect(foreign.statusCode).toBe(404);
    const head = await issue(mentee, { kind: 'mentee' }, 'head');
    expect(head.statusCode).toBe(403);
  });
});

describe('rate limit', () => {
  it('allows 30 requests a minute per address on the public form', async () => {
    const app = await t.buildApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await app.inject({ method: 'GET', url: `/api/public/questionnaires/${MADE_UP}` });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
