/*
 * Screenshots of every page of the web app, per role, at 1366×768: a quick visual check
 * after a change (alignment, overflow, empty states, Cyrillic). Run against a product
 * started with demo data and the built web app:
 *
 *   DATA_DIR=/tmp/shots-data PORT=3101 npx tsx services/api/src/main.ts --demo --web
 *   BASE_URL=http://localhost:3101 OUT_DIR=/tmp/web-shots npx tsx web/scripts/screenshots.ts
 *
 * It changes a little data on the way (a password-reset letter for the curator, a dry-run
 * import that writes nothing), so point it at a demo database, not a real one.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { completeInn } from '@nastavnik/domain';

const BASE_URL = (process.env.BASE_URL ?? 'http://localhost:3101').replace(/\/$/, '');
const OUT_DIR = process.env.OUT_DIR ?? '/tmp/web-shots';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'Nastavnik2025';
const VIEWPORT = { width: 1366, height: 768 };

const ROLES = {
  region: 'region@demo.nastavnik.ru',
  municipality: 'municipality@demo.nastavnik.ru',
  curator: 'curator@demo.nastavnik.ru',
  head: 'head@demo.nastavnik.ru',
} as const;

mkdirSync(OUT_DIR, { recursive: true });
const taken: string[] = [];

async function shot(page: Page, name: string, fullPage = false): Promise<void> {
  // Let skeletons resolve and fonts settle before the picture.
  await page.waitForLoadState('networkidle');
  // Wait for loading placeholders to go (a page that never loads is still photographed).
  await page
    .waitForFunction(() => !document.querySelector('.skeleton, [aria-busy="true"]'), null, {
      timeout: 10_000,
    })
    .catch(() => undefined);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(250);
  const path = join(OUT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage });
  taken.push(path);
}

async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${BASE_URL}${path}`);
  await page.waitForLoadState('networkidle');
}

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU' });
  const page = await context.newPage();
  await open(page, '/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  // "/" redirects to the role's workspace; wait for that, not for "/".
  await page.waitForURL((url) => url.pathname !== '/' && !url.pathname.startsWith('/login'));
  return page;
}

/** A small CSV with good rows and a few mistakes, for the dry-run preview. */
function sampleOrganisationsCsv(): Buffer {
  const rows = [
    'Муниципалитет;Полное наименование;Краткое наименование;Тип;ИНН;Адрес',
    `Городской округ Светлогорск;МБДОУ «Детский сад № 55 «Солнышко»»;Д/с № 55;ДОУ;${completeInn('398765432')};г. Светлогорск, ул. Лесная, 3`,
    `Городской округ Светлогорск;МБОУ «Гимназия № 52»;Гимназия № 52;СОШ;${completeInn('398765433')};`,
    `Несуществующий район;МБОУ «Гимназия № 2»;Гимназия № 2;СОШ;${completeInn('398765434')};`,
    'Городской округ Светлогорск;МАУ ДО «Дом творчества»;ДТ;кружок;12345;',
  ];
  return Buffer.from(rows.join('\n'), 'utf8');
}

async function publicPages(browser: Browser): Promise<void> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU' });
  const page = await context.newPage();
  await open(page, '/login');
  await shot(page, 'public-login');
  await page.getByTestId('login-email').fill(ROLES.region);
  await page.getByTestId('login-password').fill('wrong-password-1');
  await page.getByTestId('login-submit').click();
  await page.getByRole('alert').first().waitFor();
  await shot(page, 'public-login-error');
  await open(page, '/forgot');
  await shot(page, 'public-forgot');
  await page.getByTestId('forgot-email').fill(ROLES.curator);
  await page.getByRole('button', { name: 'Отправить ссылку' }).click();
  await page.getByTestId('forgot-done').waitFor();
  await shot(page, 'public-forgot-done');
  await open(page, '/link/this-link-does-not-exist-000000000000');
  await shot(page, 'public-link-invalid');
  await open(page, '/no-such-page');
  await shot(page, 'public-404');
  await context.close();
}

async function regionPages(browser: Browser): Promise<void> {
  const page = await signedIn(browser, ROLES.region);
  await shot(page, 'region-overview', true);
  for (const slug of ['municipalities', 'organisations', 'enterprises', 'users', 'mail', 'import']) {
    await page.getByTestId(`nav-${slug}`).click();
    await page.waitForURL(`**/region/${slug}`);
    await shot(page, `region-${slug}`);
  }

  // The letter of the reset requested on /forgot carries a link: open the set-password page.
  await open(page, '/region/mail');
  const text = (await page.getByTestId('mail-reader').textContent()) ?? '';
  const resetLink = /\/link\/[A-Za-z0-9_-]+/.exec(text)?.[0];

  await open(page, '/region/organisations');
  await page.getByTestId('organisation-create').click();
  await page.getByTestId('organisation-dialog').getByRole('button', { name: 'Добавить' }).click();
  await shot(page, 'region-organisations-dialog-errors');
  await page.keyboard.press('Escape');

  await page.getByRole('searchbox').fill('нет такой организации');
  await page.getByText('Ничего не найдено').waitFor();
  await shot(page, 'region-organisations-not-found');

  // An invitation: the letter lands in the outbox, its link opens the set-password page.
  const invitee = `shots-${Date.now()}@demo.nastavnik.ru`;
  await open(page, '/region/users');
  await page.getByTestId('user-invite').click();
  await page.getByTestId('user-email').fill(invitee);
  await page.getByTestId('user-fullname').fill('Проверкина Анна Сергеевна');
  await page.getByTestId('user-role').selectOption('municipal_officer');
  await page.getByTestId('user-municipality').selectOption({ index: 1 });
  await page.getByTestId('user-save').click();
  await page.getByTestId('user-dialog').waitFor({ state: 'hidden' });
  await open(page, '/region/mail');
  const inviteText = (await page.getByTestId('mail-reader').textContent()) ?? '';
  const inviteLink = /\/link\/[A-Za-z0-9_-]+/.exec(inviteText)?.[0];

  await open(page, '/region/users');
  await page.getByTestId('user-invite').click();
  await page.getByTestId('user-role').selectOption('curator');
  await page.getByTestId('user-organisation').click();
  await page.getByRole('listbox').waitFor();
  await shot(page, 'region-users-invite');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');

  await open(page, '/region/import');
  await page.getByTestId('import-file').setInputFiles({
    name: 'организации.csv',
    mimeType: 'text/csv',
    buffer: sampleOrganisationsCsv(),
  });
  await page.getByTestId('import-apply').waitFor();
  await shot(page, 'region-import-preview', true);

  // States the demo data does not reach: an empty directory and a failing server.
  await page.route('**/api/municipalities?*', (route) =>
    route.fulfill({ json: { items: [], total: 0, page: 1, pageSize: 25 } }),
  );
  await open(page, '/region/municipalities');
  await shot(page, 'region-municipalities-empty');
  await page.unroute('**/api/municipalities?*');
  await page.route('**/api/enterprises?*', (route) =>
    route.fulfill({
      status: 500,
      json: { error: { code: 'internal', message: 'Внутренняя ошибка сервера', fields: [] } },
    }),
  );
  await open(page, '/region/enterprises');
  await shot(page, 'region-enterprises-error');
  await page.unroute('**/api/enterprises?*');

  await open(page, '/profile');
  await shot(page, 'region-profile');
  await open(page, '/no-such-page');
  await shot(page, 'region-404');
  await page.context().close();

  for (const [name, link] of [
    ['public-link-reset', resetLink],
    ['public-link-invite', inviteLink],
  ] as const) {
    if (!link) continue;
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'ru-RU' });
    const anon = await context.newPage();
    await open(anon, link);
    await shot(anon, name);
    await context.close();
  }
}

async function municipalityPages(browser: Browser): Promise<void> {
  const page = await signedIn(browser, ROLES.municipality);
  await shot(page, 'municipality-home');
  await open(page, '/profile');
  await shot(page, 'municipality-profile');
  await open(page, '/region/users');
  await shot(page, 'municipality-forbidden');
  await page.context().close();
}

async function organisationPages(browser: Browser, role: 'curator' | 'head'): Promise<void> {
  const page = await signedIn(browser, ROLES[role]);
  await shot(page, `${role}-organisation`);
  await open(page, '/profile');
  await shot(page, `${role}-profile`);
  await page.context().close();
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  await publicPages(browser);
  await regionPages(browser);
  await municipalityPages(browser);
  await organisationPages(browser, 'curator');
  await organisationPages(browser, 'head');
} finally {
  await browser.close();
}
console.log(taken.join('\n'));
