import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { kpiFigure, responseRate, roundShare, SATISFACTION_ROLE, type KpiKey } from '@nastavnik/domain';
import type { Scope } from '@nastavnik/db';
import { startKpiRelay, type KpiRelay } from '@nastavnik/worker';
import { bearer, type TestApp } from '../support/harness.ts';
import type { FixtureUser } from '../support/fixtures.ts';
import { loadReferenceInput, referenceKpis, referenceRowKey } from '../support/kpi-reference.ts';

/*
 * Pieces of kpi-api-changes.int.test.ts (not a test file itself): settling the KPI
 * pipeline on conditions (outbox → relay → in-process jobs), reading every figure of the
 * region through GET /api/kpi, and what the simple reference says those figures must be.
 */

export type TerritoryType = 'region' | 'municipality' | 'organisation';
export interface TerritoryRef {
  type: TerritoryType;
  id: string;
}

/** What GET /api/kpi sends per indicator and year, computedAt aside. */
export interface FigureValues {
  numerator: number | null;
  denominator: number | null;
  participants: number | null;
  value: number | null;
  over100: boolean;
  target: number | null;
  status: string;
  responseRate: number | null;
}
export type ApiFigure = FigureValues & { year: number; computedAt: string | null };
interface KpiReportBody {
  territory: { type: string; id: string };
  indicators: { key: KpiKey; figures: ApiFigure[] }[];
}

/** 'organisation:<id>:2026:mentees_10_19' → the figure the API sent. */
export type Figures = Map<string, ApiFigure>;
export const figureKey = (t: TerritoryRef, year: number, indicator: KpiKey) =>
  referenceRowKey({ territoryType: t.type, territoryId: t.id, year, indicator });

export const scopeOf = (u: FixtureUser): Scope => ({
  regionId: u.regionId,
  municipalityId: u.municipalityId,
  organisationId: u.organisationId,
  userId: u.id,
  role: u.role,
});

/** The current calendar year in the region's time zone (the last year the engine computes). */
export async function regionYear(t: TestApp, regionId: string): Promise<number> {
  const r = await t.db.owner
    .selectFrom('regions')
    .select('timezone')
    .where('id', '=', regionId)
    .executeTakeFirstOrThrow();
  return Number(
    new Intl.DateTimeFormat('en-CA', { timeZone: r.timezone, year: 'numeric' }).format(new Date()),
  );
}

/**
 * The KPI pipeline of the test app: the outbox relay (driven by hand, so nothing runs on a
 * timer) feeding the harness's in-process queue, which runs the workers' real handlers.
 */
export interface KpiPipeline {
  /** Until region's outbox is empty and no job is queued or running; throws if it never is. */
  settle(): Promise<{ rounds: number }>;
  pending(): Promise<number>;
  close(): Promise<void>;
}

export function kpiPipeline(t: TestApp, regionId: string): KpiPipeline {
  const relay: KpiRelay = startKpiRelay({ db: t.db.app, jobs: t.jobs, retryMs: 0 }, false);
  const pending = async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM kpi_outbox WHERE region_id = ${regionId}`.execute(t.db.owner);
    return rows[0]!.n;
  };
  return {
    pending,
    async settle() {
      for (let round = 1; round <= 20; round++) {
        // First whatever the API enqueued (an erasure writes its own outbox rows), then the
        // relay's jobs for what the outbox holds, then look again.
        await t.jobs.drain();
        await relay.tick();
        await t.jobs.drain();
        if ((await pending()) === 0) return { rounds: round };
      }
      throw new Error(`the KPI outbox of region ${regionId} did not empty (${await pending()} rows left)`);
    },
    close: () => relay.close(),
  };
}

/** Every figure of these territories, read through GET /api/kpi as `token`'s user. */
export async function apiFigures(
  t: TestApp,
  token: string,
  territories: TerritoryRef[],
  years: { from: number; to: number },
): Promise<Figures> {
  const out: Figures = new Map();
  for (const territory of territories) {
    const res: LightMyRequestResponse = await t.app.inject({
      method: 'GET',
      url: `/api/kpi?territoryType=${territory.type}&territoryId=${territory.id}&from=${years.from}&to=${years.to}`,
      headers: bearer(token),
    });
    if (res.statusCode !== 200)
      throw new Error(`GET /api/kpi ${territory.type} answered ${res.statusCode}: ${res.body}`);
    const body = res.json() as KpiReportBody;
    for (const indicator of body.indicators) {
      for (const f of indicator.figures) out.set(figureKey(territory, f.year, indicator.key), f);
    }
  }
  return out;
}

/**
 * What the API must send for every territory of the region: the simple reference's counts
 * (tests/support/kpi-reference.ts, over the rows as they are now), the region's targets,
 * and the domain's one share/rounding/status rule (KPI.md "Display").
 */
export async function expectedFigures(
  t: TestApp,
  regionId: string,
  years: { from: number; to: number },
): Promise<Map<string, FigureValues>> {
  const rows = referenceKpis(await loadReferenceInput(t.db.owner, regionId), years);
  const targets = await t.db.owner
    .selectFrom('kpi_targets')
    .select(['indicator', 'year', 'target'])
    .where('region_id', '=', regionId)
    .execute();
  const targetOf = new Map(targets.map((r) => [`${r.indicator}:${r.year}`, Number(r.target)]));
  const out = new Map<string, FigureValues>();
  for (const r of rows) {
    const target = targetOf.get(`${r.indicator}:${r.year}`) ?? null;
    const f = kpiFigure(r.numerator, r.denominator, target);
    const satisfaction = SATISFACTION_ROLE[r.indicator] !== undefined;
    out.set(referenceRowKey(r), {
      numerator: r.numerator,
      denominator: r.denominator,
      participants: satisfaction ? r.participants : null,
      value: f.rounded,
      over100: f.flagged,
      target,
      status: f.status,
      responseRate: satisfaction ? roundShare(responseRate(r.denominator ?? 0, r.participants)) : null,
    });
  }
  return out;
}

const valuesOf = (f: ApiFigure): FigureValues => ({
  numerator: f.numerator,
  denominator: f.denominator,
  participants: f.participants,
  value: f.value,
  over100: f.over100,
  target: f.target,
  status: f.status,
  responseRate: f.responseRate,
});

/** Every disagreement between the API's figures and the expected ones ([] when equal). */
export function differences(
  api: Figures,
  expected: Map<string, FigureValues>,
  territories: TerritoryRef[],
): string[] {
  const asked = new Set(territories.map((t) => `${t.type}:${t.id}:`));
  const problems: string[] = [];
  for (const [key, want] of expected) {
    if (![...asked].some((prefix) => key.startsWith(prefix))) continue;
    const got = api.get(key);
    if (!got) {
      problems.push(`${key}: not in the API's answer`);
      continue;
    }
    const have = valuesOf(got);
    if (JSON.stringify(have) !== JSON.stringify(want))
      problems.push(`${key}: API ${JSON.stringify(have)}, reference ${JSON.stringify(want)}`);
  }
  for (const key of api.keys()) if (!expected.has(key)) problems.push(`${key}: not in the reference`);
  return problems;
}
