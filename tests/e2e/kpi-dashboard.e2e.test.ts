import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { launchBrowser, login, screenshot, settled } from './support/browser.ts';

/*
 * The KPI dashboards in Chromium against the running product (the workers fill the
 * snapshots after the demo region loads): the region admin sees six cards and drills down
 * to a municipality and one of its organisations through shareable URLs; a municipal
 * officer sees their municipality and cannot open another municipality's figures.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;

const demo = (role: string) => DEMO_LOGINS.find((l) => l.role === role)!;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function newPage(role: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
  const page = await context.newPage();
  const { email, password } = demo(role);
  await login(page, baseUrl, email, password);
  return page;
}

/** The first recompute runs in the background after start-up: reload until the cards are there. */
async function sixCards(page: Page): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    await settled(page);
    if ((await page.getByTestId('kpi-card').count()) === 6) return;
    if (Date.now() > deadline) throw new Error(`no KPI cards on ${page.url()}`);
    await page.waitForTimeout(2_000);
    await page.reload();
  }
}

async function apiToken(role: string): Promise<string> {
  const { email, password } = demo(role);
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const apiGet = (path: string, token: string) =>
  fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });

describe('region admin', () => {
  let page: Page;
  beforeAll(async () => {
    page = await newPage('region_admin');
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('sees six KPI cards with the time they were computed', async () => {
    await page.goto(`${baseUrl}/region`);
    await sixCards(page);
    await expect(page.getByTestId('kpi-computed-at').textContent()).resolves.toMatch(
      /Рассчитано: \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/,
    );
    expect(await page.getByTestId('kpi-comparison-link').count()).toBeGreaterThan(1);
    await screenshot(page, 'kpi_region');
  });

  it('keeps the year in the URL and drills down to a municipality and an organisation', async () => {
    await page.locator('[data-testid="kpi-year"] [data-year="2024"]').click();
    await page.waitForURL(/[?&]year=2024/);

    const municipality = page.getByTestId('kpi-comparison-link').first();
    const municipalityName = (await municipality.textContent())!.trim();
    await municipality.click();
    await page.waitForURL(/\/region\/municipalities\/[0-9a-f-]{36}\?year=2024/);
    await sixCards(page);
    await expect(page.locator('h1').textContent()).resolves.toBe(municipalityName);
    expect(await page.getByTestId('kpi-up').isVisible()).toBe(true);
    await screenshot(page, 'kpi_region_municipality');

    // A shared link opens the same view in a fresh page.
    const shared = page.url();
    const again = await page.context().newPage();
    await again.goto(shared);
    await sixCards(again);
    await expect(again.locator('h1').textContent()).resolves.toBe(municipalityName);
    expect(await again.locator('[data-testid="kpi-year"] [aria-pressed="true"]').textContent()).toBe('2024');
    await again.close();

    const organisation = page.getByTestId('kpi-comparison-link').first();
    const organisationName = (await organisation.textContent())!.trim();
    await organisation.click();
    await page.waitForURL(/\/region\/organisations\/[0-9a-f-]{36}\?year=2024/);
    await settled(page);
    expect(await page.getByTestId('organisation-kpi').isVisible()).toBe(true);
    await sixCards(page);
    await expect(page.locator('h1').textContent()).resolves.toBe(organisationName);
    await expect(page.getByTestId('kpi-breadcrumbs').textContent()).resolves.toContain(municipalityName);
    await screenshot(page, 'kpi_region_organisation');
  });
});

describe('municipal officer', () => {
  let page: Page;
  let token: string;
  let own: string;
  let other: { id: string; name: string };
  let otherOrganisation: string;

  beforeAll(async () => {
    page = await newPage('municipal_officer');
    token = await apiToken('municipal_officer');
    own = ((await (await apiGet('/api/auth/me', token)).json()) as { municipalityId: string }).municipalityId;
    const admin = await apiToken('region_admin');
    const list = (await (await apiGet('/api/municipalities?pageSize=200', admin)).json()) as {
      items: { id: string; name: string }[];
    };
    other = list.items.find((m) => m.id !== own)!;
    const orgs = (await (
      await apiGet(`/api/organisations?municipalityId=${other.id}&pageSize=1`, admin)
    ).json()) as { items: { id: string }[] };
    otherOrganisation = orgs.items[0]!.id;
  });
  afterAll(async () => {
    await page?.context().close();
  });

  it('sees their municipality with six cards and its organisations compared', async () => {
    await page.goto(`${baseUrl}/municipality`);
    await sixCards(page);
    expect(await page.getByTestId('kpi-comparison-table').isVisible()).toBe(true);
    await screenshot(page, 'kpi_municipality');
  });

  it("cannot open another municipality's dashboard or its figures", async () => {
    await page.goto(`${baseUrl}/region/municipalities/${other.id}`);
    await settled(page);
    expect(
      await page
        .getByText(/недоступен/i)
        .first()
        .isVisible(),
    ).toBe(true);
    expect(await page.getByTestId('kpi-card').count()).toBe(0);

    await page.goto(`${baseUrl}/municipality/organisations/${otherOrganisation}`);
    await settled(page);
    expect(await page.locator('[role="alert"]').first().isVisible()).toBe(true);
    expect(await page.getByTestId('kpi-card').count()).toBe(0);
    await screenshot(page, 'kpi_municipality_foreign_organisation');

    const figures = await apiGet(`/api/kpi?territoryType=municipality&territoryId=${other.id}`, token);
    expect(figures.status).toBe(403);
    expect(await figures.text()).not.toContain('numerator');
    const ranking = await apiGet('/api/kpi/ranking?territoryType=region&indicator=mentees_10_19', token);
    expect(ranking.status).toBe(403);
  });
});
