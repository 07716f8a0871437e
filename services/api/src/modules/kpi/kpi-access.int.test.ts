import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '@nastavnik/db';
import { bearer, createTestApp, type TestApp, type Which } from '../../../../../tests/support/harness.ts';
import { insertSnapshots, type SnapshotInput } from './kpi.test-support.ts';

/*
 * Who sees which territory's figures: the region admin the whole region; a municipal
 * officer the region's totals, their municipality and its organisations, never another
 * municipality's figures; curators and heads the region's totals and their organisation.
 * Every territory holds distinctive numerators, so an answer can be searched for a leak.
 */

let t: TestApp;
const get = (url: string, role: UserRole, which: Which = 'A') =>
  t.app.inject({ method: 'GET', url, headers: bearer(t.tokenFor(role, which)) });

// A distinctive numerator per territory: finding it in an answer means that territory leaked.
const MARK = { regionA: 7001, A1: 7002, A2: 7003, A1school: 7004, A2school: 7005, regionB: 7006, B1: 7007 };
const kpi = (type: string, id: string) =>
  `/api/kpi?territoryType=${type}&territoryId=${id}&from=2024&to=2024`;

beforeAll(async () => {
  t = await createTestApp();
  const fx = t.fixtures;
  const row = (
    regionId: string,
    type: SnapshotInput['type'],
    id: string,
    municipalityId: string | null,
    n: number,
  ) =>
    ({
      regionId,
      type,
      id,
      municipalityId,
      year: 2024,
      indicator: 'mentees_10_19',
      numerator: n,
      denominator: 10_000,
    }) as SnapshotInput;
  const o = fx.organisations;
  await insertSnapshots(t.db.owner, [
    row(fx.regions.A.id, 'region', fx.regions.A.id, null, MARK.regionA),
    row(fx.regions.A.id, 'municipality', fx.municipalities.A1.id, fx.municipalities.A1.id, MARK.A1),
    row(fx.regions.A.id, 'municipality', fx.municipalities.A2.id, fx.municipalities.A2.id, MARK.A2),
    row(fx.regions.A.id, 'organisation', o.A1school.id, o.A1school.municipalityId, MARK.A1school),
    row(fx.regions.A.id, 'organisation', o.A2school.id, o.A2school.municipalityId, MARK.A2school),
    row(fx.regions.B.id, 'region', fx.regions.B.id, null, MARK.regionB),
    row(fx.regions.B.id, 'municipality', fx.municipalities.B1.id, fx.municipalities.B1.id, MARK.B1),
  ]);
});
afterAll(async () => {
  await t?.close();
});

const numeratorOf = (body: { indicators: { key: string; figures: { numerator: number | null }[] }[] }) =>
  body.indicators.find((i) => i.key === 'mentees_10_19')!.figures[0]!.numerator;

function expectNoFigures(body: string) {
  for (const mark of Object.values(MARK)) expect(body).not.toContain(String(mark));
  expect(body).not.toContain('numerator');
}

describe('region admin', () => {
  it('reads the region, any municipality and organisation of it', async () => {
    const fx = t.fixtures;
    expect(numeratorOf((await get('/api/kpi?from=2024&to=2024', 'region_admin')).json())).toBe(MARK.regionA);
    expect(
      numeratorOf((await get(kpi('municipality', fx.municipalities.A2.id), 'region_admin')).json()),
    ).toBe(MARK.A2);
    const org = await get(kpi('organisation', fx.organisations.A2school.id), 'region_admin');
    expect(numeratorOf(org.json())).toBe(MARK.A2school);
    expect(org.json().territory).toMatchObject({
      name: 'Школа А2',
      municipality: { id: fx.municipalities.A2.id, name: fx.municipalities.A2.name },
    });
  });

  it("gets 404 for another region's territories, the same as for none", async () => {
    const fx = t.fixtures;
    for (const url of [
      kpi('region', fx.regions.B.id),
      kpi('municipality', fx.municipalities.B1.id),
      kpi('organisation', fx.organisations.B1school.id),
      `/api/kpi/ranking?territoryType=municipality&territoryId=${fx.municipalities.B1.id}&indicator=mentees_10_19`,
      `/api/kpi/series?territoryType=region&territoryId=${fx.regions.B.id}&indicator=mentees_10_19`,
      `/api/kpi/completeness?municipalityId=${fx.municipalities.B1.id}`,
    ]) {
      const res = await get(url, 'region_admin');
      expect(res.statusCode, url).toBe(404);
      expectNoFigures(res.body);
    }
  });
});

describe('municipal officer', () => {
  it('reads their municipality by default, its organisations and the region for comparison', async () => {
    const fx = t.fixtures;
    const own = await get('/api/kpi?from=2024&to=2024', 'municipal_officer');
    expect(own.json().territory).toMatchObject({ type: 'municipality', id: fx.municipalities.A1.id });
    expect(numeratorOf(own.json())).toBe(MARK.A1);
    expect(numeratorOf((await get(kpi('region', fx.regions.A.id), 'municipal_officer')).json())).toBe(
      MARK.regionA,
    );
    expect(
      numeratorOf((await get(kpi('organisation', fx.organisations.A1school.id), 'municipal_officer')).json()),
    ).toBe(MARK.A1school);
  });

  it("never sees another municipality's figures or its organisations'", async () => {
    const fx = t.fixtures;
    const cases: [string, number][] = [
      [kpi('municipality', fx.municipalities.A2.id), 403],
      [kpi('organisation', fx.organisations.A2school.id), 404],
      [
        `/api/kpi/series?territoryType=municipality&territoryId=${fx.municipalities.A2.id}&indicator=mentees_10_19`,
        403,
      ],
      [
        `/api/kpi/ranking?territoryType=municipality&territoryId=${fx.municipalities.A2.id}&indicator=mentees_10_19`,
        403,
      ],
      // The region broken down by municipality would show the others' figures.
      ['/api/kpi/ranking?territoryType=region&indicator=mentees_10_19&year=2024', 403],
      [`/api/kpi/completeness?municipalityId=${fx.municipalities.A2.id}`, 403],
    ];
    for (const [url, status] of cases) {
      const res = await get(url, 'municipal_officer');
      expect(res.statusCode, url).toBe(status);
      expectNoFigures(res.body);
      expect(res.body).not.toContain(fx.organisations.A2school.name);
    }
  });

  it('the ranking of their municipality lists only its organisations', async () => {
    const res = await get('/api/kpi/ranking?indicator=mentees_10_19&year=2024', 'municipal_officer');
    expect(res.statusCode).toBe(200);
    expect(res.json().total.numerator).toBe(MARK.A1);
    expect(res.body).toContain(String(MARK.A1school));
    expect(res.body).not.toContain(String(MARK.A2school));
    expect(res.body).not.toContain(t.fixtures.organisations.A2school.id);
  });
});

describe('curator and head', () => {
  for (const role of ['curator', 'head'] as const) {
    it(`${role}: their organisation by default and the region's totals, nothing else`, async () => {
      const fx = t.fixtures;
      const own = await get('/api/kpi?from=2024&to=2024', role);
      expect(own.json().territory).toMatchObject({ type: 'organisation', id: fx.organisations.A1school.id });
      expect(numeratorOf(own.json())).toBe(MARK.A1school);
      expect(numeratorOf((await get(kpi('region', fx.regions.A.id), role)).json())).toBe(MARK.regionA);

      for (const [url, status] of [
        [kpi('municipality', fx.municipalities.A1.id), 403],
        [kpi('organisation', fx.organisations.A2school.id), 404],
        [kpi('organisation', fx.organisations.A1kindergarten.id), 404],
        ['/api/kpi/ranking?indicator=mentees_10_19', 403],
        ['/api/kpi/completeness', 403],
      ] as const) {
        const res = await get(url, role);
        expect(res.statusCode, url).toBe(status);
        expectNoFigures(res.body);
      }
    });
  }
});

describe('GET /api/kpi/completeness', () => {
  beforeAll(async () => {
    const fx = t.fixtures;
    const o = fx.organisations.A1kindergarten;
    // The kindergarten has snapshots, all zero: no participation this year.
    await insertSnapshots(t.db.owner, [
      {
        regionId: fx.regions.A.id,
        type: 'organisation',
        id: o.id,
        municipalityId: o.municipalityId,
        year: 2024,
        indicator: 'mentees_10_19',
        numerator: 0,
        denominator: 50,
      },
      {
        regionId: fx.regions.A.id,
        type: 'organisation',
        id: o.id,
        municipalityId: o.municipalityId,
        year: 2024,
        indicator: 'mentor_satisfaction',
        numerator: 0,
        denominator: 0,
        participants: 0,
      },
    ]);
  });

  it('lists the organisations of the region with no participation in the year', async () => {
    const fx = t.fixtures;
    const res = await get('/api/kpi/completeness?year=2024', 'region_admin');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ year: 2024, total: 3, withData: 2, withoutData: 1 });
    expect(body.missing.map((m: { id: string }) => m.id)).toEqual([fx.organisations.A1kindergarten.id]);
    expect(body.missing[0]).toMatchObject({
      municipalityName: fx.municipalities.A1.name,
      shortName: 'Сад А1',
    });

    const earlier = (await get('/api/kpi/completeness?year=2023', 'region_admin')).json();
    expect(earlier).toMatchObject({ total: 3, withData: 0, withoutData: 3 });
  });

  it("a municipal officer sees only their municipality's organisations", async () => {
    const res = await get('/api/kpi/completeness?year=2024', 'municipal_officer');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      municipalityId: t.fixtures.municipalities.A1.id,
      total: 2,
      withoutData: 1,
    });
    expect(res.body).not.toContain(t.fixtures.organisations.A2school.id);
  });
});
