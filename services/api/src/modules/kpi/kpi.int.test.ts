import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '@nastavnik/db';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { insertSnapshots, insertTargets, type SnapshotInput } from './kpi.test-support.ts';

/*
 * The KPI read API on a real PostgreSQL, with snapshot rows written as the workers would:
 * values, rounding, status at every boundary, the «> 100 %» flag, response rates, the
 * ranking order and the time series. Access by role and territory is in kpi-access.int.test.ts.
 */

let t: TestApp;
const get = (url: string, role: UserRole = 'region_admin') =>
  t.app.inject({ method: 'GET', url, headers: bearer(t.tokenFor(role)) });

type Figure = {
  year: number;
  numerator: number | null;
  denominator: number | null;
  participants: number | null;
  value: number | null;
  over100: boolean;
  target: number | null;
  status: string;
  responseRate: number | null;
  computedAt: string | null;
};
type Report = { indicators: { key: string; figures: Figure[] }[]; computedAt: string | null };
const figure = (report: Report, key: string, year: number) =>
  report.indicators.find((i) => i.key === key)!.figures.find((f) => f.year === year)!;

const COMPUTED = new Date('2025-03-04T05:06:00Z');
const LATER = new Date('2025-03-05T10:20:00Z');

beforeAll(async () => {
  t = await createTestApp();
  const fx = t.fixtures;
  const A = fx.regions.A.id;
  const region = (
    year: number,
    indicator: SnapshotInput['indicator'],
    n: number,
    d: number | null,
    extra = {},
  ) =>
    ({
      regionId: A,
      type: 'region',
      id: A,
      municipalityId: null,
      year,
      indicator,
      numerator: n,
      denominator: d,
      computedAt: COMPUTED,
      ...extra,
    }) as SnapshotInput;
  await insertTargets(t.db.owner, A, [
    { indicator: 'mentees_10_19', year: 2021, target: 25 },
    { indicator: 'mentees_10_19', year: 2022, target: 40 },
    { indicator: 'mentees_10_19', year: 2023, target: 55 },
    { indicator: 'mentees_10_19', year: 2024, target: 70 },
    { indicator: 'mentors_15_19', year: 2024, target: 10 },
    { indicator: 'young_teachers_mentored', year: 2024, target: 70 },
    { indicator: 'enterprises_with_mentors', year: 2024, target: 30 },
    { indicator: 'mentee_satisfaction', year: 2024, target: 85 },
    { indicator: 'mentor_satisfaction', year: 2024, target: 85 },
  ]);
  await insertSnapshots(t.db.owner, [
    // 2024: one figure per boundary.
    region(2024, 'mentees_10_19', 141, 200), // 70.5 ≥ 70: met
    region(2024, 'mentors_15_19', 12, 10), // 120 %: flagged, still met
    region(2024, 'young_teachers_mentored', 5599, 10_000), // 55.99 → «56,0», but below 56 = 80 % of 70: behind
    region(2024, 'enterprises_with_mentors', 3, null), // statistics missing: no value
    region(2024, 'mentee_satisfaction', 34, 40, { participants: 80, computedAt: LATER }), // 85.0 met; 50 % responded
    region(2024, 'mentor_satisfaction', 0, 0, { participants: 12 }), // nobody responded: no value, rate 0 %
    // Earlier years of indicator 1 for the series and rounding.
    region(2021, 'mentees_10_19', 1403, 20_000), // 7.015 → 7.0 ; behind 25
    region(2022, 'mentees_10_19', 6996, 10_000), // 69.96 → «70,0» ; met 40
    region(2023, 'mentees_10_19', 4400, 10_000), // 44.0 ≥ 44 = 80 % of 55: at risk
    region(2025, 'mentees_10_19', 1, 8), // 12.5 ; no target for 2025
  ]);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/kpi', () => {
  it("opens on the caller's own territory and derives value, status and flags per boundary", async () => {
    const res = await get('/api/kpi?from=2020&to=2025');
    expect(res.statusCode).toBe(200);
    const body = res.json() as Report & { territory: { type: string; id: string }; from: number; to: number };
    expect(body.territory).toMatchObject({ type: 'region', id: t.fixtures.regions.A.id });
    expect([body.from, body.to]).toEqual([2020, 2025]);
    expect(body.indicators.map((i) => i.key)).toEqual([
      'mentees_10_19',
      'mentors_15_19',
      'young_teachers_mentored',
      'enterprises_with_mentors',
      'mentee_satisfaction',
      'mentor_satisfaction',
    ]);
    expect(body.indicators.every((i) => i.figures.length === 6)).toBe(true);

    expect(figure(body, 'mentees_10_19', 2024)).toMatchObject({
      numerator: 141,
      denominator: 200,
      value: 70.5,
      over100: false,
      target: 70,
      status: 'met',
      responseRate: null,
      participants: null,
      computedAt: COMPUTED.toISOString(),
    });
    expect(figure(body, 'mentors_15_19', 2024)).toMatchObject({ value: 120, over100: true, status: 'met' });
    expect(figure(body, 'young_teachers_mentored', 2024)).toMatchObject({ value: 56, status: 'behind' });
    expect(figure(body, 'enterprises_with_mentors', 2024)).toMatchObject({
      numerator: 3,
      denominator: null,
      value: null,
      over100: false,
      target: 30,
      status: 'no_data',
    });
    expect(figure(body, 'mentee_satisfaction', 2024)).toMatchObject({
      numerator: 34,
      denominator: 40,
      participants: 80,
      value: 85,
      status: 'met',
      responseRate: 50,
    });
    expect(figure(body, 'mentor_satisfaction', 2024)).toMatchObject({
      value: null,
      status: 'no_data',
      responseRate: 0,
      participants: 12,
    });
    expect(figure(body, 'mentees_10_19', 2021)).toMatchObject({ value: 7, status: 'behind', target: 25 });
    expect(figure(body, 'mentees_10_19', 2022)).toMatchObject({ value: 70, status: 'met' });
    expect(figure(body, 'mentees_10_19', 2023)).toMatchObject({ value: 44, status: 'at_risk' });
    expect(figure(body, 'mentees_10_19', 2025)).toMatchObject({
      value: 12.5,
      target: null,
      status: 'no_target',
    });
    // A year without a snapshot: no figures at all, not zeros.
    expect(figure(body, 'mentees_10_19', 2020)).toMatchObject({
      numerator: null,
      denominator: null,
      value: null,
      status: 'no_data',
      computedAt: null,
    });
    expect(body.computedAt).toBe(LATER.toISOString());
  });

  it('rounds half away from zero, once, on the server', async () => {
    const A = t.fixtures.regions.A.id;
    const o = t.fixtures.organisations.A1school;
    // 0.15 % is 0.1499… in binary: toFixed(1) would show 0,1; the domain's rule gives 0,2.
    await insertSnapshots(t.db.owner, [
      {
        regionId: A,
        type: 'organisation',
        id: o.id,
        municipalityId: o.municipalityId,
        year: 2023,
        indicator: 'mentees_10_19',
        numerator: 3,
        denominator: 2000,
      },
      {
        regionId: A,
        type: 'organisation',
        id: o.id,
        municipalityId: o.municipalityId,
        year: 2023,
        indicator: 'mentors_15_19',
        numerator: 107,
        denominator: 4000,
      },
    ]);
    const res = await get(`/api/kpi?territoryType=organisation&territoryId=${o.id}&from=2023&to=2023`);
    expect(res.statusCode).toBe(200);
    const body = res.json() as Report;
    expect(figure(body, 'mentees_10_19', 2023).value).toBe(0.2);
    expect(figure(body, 'mentors_15_19', 2023).value).toBe(2.7);
    // The organisation's page falls back to its numerators: no statistics, no value.
    expect(figure(body, 'young_teachers_mentored', 2023)).toMatchObject({ numerator: null, value: null });
  });

  it('refuses a reversed or over-long range, naming the field', async () => {
    const reversed = await get('/api/kpi?from=2025&to=2021');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().error.fields[0].field).toBe('from');
    const long = await get('/api/kpi?from=2000&to=2100');
    expect(long.statusCode).toBe(400);
    const bad = await get('/api/kpi?territoryType=planet');
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /api/kpi/series', () => {
  it('gives 2020 to the current year, actual against target', async () => {
    const res = await get('/api/kpi/series?indicator=mentees_10_19');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { from: number; to: number; points: Figure[]; title: string };
    const thisYear = new Date().getUTCFullYear();
    expect(body.from).toBe(2020);
    expect(body.to).toBeGreaterThanOrEqual(thisYear - 1);
    expect(body.points.map((p) => p.year)).toEqual(
      Array.from({ length: body.to - 2019 }, (_, i) => 2020 + i),
    );
    expect(body.points.slice(0, 6).map((p) => [p.year, p.value, p.target])).toEqual([
      [2020, null, null],
      [2021, 7, 25],
      [2022, 70, 40],
      [2023, 44, 55],
      [2024, 70.5, 70],
      [2025, 12.5, null],
    ]);
    expect(body.title).toMatch(/10–19/);
  });
});

describe('GET /api/kpi/ranking', () => {
  let extraMunicipality: string;
  beforeAll(async () => {
    const fx = t.fixtures;
    const A = fx.regions.A.id;
    extraMunicipality = (
      await t.db.owner
        .insertInto('municipalities')
        .values({ region_id: A, name: 'Округ Альфа-Третий' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const m = (id: string, n: number, d: number | null) =>
      ({
        regionId: A,
        type: 'municipality',
        id,
        municipalityId: id,
        year: 2024,
        indicator: 'mentees_10_19',
        numerator: n,
        denominator: d,
      }) as SnapshotInput;
    const org = (o: { id: string; municipalityId: string }, n: number, d: number | null) =>
      ({
        regionId: A,
        type: 'organisation',
        id: o.id,
        municipalityId: o.municipalityId,
        year: 2024,
        indicator: 'mentees_10_19',
        numerator: n,
        denominator: d,
      }) as SnapshotInput;
    await insertSnapshots(t.db.owner, [
      m(fx.municipalities.A1.id, 50, 100),
      m(fx.municipalities.A2.id, 160, 200),
      org(fx.organisations.A1school, 30, null),
      org(fx.organisations.A1kindergarten, 0, 10),
    ]);
  });

  it("ranks the region's municipalities best first, those without a value last", async () => {
    const res = await get('/api/kpi/ranking?indicator=mentees_10_19&year=2024');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      childType: 'municipality',
      year: 2024,
      target: 70,
      indicator: 'mentees_10_19',
    });
    expect(body.total).toMatchObject({ value: 70.5, status: 'met' });
    const fx = t.fixtures;
    expect(
      body.items.map((i: { id: string; value: number | null; status: string }) => [i.id, i.value, i.status]),
    ).toEqual([
      [fx.municipalities.A2.id, 80, 'met'],
      [fx.municipalities.A1.id, 50, 'behind'],
      [extraMunicipality, null, 'no_data'],
    ]);
  });

  it("ranks a municipality's organisations, a numerator without statistics after a value", async () => {
    const fx = t.fixtures;
    const res = await get(
      `/api/kpi/ranking?territoryType=municipality&territoryId=${fx.municipalities.A1.id}&indicator=mentees_10_19&year=2024`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.childType).toBe('organisation');
    expect(body.total).toMatchObject({ value: 50, status: 'behind' });
    expect(
      body.items.map((i: { id: string; value: number | null; numerator: number | null }) => [
        i.id,
        i.value,
        i.numerator,
      ]),
    ).toEqual([
      [fx.organisations.A1kindergarten.id, 0, 0],
      [fx.organisations.A1school.id, null, 30],
    ]);
    expect(body.items[0].name).toBe('Сад А1');
    expect(body.items[0].fullName).toBe(fx.organisations.A1kindergarten.name);
  });

  it('a municipal officer ranks the organisations of their own municipality by default', async () => {
    const res = await get('/api/kpi/ranking?indicator=mentees_10_19&year=2024', 'municipal_officer');
    expect(res.statusCode).toBe(200);
    expect(res.json().territory.id).toBe(t.fixtures.municipalities.A1.id);
    expect(res.body).not.toContain(t.fixtures.organisations.A2school.id);
  });
});
