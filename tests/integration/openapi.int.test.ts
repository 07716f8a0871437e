import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/harness.ts';

/*
 * The API's contract is its OpenAPI document: every route declares an operationId and its
 * replies, and the document served at /api/docs lists every route Fastify registered.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('OpenAPI document', () => {
  const apiRoutes = () =>
    t.routes.filter((r) => r.url.startsWith('/api/') && !r.schema?.hide && r.method !== 'HEAD');

  it('gives every route an operationId and a documented success reply', () => {
    const missing = apiRoutes()
      .filter((r) => !r.schema?.operationId || !r.schema.response)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
    const ids = apiRoutes().map((r) => r.schema!.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('is served at /api/docs and lists every route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of apiRoutes()) {
      const path = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[path]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeDefined();
    }
  });
});
