import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { withScope, type Scope } from '@nastavnik/db';
import type { FixtureUser } from '../../../../../tests/support/fixtures.ts';
import { bearer, createTestApp, type TestApp, type Which } from '../../../../../tests/support/harness.ts';

/*
 * An organisation's own pupil and staff counts on a real PostgreSQL: the curator writes
 * only their organisation's, the head reads them, nobody else's organisation sees them, the
 * region admin reads them in the statistics grid; and RLS (migration 0010) holds the same
 * line when the application forgets it.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Role = 'region_admin' | 'curator' | 'head' | 'municipal_officer';
const call = (method: 'GET' | 'PUT', url: string, role: Role, payload?: unknown, which?: Which) =>
  t.app.inject({ method, url, headers: bearer(t.tokenFor(role, which)), payload: payload as object });
const orgRows = () =>
  t.db.owner
    .selectFrom('territory_statistics')
    .select(['territory_id', 'year', 'metric', 'value'])
    .where('territory_type', '=', 'organisation')
    .orderBy('territory_id')
    .orderBy('metric')
    .execute();

describe('/api/organisation/counts', () => {
  it('the curator enters the counts, the head reads them, both audited', async () => {
    const fx = t.fixtures;
    const empty = await call('GET', '/api/organisation/counts?year=2025', 'curator');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toMatchObject({
      year: 2025,
      organisationId: fx.organisations.A1school.id,
      editable: true,
      values: { children_10_19: null, children_15_19: null, young_teachers: null },
      updatedAt: null,
    });
    expect(empty.json().metrics.map((m: { key: string }) => m.key)).toEqual([
      'children_10_19',
      'children_15_19',
      'young_teachers',
    ]);

    const saved = await call('PUT', '/api/organisation/counts', 'curator', {
      year: 2025,
      values: { children_10_19: 640, children_15_19: 290, young_teachers: 6 },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().values).toEqual({ children_10_19: 640, children_15_19: 290, young_teachers: 6 });
    expect(saved.json().updatedAt).toEqual(expect.any(String));

    // Only the metrics given change; null deletes.
    const partial = await call('PUT', '/api/organisation/counts', 'curator', {
      year: 2025,
      values: { young_teachers: null, children_15_19: 300 },
    });
    expect(partial.json().values).toEqual({ children_10_19: 640, children_15_19: 300, young_teachers: null });

    const head = await call('GET', '/api/organisation/counts?year=2025', 'head');
    expect(head.json()).toMatchObject({ editable: false, values: partial.json().values });
    expect(
      (await call('PUT', '/api/organisation/counts', 'head', { year: 2025, values: { young_teachers: 1 } }))
        .statusCode,
    ).toBe(403);

    expect(await orgRows()).toEqual([
      { territory_id: fx.organisations.A1school.id, year: 2025, metric: 'children_10_19', value: 640 },
      { territory_id: fx.organisations.A1school.id, year: 2025, metric: 'children_15_19', value: 300 },
    ]);
    const audit = await t.db.owner
      .selectFrom('audit_log')
      .select(['organisation_id', 'user_id', 'details'])
      .where('action', '=', 'organisation_counts.update')
      .orderBy('created_at')
      .execute();
    expect(audit).toEqual([
      {
        organisation_id: fx.organisations.A1school.id,
        user_id: fx.users.aCurator.id,
        details: {
          year: 2025,
          changes: {
            children_10_19: { from: null, to: 640 },
            children_15_19: { from: null, to: 290 },
            young_teachers: { from: null, to: 6 },
          },
        },
      },
      {
        organisation_id: fx.organisations.A1school.id,
        user_id: fx.users.aCurator.id,
        details: {
          year: 2025,
          changes: { children_15_19: { from: 290, to: 300 }, young_teachers: { from: 6, to: null } },
        },
      },
    ]);
  });

  it("keeps each organisation's counts to itself; the region admin reads them, read-only", async () => {
    const fx = t.fixtures;
    const other = await call('GET', '/api/organisation/counts?year=2025', 'curator', undefined, 'A2');
    expect(other.json()).toMatchObject({
      organisationId: fx.organisations.A2school.id,
      values: { children_10_19: null, children_15_19: null, young_teachers: null },
    });
    const grid = await call('GET', '/api/statistics?year=2025&territoryType=organisation', 'region_admin');
    const a1 = grid
      .json()
      .items.find((r: { territoryId: string }) => r.territoryId === fx.organisations.A1school.id);
    expect(a1).toMatchObject({ editable: false, values: { children_10_19: 640, enterprises: null } });
    const bGrid = await call(
      'GET',
      '/api/statistics?year=2025&territoryType=organisation',
      'region_admin',
      undefined,
      'B',
    );
    expect(bGrid.body).not.toContain(fx.organisations.A1school.id);
    for (const role of ['region_admin', 'municipal_officer'] as const)
      expect((await call('GET', '/api/organisation/counts?year=2025', role)).statusCode, role).toBe(403);
  });

  it('refuses enterprises, other fields and bad numbers, writing nothing', async () => {
    const before = await orgRows();
    const enterprises = await call('PUT', '/api/organisation/counts', 'curator', {
      year: 2025,
      values: { children_10_19: 700, enterprises: 3 },
    });
    expect(enterprises.statusCode).toBe(400);
    expect(enterprises.json().error.fields).toEqual([
      { field: 'values.enterprises', message: expect.stringMatching(/предприятий/) },
    ]);
    const cases: [Record<string, unknown>, string][] = [
      [{ year: 2025, values: { children_10_19: -5 } }, 'values.children_10_19'],
      [{ year: 2025, values: { children_10_19: 12.5 } }, 'values.children_10_19'],
      [{ year: 2025, values: { adults: 5 } }, 'values.adults'],
      [{ year: 2025, values: {}, organisationId: t.fixtures.organisations.A2school.id }, 'organisationId'],
      [{ year: 2040, values: {} }, 'year'],
    ];
    for (const [body, field] of cases) {
      const res = await call('PUT', '/api/organisation/counts', 'curator', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    expect(await orgRows()).toEqual(before);
  });
});

describe('RLS on territory_statistics (migration 0010)', () => {
  const scopeOf = (u: FixtureUser): Scope => ({
    regionId: u.regionId,
    municipalityId: u.municipalityId,
    organisationId: u.organisationId,
    userId: u.id,
    role: u.role,
  });
  /** Tries an insert in the user's scope (always rolled back); returns the SQLSTATE or 'ok'. */
  async function tryInsert(u: FixtureUser, row: { type: string; id: string; metric?: string }) {
    const rollback = new Error('rollback');
    try {
      await withScope(t.db.app, scopeOf(u), async (tx) => {
        await sql`INSERT INTO territory_statistics (region_id, territory_type, territory_id, year, metric, value)
          VALUES (${u.regionId}, ${row.type}, ${row.id}, 2029, ${row.metric ?? 'children_10_19'}, 1)`.execute(
          tx,
        );
        throw rollback;
      });
    } catch (err) {
      return err === rollback ? 'ok' : ((err as { code?: string }).code ?? String(err));
    }
    return 'committed';
  }
  const visible = (u: FixtureUser) =>
    withScope(t.db.app, scopeOf(u), (tx) =>
      tx.selectFrom('territory_statistics').select(['territory_type', 'territory_id']).execute(),
    );

  it("lets a curator write their own organisation's rows and nothing else", async () => {
    const fx = t.fixtures;
    const u = fx.users;
    expect(await tryInsert(u.aCurator, { type: 'organisation', id: fx.organisations.A1school.id })).toBe(
      'ok',
    );
    expect(await tryInsert(u.aCurator, { type: 'organisation', id: fx.organisations.A2school.id })).toBe(
      '42501',
    );
    expect(await tryInsert(u.aCurator, { type: 'municipality', id: fx.municipalities.A1.id })).toBe('42501');
    expect(await tryInsert(u.aCurator, { type: 'region', id: fx.regions.A.id })).toBe('42501');
    // The head reads the counts but does not write them.
    expect(await tryInsert(u.aHead, { type: 'organisation', id: fx.organisations.A1school.id })).toBe(
      '42501',
    );
    expect(await tryInsert(u.aMunicipalOfficer, { type: 'municipality', id: fx.municipalities.A1.id })).toBe(
      '42501',
    );
  });

  it("shows an organisation's counts to the region admin, its staff and its municipality only", async () => {
    const fx = t.fixtures;
    const u = fx.users;
    const a1school = fx.organisations.A1school.id;
    const seesA1 = async (user: FixtureUser) =>
      (await visible(user)).some((r) => r.territory_type === 'organisation' && r.territory_id === a1school);
    expect(await seesA1(u.aRegionAdmin)).toBe(true);
    expect(await seesA1(u.aCurator)).toBe(true);
    expect(await seesA1(u.aHead)).toBe(true);
    expect(await seesA1(u.aMunicipalOfficer)).toBe(true); // A1-school is in A1
    expect(await seesA1(u.a2Curator)).toBe(false);
    expect(await seesA1(u.bRegionAdmin)).toBe(false);
    // Published figures of the region and municipalities stay readable region-wide.
    expect((await visible(u.a2Curator)).some((r) => r.territory_id === fx.municipalities.A1.id)).toBe(true);
  });
});
