import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TARGETS, KPI_INDICATORS } from '@nastavnik/domain';
import { bearer, createTestApp, type TestApp, type Which } from '../../../../../tests/support/harness.ts';

/*
 * Targets per indicator and year (2020–2024 preset as region:create stores them, later
 * years set by the region) and the region's KPI settings (satisfaction threshold, time
 * zone), on a real PostgreSQL: validation, isolation between regions, audit.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // What `npm run region:create` stores for a new region: the seed's 2020–2024 table.
  const regionA = t.fixtures.regions.A.id;
  await t.db.owner
    .insertInto('kpi_targets')
    .values(
      Object.entries(DEFAULT_TARGETS).flatMap(([indicator, years]) =>
        Object.entries(years).map(([year, target]) => ({
          region_id: regionA,
          indicator,
          year: Number(year),
          target,
        })),
      ),
    )
    .execute();
});
afterAll(async () => {
  await t?.close();
});

type Role = 'region_admin' | 'curator' | 'head' | 'municipal_officer';
const call = (method: 'GET' | 'PUT' | 'PATCH', url: string, role: Role, payload?: unknown, which?: Which) =>
  t.app.inject({ method, url, headers: bearer(t.tokenFor(role, which)), payload: payload as object });

interface Cell {
  year: number;
  target: number | null;
  preset: boolean;
  defaultTarget: number | null;
}
const cellOf = (body: { items: { indicator: string; cells: Cell[] }[] }, indicator: string, year: number) =>
  body.items.find((i) => i.indicator === indicator)!.cells.find((c) => c.year === year)!;
const targetsOf = (regionId: string) =>
  t.db.owner
    .selectFrom('kpi_targets')
    .select(['indicator', 'year', 'target'])
    .where('region_id', '=', regionId)
    .orderBy('indicator')
    .orderBy('year')
    .execute();

describe('targets', () => {
  it('lists six indicators × 2020–2030 with the preset years marked', async () => {
    const res = await call('GET', '/api/targets', 'region_admin');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.years).toEqual([2020, 2021, 2022, 2023, 2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(body.presetYears).toEqual([2020, 2021, 2022, 2023, 2024]);
    expect(body.items.map((i: { indicator: string }) => i.indicator)).toEqual(
      KPI_INDICATORS.map((i) => i.key),
    );
    expect(cellOf(body, 'mentees_10_19', 2024)).toEqual({
      year: 2024,
      target: 70,
      preset: true,
      defaultTarget: 70,
    });
    expect(cellOf(body, 'mentors_15_19', 2025)).toEqual({
      year: 2025,
      target: null,
      preset: false,
      defaultTarget: null,
    });
    // The fixtures' row of an unknown indicator («coverage») is not an indicator: not listed.
    expect(res.body).not.toContain('coverage');

    // Region B has no targets stored: every cell is empty, the presets still named.
    const b = await call('GET', '/api/targets', 'region_admin', undefined, 'B');
    expect(cellOf(b.json(), 'mentees_10_19', 2020)).toMatchObject({ target: null, defaultTarget: 10 });
  });

  it('sets later years and changes presets, one decimal, audited; null deletes', async () => {
    const fx = t.fixtures;
    const set = await call('PUT', '/api/targets', 'region_admin', {
      indicator: 'mentees_10_19',
      year: 2026,
      target: 80.5,
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({
      indicator: 'mentees_10_19',
      year: 2026,
      target: 80.5,
      preset: false,
      defaultTarget: null,
    });
    const preset = await call('PUT', '/api/targets', 'region_admin', {
      indicator: 'mentor_satisfaction',
      year: 2022,
      target: 72,
    });
    expect(preset.json()).toMatchObject({ target: 72, preset: true, defaultTarget: 70 });
    const cleared = await call('PUT', '/api/targets', 'region_admin', {
      indicator: 'mentors_15_19',
      year: 2020,
      target: null,
    });
    expect(cleared.json()).toMatchObject({ target: null, preset: true, defaultTarget: 2 });

    const list = (await call('GET', '/api/targets', 'region_admin')).json();
    expect(cellOf(list, 'mentees_10_19', 2026).target).toBe(80.5);
    expect(cellOf(list, 'mentor_satisfaction', 2022).target).toBe(72);
    expect(cellOf(list, 'mentors_15_19', 2020).target).toBeNull();
    const stored = await targetsOf(fx.regions.A.id);
    expect(stored).toContainEqual({ indicator: 'mentees_10_19', year: 2026, target: 80.5 });
    expect(stored.find((r) => r.indicator === 'mentors_15_19' && r.year === 2020)).toBeUndefined();

    const audit = await t.db.owner
      .selectFrom('audit_log')
      .select(['details', 'organisation_id'])
      .where('action', '=', 'targets.update')
      .orderBy('created_at')
      .execute();
    expect(audit.map((a) => a.details)).toEqual([
      { indicator: 'mentees_10_19', year: 2026, from: null, to: 80.5 },
      { indicator: 'mentor_satisfaction', year: 2022, from: 70, to: 72 },
      { indicator: 'mentors_15_19', year: 2020, from: 2, to: null },
    ]);
    expect(audit.every((a) => a.organisation_id === null)).toBe(true);
  });

  it("validates, keeps to the caller's region and to the region admin", async () => {
    const fx = t.fixtures;
    const bBefore = await targetsOf(fx.regions.B.id);
    const aBefore = await targetsOf(fx.regions.A.id);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ target: 72.55 }, 'target', /одним знаком/],
      [{ target: 100.1 }, 'target', /./],
      [{ target: -1 }, 'target', /./],
      [{ target: '70' }, 'target', /./],
      [{ year: 2031 }, 'year', /./],
      [{ indicator: 'coverage' }, 'indicator', /./],
    ];
    for (const [overrides, field, message] of cases) {
      const body = { indicator: 'mentees_10_19', year: 2027, target: 50, ...overrides };
      const res = await call('PUT', '/api/targets', 'region_admin', body);
      expect(res.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(res.json().error.fields[0].field).toBe(field);
      expect(res.json().error.fields[0].message).toMatch(message);
    }
    for (const role of ['curator', 'head', 'municipal_officer'] as const) {
      expect((await call('GET', '/api/targets', role)).statusCode, role).toBe(403);
      const put = await call('PUT', '/api/targets', role, {
        indicator: 'mentees_10_19',
        year: 2027,
        target: 1,
      });
      expect(put.statusCode, role).toBe(403);
    }
    expect(await targetsOf(fx.regions.A.id)).toEqual(aBefore);
    // Region B's admin writes region B's targets only.
    await call(
      'PUT',
      '/api/targets',
      'region_admin',
      { indicator: 'mentees_10_19', year: 2027, target: 5 },
      'B',
    );
    expect(await targetsOf(fx.regions.A.id)).toEqual(aBefore);
    expect(await targetsOf(fx.regions.B.id)).toEqual([
      ...bBefore,
      { indicator: 'mentees_10_19', year: 2027, target: 5 },
    ]);
  });
});

describe('region settings: satisfaction threshold and time zone', () => {
  it('offers the Russian time zones and saves a choice, audited', async () => {
    const fx = t.fixtures;
    const before = (await call('GET', '/api/region/settings', 'region_admin')).json();
    const ids = before.timezoneOptions.map((z: { id: string }) => z.id);
    expect(ids[0]).toBe('Europe/Kaliningrad');
    expect(ids).toEqual(expect.arrayContaining(['Europe/Moscow', 'Asia/Yekaterinburg', 'Asia/Kamchatka']));
    expect(ids).not.toContain('Europe/Kyiv');
    expect(before.timezoneOptions.find((z: { id: string }) => z.id === 'Europe/Samara').label).toBe(
      'Самара (МСК+1, UTC+4)',
    );

    const res = await call('PATCH', '/api/region/settings', 'region_admin', {
      satisfactionThreshold: 8,
      timezone: 'Asia/Yekaterinburg',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      satisfactionThreshold: 8,
      timezone: 'Asia/Yekaterinburg',
      retentionYears: 3,
    });
    const regions = await t.db.owner
      .selectFrom('regions')
      .select(['id', 'satisfaction_threshold', 'timezone'])
      .execute();
    expect(regions.find((r) => r.id === fx.regions.A.id)).toMatchObject({
      satisfaction_threshold: 8,
      timezone: 'Asia/Yekaterinburg',
    });
    expect(regions.find((r) => r.id === fx.regions.B.id)).toMatchObject({
      satisfaction_threshold: 7,
      timezone: 'Europe/Moscow',
    });
    const [entry] = await t.db.owner
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'catalogue.region_settings.update')
      .execute();
    expect(entry!.details).toEqual({
      satisfactionThreshold: { from: 7, to: 8 },
      timezone: { from: 'Europe/Moscow', to: 'Asia/Yekaterinburg' },
    });
  });

  it('refuses a zone outside Russia and a threshold outside 1–10', async () => {
    for (const timezone of ['America/New_York', 'Moscow', 'Europe/Moscow ', '']) {
      const res = await call('PATCH', '/api/region/settings', 'region_admin', { timezone });
      expect(res.statusCode, timezone).toBe(400);
      expect(res.json().error.fields).toEqual([
        { field: 'timezone', message: expect.stringMatching(/России/) },
      ]);
    }
    for (const satisfactionThreshold of [0, 11, 7.5]) {
      const res = await call('PATCH', '/api/region/settings', 'region_admin', { satisfactionThreshold });
      expect(res.statusCode, String(satisfactionThreshold)).toBe(400);
      expect(res.json().error.fields[0].field).toBe('satisfactionThreshold');
    }
    const curator = await call('PATCH', '/api/region/settings', 'curator', { satisfactionThreshold: 5 });
    expect(curator.statusCode).toBe(403);
  });
});
