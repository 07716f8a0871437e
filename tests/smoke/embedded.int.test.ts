import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@nastavnik/config';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { createProduct, type Product } from '../../services/api/src/server.ts';

/*
 * The embedded default, as `npm start` runs it: PGlite under DATA_DIR, no Redis, demo
 * region loaded on first start. Start, log in, read the directory, restart on the same data.
 */
let dataDir: string;
let product: Product;

const env = () => ({ DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' }) as Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'nastavnik-embedded-'));
  product = await createProduct({ config: loadConfig(env()), withWorker: true, demo: true });
}, 120_000);

afterAll(async () => {
  await product?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function login(p: Product, email: string, password: string) {
  const res = await p.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  expect(res.statusCode).toBe(200);
  return res.json().accessToken as string;
}

describe('embedded mode (PGlite, no Redis)', () => {
  it('reports its mode in /api/health', async () => {
    const res = await product.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'not_configured', jobs: 'in-process' });
  });

  it('logs the region admin in and reads the directory', async () => {
    const admin = DEMO_LOGINS.find((l) => l.role === 'region_admin')!;
    const token = await login(product, admin.email, admin.password);
    const res = await product.app.inject({
      method: 'GET',
      url: '/api/organisations?pageSize=5',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBeGreaterThan(0);
    expect(body.items[0].name).toMatch(/[А-Яа-я]/);
  });

  it('runs RLS as a non-superuser app role inside PGlite', async () => {
    const { rows } = await import('kysely').then(({ sql }) =>
      sql<{
        user: string;
        su: boolean;
      }>`SELECT current_user AS user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS su`.execute(
        product.db,
      ),
    );
    expect(rows[0]).toEqual({ user: 'nastavnik_app', su: false });
    const persons = await product.db.selectFrom('persons').select('id').execute();
    expect(persons).toHaveLength(0); // no scope set: RLS hides every tenant row
  });

  it('keeps its data and secrets across a restart', async () => {
    const curator = DEMO_LOGINS.find((l) => l.role === 'curator')!;
    await product.close();
    product = await createProduct({ config: loadConfig(env()), withWorker: true, demo: true });
    const token = await login(product, curator.email, curator.password);
    const me = await product.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(me.json().organisationName).toBeTruthy();
  }, 120_000);
});
