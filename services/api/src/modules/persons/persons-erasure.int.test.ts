import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, student, type Api } from './test-support.ts';

/*
 * Withdrawal end to end, with the real erasure job running in-process: the API enqueues it
 * after the commit, the job erases the person and stores the act, and the persons routes
 * then show an erased person and serve the act.
 */

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp();
  api = apiOf(t);
});
afterAll(async () => {
  await t?.close();
});

describe('withdrawal → erasure job → erased person', () => {
  it('erases the person, keeps the act, and answers a repeat the same way', async () => {
    const created = await api.post(
      '/api/persons',
      student({ lastName: 'Стираемый', snils: '112-233-445 95' }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id: string = created.json().id;
    expect((await api.get(`/api/persons/${id}/erasure-act`)).json().error.code).toBe('not_erased');

    const res = await api.post(`/api/persons/${id}/withdraw`, { date: '2025-04-01', reason: 'withdrawal' });
    expect(res.statusCode).toBe(202);
    await t.jobs.drain();

    const card = (await api.get(`/api/persons/${id}`)).json();
    expect(card).toMatchObject({
      fullName: 'Данные удалены',
      lastName: null,
      snils: null,
      erased: true,
      consentStatus: 'withdrawn',
      erasure: { reason: 'withdrawal', actAvailable: true },
    });
    const act = await api.get(`/api/persons/${id}/erasure-act`, t.tokenFor('head'));
    expect(act.statusCode).toBe(200);
    expect(act.headers['content-type']).toBe('application/pdf');
    const text = execFileSync('pdftotext', ['-', '-'], { input: act.rawPayload }).toString();
    expect(text).toMatch(/АКТ/);

    const erased = (await api.get('/api/persons?base=mentees&erased=true')).json();
    expect(erased.items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect(
      (await api.get('/api/persons?base=mentees&q=%D0%A1%D1%82%D0%B8%D1%80%D0%B0%D0%B5%D0%BC')).json().total,
    ).toBe(0);
    expect((await api.patch(`/api/persons/${id}`, { className: '1А' })).json().error.code).toBe(
      'person_erased',
    );
    expect((await api.get(`/api/persons/${id}/subject-access`)).statusCode).toBe(409);

    const again = await api.post(`/api/persons/${id}/withdraw`, { date: '2025-04-02', reason: 'withdrawal' });
    expect(again.statusCode).toBe(202);
    await t.jobs.drain();
    const acts = await t.db.owner
      .selectFrom('stored_files')
      .select('id')
      .where('purpose', '=', 'erasure_act')
      .where('organisation_id', '=', t.fixtures.organisations.A1school.id)
      .execute();
    expect(acts).toHaveLength(1);
  });
});
