import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { launchBrowser, screenshot, settled } from './support/browser.ts';

/*
 * An invitation end to end: the region admin invites a curator (API), the letter goes
 * through the BullMQ worker into the outbox (no SMTP in e2e), the invitee opens the link in
 * Chromium, sets a password and lands in the organisation's workspace.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function api(path: string, token: string, init: RequestInit = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
  });
  return { status: res.status, body: res.status === 204 || res.status === 202 ? null : await res.json() };
}

describe('invitation', () => {
  it('lets an invited curator set a password through the link and sign in', async () => {
    const admin = DEMO_LOGINS.find((l) => l.role === 'region_admin')!;
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: admin.email, password: admin.password }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const orgs = await api('/api/organisations?pageSize=1&kind=school', accessToken);
    const email = `e2e.${Date.now()}@school.test`;
    const invited = await api('/api/users', accessToken, {
      method: 'POST',
      body: JSON.stringify({
        email,
        fullName: 'Новикова Елена Павловна',
        role: 'curator',
        organisationId: orgs.body.items[0].id,
      }),
    });
    expect(invited.status).toBe(201);

    // The worker process keeps the letter in the outbox (no SMTP configured).
    let letter: { text: string; status: string } | undefined;
    for (let i = 0; i < 50 && letter?.status !== 'kept'; i++) {
      const mail = await api(`/api/mail?q=${encodeURIComponent(email)}`, accessToken);
      letter = mail.body.items[0];
      if (letter?.status !== 'kept') await new Promise((r) => setTimeout(r, 200));
    }
    expect(letter?.status).toBe('kept');
    const link = /https?:\/\/\S+\/link\/[\w-]+/.exec(letter!.text)![0];

    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' })
    ).newPage();
    await page.goto(`${baseUrl}${new URL(link).pathname}`);
    await settled(page);
    expect(await page.getByTestId('link-account').textContent()).toContain(email);
    await screenshot(page, 'invitation_set_password');
    await page.getByTestId('link-password').fill('Kurator2026secure');
    await page.getByTestId('link-confirm').fill('Kurator2026secure');
    await page.getByTestId('link-submit').click();
    await page.waitForURL((url) => url.pathname === '/organisation', { timeout: 20_000 });
    await settled(page);
    await screenshot(page, 'invitation_first_login');

    // The link is spent.
    const again = await fetch(`${baseUrl}/api/auth${new URL(link).pathname}`);
    expect(again.status).toBe(404);
    await page.context().close();
  });
});
