import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, type Api } from '../persons/test-support.ts';

/*
 * The organisation's audit log: its curator and head browse it (with colleagues' names),
 * nobody else sees any of it; every entry written by the persons routes has who, when,
 * what and from where; reading the log is not logged.
 */

let t: TestApp;
let api: Api;
interface Entry {
  id: number;
  at: string;
  userId: string | null;
  userName: string | null;
  action: string;
  entity: string | null;
  entityId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}
const entriesOf = (res: { json(): { items: Entry[] } }) => res.json().items;

beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  api = apiOf(t);
  const td = t.fixtures.tenantData.A1school;
  expect((await api.get('/api/persons?base=mentees&q=Учеников')).statusCode).toBe(200);
  expect((await api.get(`/api/persons/${td.personIds[0]}`, t.tokenFor('head'))).statusCode).toBe(200);
  // Another organisation's curator works in its own base.
  expect((await api.get('/api/persons?base=mentors', t.tokenFor('curator', 'A2'))).statusCode).toBe(200);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/audit', () => {
  it("shows the curator the organisation's entries with user, time, action and address", async () => {
    const res = await api.get('/api/audit?action=persons');
    expect(res.statusCode, res.body).toBe(200);
    const entries = entriesOf(res);
    expect(entries.map((e) => [e.action, e.userName])).toEqual([
      ['persons.read', t.fixtures.users.aHead.fullName],
      ['persons.list', t.fixtures.users.aCurator.fullName],
    ]);
    for (const e of entries) {
      expect(e.userId).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(e.at)).toBeGreaterThan(Date.now() - 600_000);
      expect(e.ip).toBeTruthy();
    }
    expect(entries[0]).toMatchObject({
      entity: 'person',
      entityId: t.fixtures.tenantData.A1school.personIds[0],
    });
    expect(entries[1]!.details).toMatchObject({ base: 'mentees', count: 1 });
  });

  it('shows the head the same log', async () => {
    const curator = entriesOf(await api.get('/api/audit?pageSize=200'));
    const head = entriesOf(await api.get('/api/audit?pageSize=200', t.tokenFor('head')));
    expect(head).toEqual(curator);
    expect(head.map((e) => e.action)).toContain('fixture.org');
  });

  it('filters by user and by dates', async () => {
    const byHead = entriesOf(await api.get(`/api/audit?userId=${t.fixtures.users.aHead.id}`));
    expect(byHead.map((e) => e.action)).toEqual(['persons.read']);
    // The dates are the region's calendar dates (Europe/Moscow for the fixtures).
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Moscow' }).format(new Date());
    const page = await api.get(`/api/audit?action=persons&from=${today}&to=${today}`);
    expect(page.json().total).toBe(2);
    const old = await api.get('/api/audit?action=persons&to=2020-01-01');
    expect(page.statusCode).toBe(200);
    expect(old.json()).toMatchObject({ items: [], total: 0 });
    const wildcard = await api.get('/api/audit?action=%25');
    expect(wildcard.json().total).toBe(0);
  });

  it('is closed to the region and the municipality, and other organisations see none of it', async () => {
    for (const role of ['region_admin', 'municipal_officer'] as const) {
      expect((await api.get('/api/audit', t.tokenFor(role))).statusCode).toBe(403);
    }
    const mine = new Set(entriesOf(await api.get('/api/audit?pageSize=200')).map((e) => e.id));
    for (const token of [t.tokenFor('curator', 'A2'), t.tokenFor('curator', 'B'), t.tokenFor('head', 'B')]) {
      const res = await api.get('/api/audit?pageSize=200', token);
      expect(res.statusCode).toBe(200);
      const theirs = entriesOf(res);
      expect(theirs.filter((e) => mine.has(e.id))).toEqual([]);
      expect(res.body).not.toContain(t.fixtures.users.aCurator.fullName);
      expect(res.body).not.toContain(t.fixtures.tenantData.A1school.personIds[0]);
    }
    const a2 = entriesOf(await api.get('/api/audit?action=persons', t.tokenFor('curator', 'A2')));
    expect(a2.map((e) => [e.action, e.userName])).toEqual([
      ['persons.list', t.fixtures.users.a2Curator.fullName],
    ]);
  });

  it('does not log reading the log', async () => {
    const count = async () =>
      Number(
        (
          await t.db.owner
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    await api.get('/api/audit');
    await api.get('/api/audit', t.tokenFor('head'));
    expect(await count()).toBe(before);
  });
});
