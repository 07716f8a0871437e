import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { completeInn } from '@nastavnik/domain';
import { bearer, createTestApp, type CollectedRoute, type TestApp } from '../support/harness.ts';
import { multipartFile } from '../support/multipart.ts';
import { actorsOf, foreignMarkers, type Actor } from '../support/isolation/actors.ts';
import { COVERAGE } from '../support/isolation/coverage.ts';
import type { Probe } from '../support/isolation/probe.ts';

/*
 * Tenant isolation: the route list comes from Fastify itself (onRoute), and every route is
 * tried by every role of region A and by an anonymous caller with region B's (or another
 * organisation's) ids in path, query and body. Never another tenant's data, never a 5xx,
 * and no route without an entry in the coverage table.
 */

let t: TestApp;
let actors: Actor[];
let dataBefore: Record<string, string>;

// Every table of the directory and of the tenants: no probe may change any of them.
const GUARDED_TABLES = [
  'regions',
  'municipalities',
  'organisations',
  'enterprises',
  'users',
  'territory_statistics',
  'kpi_targets',
  'persons',
  'consents',
  'programmes',
  'pairs',
  'pair_members',
  'survey_responses',
];

async function snapshot(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const table of GUARDED_TABLES) {
    const { rows } = await sql<{ digest: string | null }>`
      SELECT md5(string_agg(x::text, '|' ORDER BY x::text)) AS digest FROM ${sql.table(table)} x`.execute(
      t.db.owner,
    );
    out[table] = rows[0]?.digest ?? 'empty';
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  actors = actorsOf(t.fixtures, t.tokenForUser);
  dataBefore = await snapshot();
});
afterAll(async () => {
  await t?.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
const UUID_ALL = new RegExp(UUID.source, 'g');
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

const keyOf = (r: Pick<CollectedRoute, 'method' | 'url'>) => `${r.method} ${r.url}`;
const registered = () => new Map(t.routes.map((r) => [keyOf(r), r]));
/** HEAD routes are Fastify's automatic twins of GET routes: covered by the GET entry. */
const coverageKeyOf = (r: CollectedRoute) => (r.method === 'HEAD' ? `GET ${r.url}` : keyOf(r));

function expectedStatuses(
  route: CollectedRoute,
  actor: Actor,
  probe: Probe,
): { statuses: number[]; gated: boolean } {
  if (!route.config.public && !actor.token) return { statuses: [401], gated: true };
  if (route.config.roles && (!actor.role || !route.config.roles.includes(actor.role)))
    return { statuses: [403], gated: true };
  return { statuses: probe.allow, gated: false };
}

async function send(method: string, probe: Probe, actor: Actor): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = bearer(actor.token);
  let payload: unknown = probe.body;
  if (probe.csv !== undefined) {
    const form = multipartFile('file', 'probe.csv', probe.csv);
    payload = form.payload;
    Object.assign(headers, form.headers);
  }
  return t.app.inject({
    method: method as 'GET',
    url: probe.url,
    headers,
    payload: payload as string,
    cookies: probe.cookies,
  });
}

/** The answer as text; spreadsheets are opened so their cells can be searched too. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  if (!String(res.headers['content-type'] ?? '').includes('spreadsheetml')) return res.body;
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.text)))));
  return cells.join('\n');
}

async function check(route: CollectedRoute, actor: Actor, probe: Probe): Promise<string[]> {
  const who = `${route.method} ${probe.url} as ${actor.key} (${probe.label})`;
  const res = await send(route.method, probe, actor);
  const { statuses, gated } = expectedStatuses(route, actor, probe);
  const problems: string[] = [];
  const excerpt = () => res.body.slice(0, 300);
  if (res.statusCode >= 500) problems.push(`${who}: ${res.statusCode} server error: ${excerpt()}`);
  else if (!statuses.includes(res.statusCode)) {
    problems.push(`${who}: expected ${statuses.join('/')}, got ${res.statusCode}: ${excerpt()}`);
  }
  if (route.method === 'HEAD') return problems;

  const text = await textOf(res);
  for (const [marker, what] of foreignMarkers(actor, t.fixtures)) {
    if (!probe.echo?.includes(marker) && text.includes(marker))
      problems.push(`${who}: LEAKED ${what} (${marker})`);
  }
  if (gated) return problems;
  if (res.statusCode === 400 && probe.field) {
    const fields = (res.json().error?.fields ?? []).map((f: { field: string }) => f.field);
    if (!fields.includes(probe.field))
      problems.push(`${who}: 400 does not name ${probe.field}: ${excerpt()}`);
  }
  if (res.statusCode === 200 && probe.emptyList && res.json().items?.length !== 0) {
    problems.push(`${who}: list is not empty: ${excerpt()}`);
  }
  if (statuses.includes(res.statusCode)) {
    for (const must of probe.mustContain ?? []) {
      if (!text.includes(must)) problems.push(`${who}: answer lacks ${must}: ${excerpt()}`);
    }
  }
  if (res.statusCode === 404 && UUID.test(probe.url)) {
    // Another tenant's record must look exactly like one that does not exist.
    const twin = await send(route.method, { ...probe, url: probe.url.replace(UUID_ALL, NO_SUCH_ID) }, actor);
    if (twin.statusCode !== res.statusCode || twin.body !== res.body) {
      problems.push(
        `${who}: answers differently for a foreign id than for a missing one: ${excerpt()} vs ${twin.body.slice(0, 300)}`,
      );
    }
  }
  return problems;
}

describe('route list', () => {
  it('every registered route has isolation coverage', () => {
    const routes = [...registered().values()];
    expect(routes.length).toBeGreaterThan(20);
    const missing = [...new Set(routes.map(coverageKeyOf))]
      .filter((key) => !(key in COVERAGE))
      .map((key) => `route ${key} has no isolation coverage`);
    expect(missing).toEqual([]);
  });

  it('matches the OpenAPI document both ways', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const routes = registered();
    expect(
      documented.filter((k) => !routes.has(k)).map((k) => `${k} is documented but not registered`),
    ).toEqual([]);
    expect(
      documented.filter((k) => !(k in COVERAGE)).map((k) => `route ${k} has no isolation coverage`),
    ).toEqual([]);
    const undocumented = [...routes.values()]
      .filter((r) => r.method !== 'HEAD' && !r.schema?.hide && !documented.includes(keyOf(r)))
      .map((r) => `${keyOf(r)} is registered but missing from the OpenAPI document`);
    expect(undocumented).toEqual([]);
  });
});

describe('every route × every role, with another tenant’s ids', () => {
  for (const [key, probesFor] of Object.entries(COVERAGE)) {
    it(key, async (ctx) => {
      const route = registered().get(key);
      // An entry may run ahead of its route (a module being written); only a route without an
      // entry fails the suite.
      if (!route) return ctx.skip();
      const head = route.method === 'GET' ? registered().get(`HEAD ${route.url}`) : undefined;
      const twins = [route, head].filter((r): r is CollectedRoute => !!r);
      const problems: string[] = [];
      let probes = 0;
      for (const actor of actors) {
        for (const probe of probesFor(actor, t.fixtures)) {
          for (const r of twins) {
            problems.push(...(await check(r, actor, probe)));
            probes++;
          }
        }
      }
      expect(probes).toBeGreaterThanOrEqual(actors.length);
      expect(problems).toEqual([]);
    });
  }
});

describe('afterwards', () => {
  it('no probe changed the directory, the users or any tenant data', async () => {
    const after = await snapshot();
    const changed = GUARDED_TABLES.filter((table) => after[table] !== dataBefore[table]);
    expect(changed).toEqual([]);
  });

  it("an import cannot tell region B's organisations from ones that do not exist", async (ctx) => {
    if (!registered().has('POST /api/imports/:kind')) return ctx.skip();
    const fx = t.fixtures;
    const dryRun = async (inn: string) => {
      const csv = `ФИО;E-mail;Роль;ИНН организации\nПробный Импортов;probe-oracle@fixture.test;куратор;${inn}\n`;
      const form = multipartFile('file', 'probe.csv', csv);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/imports/curators?apply=false',
        headers: { ...bearer(t.tokenFor('region_admin')), ...form.headers },
        payload: form.payload,
      });
      expect(res.statusCode).toBe(200);
      return res.body.replaceAll(inn, '<INN>');
    };
    const foreign = await dryRun(fx.organisations.B1school.inn);
    expect(foreign).toContain('<INN>');
    expect(foreign).toBe(await dryRun(completeInn('390000555')));
  });

  it("a one-time link acts only on its own user, whoever's session sends it", async () => {
    const fx = t.fixtures;
    const adminBefore = await t.db.owner
      .selectFrom('users')
      .selectAll()
      .where('id', '=', fx.users.aRegionAdmin.id)
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/auth/link/${fx.links.bInvite}`,
      headers: bearer(t.tokenFor('region_admin')),
      payload: { password: 'Parol-Beta-2026' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ id: fx.users.bInvited.id, regionId: fx.regions.B.id });
    const adminAfter = await t.db.owner
      .selectFrom('users')
      .selectAll()
      .where('id', '=', fx.users.aRegionAdmin.id)
      .executeTakeFirstOrThrow();
    expect(adminAfter).toEqual(adminBefore);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(t.tokenFor('region_admin')),
    });
    expect(me.json().id).toBe(fx.users.aRegionAdmin.id);
  });
});
