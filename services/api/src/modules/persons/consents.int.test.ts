import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withScope } from '@nastavnik/db';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { multipartFile } from '../../../../../tests/support/multipart.ts';
import { bearer } from '../../../../../tests/support/harness.ts';
import { apiOf, auditRows, fieldsOf, MIN, student, teacher, V1, V2, type Api } from './test-support.ts';

/*
 * Consents of a person: a new consent, withdrawal (consents end, the erasure job is
 * enqueued after the commit), the pair-membership trigger, and signed scans.
 */

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  api = apiOf(t);
});
afterAll(async () => {
  await t?.close();
});

const create = async (body: Record<string, unknown>) => {
  const res = await api.post('/api/persons', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; consents: { id: string }[] };
};

describe('POST /api/persons/:id/consents', () => {
  it('records a newer version, which becomes the consent in force', async () => {
    const p = await create(
      teacher({
        lastName: 'Новикова',
        consent: { givenBy: 'self', givenAt: '2024-01-10', versionId: V1.id },
      }),
    );
    const res = await api.post(`/api/persons/${p.id}/consents`, {
      givenBy: 'self',
      givenAt: '2025-02-01',
      versionId: V2.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(
      card.consents.map((c: { version: { code: string }; inForce: boolean }) => [c.version.code, c.inForce]),
    ).toEqual([
      [V2.code, true],
      [V1.code, false],
    ]);
    expect(card.coveredCategories).toContain('snils');
    // Now SNILS may be stored.
    const patch = await api.patch(`/api/persons/${p.id}`, { snils: '112-233-445 95' });
    expect(patch.statusCode, patch.body).toBe(200);
    expect((await auditRows(t, 'persons.consent'))[0]).toMatchObject({ entity_id: p.id });
  });

  it('refuses a version that does not cover what is stored, and a minor consenting alone', async () => {
    const p = await create(teacher({ lastName: 'Покрытова' }));
    const res = await api.post(`/api/persons/${p.id}/consents`, {
      givenBy: 'self',
      givenAt: '2025-02-01',
      versionId: MIN.id,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('consent_not_covering');
    expect(fieldsOf(res)).toEqual(['email']);
    const minor = await create(student({ lastName: 'Юный' }));
    const alone = await api.post(`/api/persons/${minor.id}/consents`, {
      givenBy: 'self',
      givenAt: '2025-03-01',
      versionId: V2.id,
    });
    expect(fieldsOf(alone)).toEqual(['givenBy']);
  });
});

describe('POST /api/persons/:id/withdraw', () => {
  it('ends the consents in force, then enqueues the erasure job; a repeat changes nothing', async () => {
    const p = await create(student({ lastName: 'Отзывов' }));
    const before = t.enqueued.length;
    const res = await api.post(`/api/persons/${p.id}/withdraw`, { date: '2025-04-01', reason: 'withdrawal' });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ status: 'erasure_queued' });
    const consents = await t.db.owner
      .selectFrom('consents')
      .selectAll()
      .where('person_id', '=', p.id)
      .execute();
    expect(consents.map((c) => c.withdrawn_at)).toEqual(['2025-04-01']);
    expect(t.enqueued.slice(before)).toEqual([
      {
        name: 'persons.erase',
        payload: {
          personId: p.id,
          organisationId: t.fixtures.organisations.A1school.id,
          regionId: t.fixtures.regions.A.id,
          reason: 'withdrawal',
          date: '2025-04-01',
          requestedBy: t.fixtures.users.aCurator.id,
        },
      },
    ]);
    expect((await auditRows(t, 'persons.withdraw'))[0]).toMatchObject({ entity_id: p.id });

    const again = await api.post(`/api/persons/${p.id}/withdraw`, { date: '2025-04-05', reason: 'request' });
    expect(again.statusCode).toBe(202);
    const after = await t.db.owner.selectFrom('consents').selectAll().where('person_id', '=', p.id).execute();
    expect(after.map((c) => c.withdrawn_at)).toEqual(['2025-04-01']);
    expect(t.enqueued.slice(before).map((j) => j.name)).toEqual(['persons.erase', 'persons.erase']);

    // While the erasure is pending, the person's data may not change and no consent is added.
    expect((await api.patch(`/api/persons/${p.id}`, { className: '8А' })).json().error.code).toBe(
      'consent_withdrawn',
    );
    const renewed = await api.post(`/api/persons/${p.id}/consents`, {
      givenBy: 'representative',
      representativeName: 'Мать',
      representativeRelation: 'мать',
      givenAt: '2025-04-02',
      versionId: V2.id,
    });
    expect(renewed.statusCode).toBe(409);
    const card = await api.get(`/api/persons/${p.id}`);
    expect(card.json().consentStatus).toBe('withdrawn');
  });

  it('refuses a date in the future or before the consent', async () => {
    const p = await create(teacher({ lastName: 'Будущева' }));
    const future = await api.post(`/api/persons/${p.id}/withdraw`, {
      date: '2099-01-01',
      reason: 'withdrawal',
    });
    expect(fieldsOf(future)).toEqual(['date']);
    const early = await api.post(`/api/persons/${p.id}/withdraw`, {
      date: '2020-01-01',
      reason: 'withdrawal',
    });
    expect(fieldsOf(early)).toEqual(['date']);
    const consents = await t.db.owner
      .selectFrom('consents')
      .select('withdrawn_at')
      .where('person_id', '=', p.id)
      .execute();
    expect(consents).toEqual([{ withdrawn_at: null }]);
  });

  it('leaves a person without a consent in force out of any pair (database trigger)', async () => {
    const p = await create(student({ lastName: 'Безсогласный' }));
    await api.post(`/api/persons/${p.id}/withdraw`, { date: '2025-04-01', reason: 'withdrawal' });
    const fx = t.fixtures;
    const curator = fx.users.aCurator;
    const insert = withScope(
      t.db.app,
      {
        regionId: curator.regionId,
        organisationId: curator.organisationId,
        userId: curator.id,
        role: 'curator',
      },
      (tx) =>
        tx
          .insertInto('pair_members')
          .values({
            organisation_id: fx.organisations.A1school.id,
            pair_id: fx.tenantData.A1school.pairId,
            person_id: p.id,
            role: 'mentee',
          })
          .execute(),
    );
    await expect(insert).rejects.toMatchObject({ code: '23514' });
  });

  it("answers 404 for another organisation's person and 403 to the head", async () => {
    const foreign = t.fixtures.tenantData.B1school.personIds[0]!;
    const res = await api.post(`/api/persons/${foreign}/withdraw`, {
      date: '2025-04-01',
      reason: 'withdrawal',
    });
    expect(res.statusCode).toBe(404);
    const head = await api.post(
      `/api/persons/${foreign}/withdraw`,
      { date: '2025-04-01', reason: 'withdrawal' },
      t.tokenFor('head'),
    );
    expect(head.statusCode).toBe(403);
    const consents = await t.db.owner
      .selectFrom('consents')
      .select('withdrawn_at')
      .where('person_id', '=', foreign)
      .execute();
    expect(consents).toEqual([{ withdrawn_at: null }]);
  });
});

describe('consent scans', () => {
  const upload = (
    url: string,
    name: string,
    content: Buffer | string,
    type = 'application/pdf',
    token = t.tokenFor('curator'),
  ) => {
    const form = multipartFile('file', name, content, type);
    return t.app.inject({
      method: 'POST',
      url,
      headers: { ...bearer(token), ...form.headers },
      payload: form.payload,
    });
  };

  it('stores a PDF, JPEG or PNG by its bytes and gives the same file back', async () => {
    const p = await create(teacher({ lastName: 'Сканова' }));
    const url = `/api/persons/${p.id}/consents/${p.consents[0]!.id}/scan`;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2048, 7)]);
    const res = await upload(url, 'Согласие Сканова.pdf', pdf);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      fileName: 'Согласие Сканова.pdf',
      mime: 'application/pdf',
      size: pdf.length,
    });
    const back = await t.app.inject({ method: 'GET', url, headers: bearer(t.tokenFor('head')) });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(back.headers['content-disposition']).toBe(
      `attachment; filename="consent-scan.pdf"; filename*=UTF-8''${encodeURIComponent('Согласие Сканова.pdf')}`,
    );
    expect(Buffer.compare(back.rawPayload, pdf)).toBe(0);
    expect((await api.get(`/api/persons/${p.id}`)).json().consents[0]).toMatchObject({ hasScan: true });

    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    expect((await upload(url, 'скан.png', png, 'image/png')).json().mime).toBe('image/png');
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64)]);
    expect((await upload(url, 'скан.txt', jpeg, 'text/plain')).json().mime).toBe('image/jpeg');
    // The replaced scans are gone; one file is left for the consent.
    const files = await t.db.owner
      .selectFrom('stored_files')
      .select('id')
      .where('purpose', '=', 'consent_scan')
      .where('created_by', '=', t.fixtures.users.aCurator.id)
      .execute();
    expect(files).toHaveLength(1);
    expect((await auditRows(t, 'persons.consent_scan.upload')).length).toBe(3);
    expect((await auditRows(t, 'persons.consent_scan.download'))[0]).toMatchObject({
      user_id: t.fixtures.users.aHead.id,
    });
  });

  it('refuses other files, files over 10 MB and a missing file, naming the field', async () => {
    const p = await create(teacher({ lastName: 'Нескан' }));
    const url = `/api/persons/${p.id}/consents/${p.consents[0]!.id}/scan`;
    const renamed = await upload(url, 'вирус.pdf', 'MZ\x90\x00 not a pdf');
    expect(renamed.statusCode).toBe(400);
    expect(fieldsOf(renamed)).toEqual(['file']);
    const huge = await upload(
      url,
      'большой.pdf',
      Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(10 * 1024 * 1024)]),
    );
    expect(huge.statusCode).toBe(400);
    expect(fieldsOf(huge)).toEqual(['file']);
    const json = await api.post(url, { file: 'x' });
    expect(fieldsOf(json)).toEqual(['file']);
    const missing = await t.app.inject({ method: 'GET', url, headers: bearer(t.tokenFor('curator')) });
    expect(missing.statusCode).toBe(404);
  });

  it("does not reach another organisation's consent", async () => {
    const td = t.fixtures.tenantData.A2school;
    const url = `/api/persons/${td.personIds[0]}/consents/${td.consentIds[0]}/scan`;
    expect((await upload(url, 'a.pdf', '%PDF-1.4')).statusCode).toBe(404);
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(t.tokenFor('curator')) });
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain('PDF');
  });
});
