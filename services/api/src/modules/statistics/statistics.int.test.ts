import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTestApp, type TestApp, type Which } from '../../../../../tests/support/harness.ts';

/*
 * Statistics (KPI denominators) of the region and its municipalities on a real PostgreSQL:
 * the grid with gaps as null, cell writes limited to the caller's own region, deletion by
 * null, validation in Russian, and an audit entry for every change. The import is tested
 * beside this file (statistics-import.int.test.ts).
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Role = 'region_admin' | 'curator' | 'head' | 'municipal_officer';
const call = (method: 'GET' | 'PUT', url: string, role: Role | null, payload?: unknown, which?: Which) =>
  t.app.inject({
    method,
    url,
    headers: bearer(role ? t.tokenFor(role, which) : null),
    payload: payload as object,
  });

const statisticsRows = () =>
  t.db.owner.selectFrom('territory_statistics').selectAll().orderBy('updated_at').execute();
const auditOf = (action: string) =>
  t.db.owner.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('created_at').execute();

interface Row {
  territoryType: string;
  territoryId: string;
  name: string;
  editable: boolean;
  values: Record<string, number | null>;
  updatedAt: string | null;
}

describe('GET /api/statistics', () => {
  it('lists the region and its municipalities × four metrics, gaps as null', async () => {
    const fx = t.fixtures;
    const res = await call('GET', '/api/statistics?year=2024', 'region_admin');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.year).toBe(2024);
    expect(body.metrics.map((m: { key: string }) => m.key)).toEqual([
      'children_10_19',
      'children_15_19',
      'young_teachers',
      'enterprises',
    ]);
    const items = body.items as Row[];
    expect(items.map((r) => [r.territoryType, r.territoryId])).toEqual([
      ['region', fx.regions.A.id],
      // Municipalities by name: «Округ Альфа-Второй» before «Округ Альфа-Первый».
      ['municipality', fx.municipalities.A2.id],
      ['municipality', fx.municipalities.A1.id],
    ]);
    const a1 = items.find((r) => r.territoryId === fx.municipalities.A1.id)!;
    // The fixtures entered one figure for A1 in 2024.
    expect(a1.values).toEqual({
      children_10_19: 1000,
      children_15_19: null,
      young_teachers: null,
      enterprises: null,
    });
    expect(a1.updatedAt).not.toBeNull();
    expect(items.every((r) => r.editable)).toBe(true);
    expect(res.body).not.toContain(fx.municipalities.B1.id);

    const other = await call('GET', '/api/statistics?year=2023', 'region_admin');
    expect((other.json().items as Row[]).every((r) => Object.values(r.values).every((v) => v === null))).toBe(
      true,
    );
  });

  it('filters by territory type; organisations come read-only', async () => {
    const fx = t.fixtures;
    const region = await call('GET', '/api/statistics?year=2024&territoryType=region', 'region_admin');
    expect(region.json().items.map((r: Row) => r.territoryId)).toEqual([fx.regions.A.id]);
    const orgs = await call('GET', '/api/statistics?year=2024&territoryType=organisation', 'region_admin');
    expect(orgs.statusCode).toBe(200);
    const items = orgs.json().items as Row[];
    expect(items.map((r) => r.territoryId).sort()).toEqual(
      [fx.organisations.A1school.id, fx.organisations.A1kindergarten.id, fx.organisations.A2school.id].sort(),
    );
    expect(items.every((r) => !r.editable && r.territoryType === 'organisation')).toBe(true);
  });

  it('refuses other roles, anonymous callers and years out of range', async () => {
    for (const role of ['curator', 'head', 'municipal_officer'] as const)
      expect((await call('GET', '/api/statistics?year=2024', role)).statusCode, role).toBe(403);
    expect((await call('GET', '/api/statistics?year=2024', null)).statusCode).toBe(401);
    for (const year of ['2019', '2031', 'abc']) {
      const res = await call('GET', `/api/statistics?year=${year}`, 'region_admin');
      expect(res.statusCode, year).toBe(400);
      expect(res.json().error.fields[0].field).toBe('year');
    }
    expect((await call('GET', '/api/statistics', 'region_admin')).statusCode).toBe(400);
  });
});

describe('PUT /api/statistics', () => {
  const cell = (overrides: Record<string, unknown> = {}) => ({
    year: 2025,
    territoryType: 'municipality',
    territoryId: t.fixtures.municipalities.A2.id,
    metric: 'children_15_19',
    value: 5400,
    ...overrides,
  });

  it("sets, changes and deletes a municipality's and the region's figures, audited", async () => {
    const fx = t.fixtures;
    const set = await call('PUT', '/api/statistics', 'region_admin', cell());
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ ...cell(), updatedAt: expect.any(String) });
    const changed = await call('PUT', '/api/statistics', 'region_admin', cell({ value: 5500 }));
    expect(changed.json().value).toBe(5500);
    const region = await call(
      'PUT',
      '/api/statistics',
      'region_admin',
      cell({ territoryType: 'region', territoryId: fx.regions.A.id, metric: 'enterprises', value: 120 }),
    );
    expect(region.statusCode).toBe(200);

    const grid = await call('GET', '/api/statistics?year=2025', 'region_admin');
    const byId = new Map((grid.json().items as Row[]).map((r) => [r.territoryId, r.values]));
    expect(byId.get(fx.municipalities.A2.id)!.children_15_19).toBe(5500);
    expect(byId.get(fx.regions.A.id)!.enterprises).toBe(120);
    expect(byId.get(fx.municipalities.A1.id)!.children_15_19).toBeNull();

    const stored = await t.db.owner
      .selectFrom('territory_statistics')
      .select(['region_id', 'value'])
      .where('territory_id', '=', fx.municipalities.A2.id)
      .where('year', '=', 2025)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ region_id: fx.regions.A.id, value: 5500 });

    const deleted = await call('PUT', '/api/statistics', 'region_admin', cell({ value: null }));
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ value: null, updatedAt: null });
    const gone = await t.db.owner
      .selectFrom('territory_statistics')
      .select('id')
      .where('territory_id', '=', fx.municipalities.A2.id)
      .where('year', '=', 2025)
      .execute();
    expect(gone).toEqual([]);

    const entries = await auditOf('statistics.update');
    expect(entries.map((e) => e.details)).toEqual([
      { year: 2025, metric: 'children_15_19', from: null, to: 5400 },
      { year: 2025, metric: 'children_15_19', from: 5400, to: 5500 },
      { year: 2025, metric: 'enterprises', from: null, to: 120 },
      { year: 2025, metric: 'children_15_19', from: 5500, to: null },
    ]);
    expect(entries[0]).toMatchObject({
      region_id: fx.regions.A.id,
      organisation_id: null,
      user_id: fx.users.aRegionAdmin.id,
      entity: 'municipality',
      entity_id: fx.municipalities.A2.id,
    });
    // Writing the same value again is no change: nothing to audit.
    await call('PUT', '/api/statistics', 'region_admin', cell({ value: 7 }));
    await call('PUT', '/api/statistics', 'region_admin', cell({ value: 7 }));
    expect(await auditOf('statistics.update')).toHaveLength(5);
  });

  it("refuses another region's territories as not found, and writes nothing", async () => {
    const fx = t.fixtures;
    const before = await statisticsRows();
    const foreignMunicipality = await call(
      'PUT',
      '/api/statistics',
      'region_admin',
      cell({ territoryId: fx.municipalities.B1.id }),
    );
    expect(foreignMunicipality.statusCode).toBe(404);
    expect(foreignMunicipality.json().error.message).toBe('Муниципалитет не найден');
    const foreignRegion = await call(
      'PUT',
      '/api/statistics',
      'region_admin',
      cell({ territoryType: 'region', territoryId: fx.regions.B.id }),
    );
    expect(foreignRegion.statusCode).toBe(404);
    // A municipality's id named as the region, or the region's as a municipality.
    const mixed = await call(
      'PUT',
      '/api/statistics',
      'region_admin',
      cell({ territoryType: 'municipality', territoryId: fx.regions.A.id }),
    );
    expect(mixed.statusCode).toBe(404);
    // Region B's admin cannot reach region A's municipality either.
    const fromB = await call('PUT', '/api/statistics', 'region_admin', cell(), 'B');
    expect(fromB.statusCode).toBe(404);
    expect(await statisticsRows()).toEqual(before);
  });

  it('validates with Russian messages naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ value: -1 }, 'value'],
      [{ value: 1.5 }, 'value'],
      [{ value: '100' }, 'value'],
      [{ year: 2019 }, 'year'],
      [{ metric: 'adults' }, 'metric'],
      [{ territoryType: 'organisation', territoryId: t.fixtures.organisations.A1school.id }, 'territoryType'],
      [{ territoryId: 'not-a-uuid' }, 'territoryId'],
    ];
    for (const [overrides, field] of cases) {
      const res = await call('PUT', '/api/statistics', 'region_admin', cell(overrides));
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      const error = res.json().error;
      expect(error.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(error.message).toMatch(/[а-я]/);
    }
    for (const role of ['curator', 'head', 'municipal_officer'] as const)
      expect((await call('PUT', '/api/statistics', role, cell())).statusCode, role).toBe(403);
  });
});
