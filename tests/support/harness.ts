import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '@nastavnik/config';
import type { UserRole } from '@nastavnik/db';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { createInProcessQueue, type JobQueue } from '@nastavnik/jobs';
import { createHandlers } from '@nastavnik/worker';
import { buildApp } from '../../services/api/src/app.ts';
import type { Principal } from '../../services/api/src/plugins/auth.ts';
import { insertFixtures, type Fixtures, type FixtureUser } from './fixtures.ts';

/*
 * One API per test file: a cloned database with the two-region fixtures, the real Fastify
 * app (not listening; use app.inject), the in-process job queue (no SMTP: letters are
 * marked "kept"), and helpers to act as any fixture user.
 */

export const REFRESH_COOKIE = 'nastavnik_refresh';

/** A route as Fastify registered it (collected with the onRoute hook). */
export interface CollectedRoute {
  method: HTTPMethods;
  url: string;
  config: { public?: boolean; roles?: UserRole[] } & Record<string, unknown>;
  schema: RouteOptions['schema'] & { body?: unknown; hide?: boolean; operationId?: string };
}

/** Which fixture user plays a role: region A (A1 staff), region B, or A2-school's curator. */
export type Which = 'A' | 'B' | 'A2';

export interface LoginResult {
  response: LightMyRequestResponse;
  accessToken: string;
  /** The raw refresh token from the nastavnik_refresh cookie. */
  refreshToken: string;
}

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  config: Config;
  jobs: JobQueue;
  /** Every job enqueued through `jobs`, in order (whether or not it also ran). */
  enqueued: { name: string; payload: unknown }[];
  fixtures: Fixtures;
  routes: CollectedRoute[];
  userFor(role: UserRole, which?: Which): FixtureUser;
  tokenFor(role: UserRole, which?: Which): string;
  tokenForUser(user: FixtureUser): string;
  /** Logs in through the real POST /api/auth/login; throws unless it answers 200. */
  loginAs(email: string, password?: string): Promise<LoginResult>;
  /** Another API on the same database and queue, with other settings (e.g. the real rate limit). */
  buildApp(env?: Record<string, string>): Promise<FastifyInstance>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Environment overrides on top of the test defaults (e.g. the real login rate limit). */
  env?: Record<string, string>;
  /** Record enqueued jobs only, without running their handlers (tests of the producer side). */
  recordJobs?: boolean;
}

export function principalOf(u: FixtureUser): Principal {
  return {
    userId: u.id,
    regionId: u.regionId,
    municipalityId: u.municipalityId,
    organisationId: u.organisationId,
    role: u.role,
  };
}

export function fixtureUserFor(fx: Fixtures, role: UserRole, which: Which = 'A'): FixtureUser {
  const u = fx.users;
  const table: Record<Which, Partial<Record<UserRole, FixtureUser>>> = {
    A: {
      region_admin: u.aRegionAdmin,
      municipal_officer: u.aMunicipalOfficer,
      curator: u.aCurator,
      head: u.aHead,
    },
    B: {
      region_admin: u.bRegionAdmin,
      municipal_officer: u.bMunicipalOfficer,
      curator: u.bCurator,
      head: u.bHead,
    },
    A2: { curator: u.a2Curator },
  };
  const found = table[which][role];
  if (!found) throw new Error(`No fixture user for role ${role} in ${which}`);
  return found;
}

export function refreshCookieOf(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((c) => c.name === REFRESH_COOKIE)?.value;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'nastavnik-test-'));
  const db = await createTestDatabase();
  try {
    const fixtures = await insertFixtures(db.owner);
    const configWith = (env: Record<string, string> = {}) =>
      loadConfig({
        JWT_SECRET: 'test-secret',
        PERSON_KEY_SECRET: 'test-key',
        DATA_DIR: dataDir,
        LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
        PUBLIC_URL: 'http://nastavnik.test',
        ...options.env,
        ...env,
      });
    const config = configWith();
    const enqueued: TestApp['enqueued'] = [];
    const inner: JobQueue = options.recordJobs
      ? { mode: 'in-process', enqueue: async () => {}, drain: async () => {}, close: async () => {} }
      : createInProcessQueue(
          createHandlers({
            db: db.app,
            mail: { from: 'test@nastavnik.local' },
            personKeySecret: config.personKeySecret,
          }),
        );
    const jobs: JobQueue = {
      mode: inner.mode,
      enqueue: (name, payload) => {
        enqueued.push({ name, payload });
        return inner.enqueue(name, payload);
      },
      drain: () => inner.drain(),
      close: () => inner.close(),
    };
    const routes: CollectedRoute[] = [];
    const app = await buildApp({
      config,
      db: db.app,
      jobs,
      onRoute: (r) => {
        for (const method of [r.method].flat()) {
          routes.push({
            method,
            url: r.url,
            config: (r.config ?? {}) as CollectedRoute['config'],
            schema: (r.schema ?? {}) as CollectedRoute['schema'],
          });
        }
      },
    });
    await app.ready();

    const extraApps: FastifyInstance[] = [];
    const tokenForUser = (user: FixtureUser) => app.signAccessToken(principalOf(user));
    return {
      app,
      db,
      config,
      jobs,
      enqueued,
      fixtures,
      routes,
      userFor: (role, which) => fixtureUserFor(fixtures, role, which),
      tokenFor: (role, which) => tokenForUser(fixtureUserFor(fixtures, role, which)),
      tokenForUser,
      async loginAs(email, password = fixtures.password) {
        const response = await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email, password },
        });
        if (response.statusCode !== 200) {
          throw new Error(`login as ${email} answered ${response.statusCode}: ${response.body}`);
        }
        const refreshToken = refreshCookieOf(response);
        if (!refreshToken) throw new Error(`login as ${email} set no ${REFRESH_COOKIE} cookie`);
        return { response, accessToken: response.json().accessToken, refreshToken };
      },
      async buildApp(env) {
        const other = await buildApp({ config: configWith(env), db: db.app, jobs });
        await other.ready();
        extraApps.push(other);
        return other;
      },
      async close() {
        for (const other of extraApps) await other.close();
        await app.close();
        await jobs.close();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Authorization header for a bearer token, or none for an anonymous caller. */
export function bearer(token: string | null | undefined): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}
