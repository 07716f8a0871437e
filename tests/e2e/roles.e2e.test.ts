import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { launchBrowser, login, screenshot, settled } from './support/browser.ts';

/*
 * Every demo role logs in through the real UI (Chromium against the running product),
 * sees its own navigation and nothing of the others, and every page it can open renders
 * without an error. Screenshots land in test-output/screenshots/.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const ORGANISATION_NAV = [
  'organisation',
  'mentors',
  'mentees',
  'person-import',
  'counts',
  'audit',
  'profile',
];
const ORGANISATION_PAGES = [
  '/organisation',
  '/organisation/mentors',
  '/organisation/mentees',
  '/organisation/import',
  '/organisation/counts',
  '/organisation/audit',
  '/profile',
];
const ROLE_PAGES: Record<string, { home: string; nav: string[]; pages: string[] }> = {
  region_admin: {
    home: '/region',
    nav: [
      'region',
      'statistics',
      'targets',
      'municipalities',
      'organisations',
      'enterprises',
      'catalogues',
      'users',
      'import',
      'mail',
      'profile',
    ],
    pages: [
      '/region',
      '/region/statistics',
      '/region/targets',
      '/region/municipalities',
      '/region/organisations',
      '/region/enterprises',
      '/region/catalogues',
      '/region/users',
      '/region/import',
      '/region/mail',
      '/profile',
    ],
  },
  municipal_officer: {
    home: '/municipality',
    nav: ['municipality', 'municipality-organisations', 'profile'],
    pages: ['/municipality', '/municipality/organisations', '/profile'],
  },
  curator: { home: '/organisation', nav: ORGANISATION_NAV, pages: ORGANISATION_PAGES },
  head: { home: '/organisation', nav: ORGANISATION_NAV, pages: ORGANISATION_PAGES },
};
const ALL_NAV = [...new Set(Object.values(ROLE_PAGES).flatMap((r) => r.nav))];

async function navSlugs(page: Page): Promise<string[]> {
  const ids = await page
    .locator('[data-testid^="nav-"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!));
  return ids.map((id) => id.replace(/^nav-/, ''));
}

describe.each(DEMO_LOGINS.map((l) => [l.role, l] as const))('%s', (role, demo) => {
  const expected = ROLE_PAGES[role]!;
  let page: Page;

  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    page = await context.newPage();
    await login(page, baseUrl, demo.email, demo.password);
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('lands on its own workspace with its own navigation only', async () => {
    expect(new URL(page.url()).pathname).toBe(expected.home);
    await settled(page);
    const slugs = await navSlugs(page);
    expect(slugs.sort()).toEqual([...expected.nav].sort());
    for (const other of ALL_NAV.filter((s) => !expected.nav.includes(s))) expect(slugs).not.toContain(other);
  });

  it('opens every page of its navigation without an error', async () => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    for (const path of expected.pages) {
      await page.goto(`${baseUrl}${path}`);
      await settled(page);
      expect(await page.locator('h1').first().isVisible(), `${path} has a heading`).toBe(true);
      // No error banner and no raw English error text leaked to the user.
      expect(await page.locator('[role="alert"]').count(), `${path} shows an error`).toBe(0);
      await screenshot(page, `${role}${path.replace(/\//g, '_')}`);
    }
    expect(errors).toEqual([]);
  });

  it('cannot open another role’s section', async () => {
    if (role === 'region_admin') return;
    await page.goto(`${baseUrl}/region/users`);
    await settled(page);
    expect(
      await page
        .getByText(/недоступен/i)
        .first()
        .isVisible(),
    ).toBe(true);
    await screenshot(page, `${role}_forbidden`);
  });
});
