import { describe, expect, inject, it } from 'vitest';

/* The product as deployed for e2e: real PostgreSQL and Redis behind one process. */
const baseUrl = inject('baseUrl');

describe('running product', () => {
  it('reports PostgreSQL and Redis healthy, jobs on BullMQ', async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok', redis: 'ok', jobs: 'redis' });
  });

  it('serves the web app for client-side routes and 404s for missing assets', async () => {
    const page = await fetch(`${baseUrl}/region/users`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const asset = await fetch(`${baseUrl}/_app/immutable/nope.js`);
    expect(asset.status).toBe(404);
    const api = await fetch(`${baseUrl}/api/nope`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
  });
});
