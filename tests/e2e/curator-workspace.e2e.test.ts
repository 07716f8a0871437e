import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { DEMO_LOGINS } from '@nastavnik/db/seed';
import { launchBrowser, login, screenshot, settled } from './support/browser.ts';

/*
 * A curator's import day in Chromium against the running product (PostgreSQL, Redis, the
 * BullMQ worker): download the template, upload a mentee base with two broken rows, read
 * the errors by row, upload the fixed file, import it, and find the people in the base.
 */
const baseUrl = inject('baseUrl');
let browser: Browser;
let page: Page;

const HEADERS = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Категория',
  'Класс / группа',
  'Запрос',
  'Дата согласия',
  'Согласие дал',
  'ФИО представителя',
  'Кем приходится',
];
const REPRESENTATIVE = ['законный представитель', 'Загрузкина Ольга Петровна', 'мать'];
const row = (
  last: string,
  first: string,
  birth: string,
  klass: string,
  request: string,
  consent = '02.09.2024',
) => [last, first, '', birth, 'обучающийся', klass, request, consent, ...REPRESENTATIVE];

/** Spreadsheet row 1 is the header, so data rows are 2–6; rows 3 and 5 are the broken ones. */
function rows(fixed: boolean): string[][] {
  return [
    row('Загрузкина', 'Полина', '12.03.2012', '7 «А»', 'Профориентация'),
    row('Ошибочкин', 'Илья', fixed ? '28.02.2012' : '31.02.2012', '7 «А»', 'Низкая успеваемость'),
    row('Импортов', 'Денис', '05.11.2011', '8 «Б»', 'Адаптация в коллективе'),
    fixed
      ? row('Бессогласная', 'Вера', '14.04.2012', '7 «Б»', '')
      : ['Бессогласная', 'Вера', '', '14.04.2012', 'обучающийся', '7 «Б»', '', '', '', '', ''],
    row('Выгрузкин', 'Олег', '20.01.2013', '6 «В»', 'Трудности в общении'),
  ];
}

async function workbook(fixed: boolean): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Наставляемые');
  ws.addRow(HEADERS);
  for (const r of rows(fixed)) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

beforeAll(async () => {
  browser = await launchBrowser();
  const context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    locale: 'ru-RU',
    acceptDownloads: true,
  });
  page = await context.newPage();
  const curator = DEMO_LOGINS.find((l) => l.role === 'curator')!;
  await login(page, baseUrl, curator.email, curator.password);
});
afterAll(async () => {
  await browser?.close();
});

describe('curator workspace: import of the mentee base', () => {
  it('downloads the template for the mentee base', async () => {
    await page.getByTestId('nav-person-import').click();
    await page.waitForURL((url) => url.pathname === '/organisation/import');
    await settled(page);
    await page.getByTestId('import-base-mentees').click();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('person-import-template').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const template = new ExcelJS.Workbook();
    await template.xlsx.readFile((await download.path())!);
    const headers: string[] = [];
    template.worksheets[0]!.getRow(1).eachCell((cell) => headers.push(cell.text.trim()));
    for (const h of ['Фамилия', 'Имя', 'Дата рождения', 'Категория', 'Дата согласия', 'Согласие дал']) {
      expect(headers).toContain(h);
    }
    await screenshot(page, 'curator_import_start');
  });

  it('lists the two broken rows by number and refuses to import', async () => {
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'nastavlyaemye.xlsx', mimeType: XLSX, buffer: await workbook(false) });
    const errors = page.getByTestId('person-import-errors');
    await errors.waitFor({ timeout: 30_000 });

    const rowNumbers = await errors.locator('tbody tr td:first-child').allInnerTexts();
    expect([...new Set(rowNumbers.map((t) => Number(t.trim())))].sort()).toEqual([3, 5]);
    const text = await errors.innerText();
    expect(text).toContain('Дата рождения');
    expect(text).toContain('Дата согласия');
    expect(await page.getByTestId('person-import-apply').isDisabled()).toBe(true);
    expect(await page.getByTestId('person-import-fix-hint').isVisible()).toBe(true);
    await screenshot(page, 'curator_import_errors');
  });

  it('imports the fixed file', async () => {
    await page
      .getByTestId('import-file')
      .setInputFiles({ name: 'nastavlyaemye-ispravleno.xlsx', mimeType: XLSX, buffer: await workbook(true) });
    const apply = page.getByTestId('person-import-apply');
    await expect.poll(() => apply.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await page.getByTestId('person-import-errors').count()).toBe(0);
    await screenshot(page, 'curator_import_checked');

    await apply.click();
    const done = page.getByTestId('person-import-done');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.innerText()).toContain('Добавлено: 5');
    await screenshot(page, 'curator_import_done');
  });

  it('finds an imported person in the mentee base and opens the card', async () => {
    await page.getByTestId('nav-mentees').click();
    await page.waitForURL((url) => url.pathname === '/organisation/mentees');
    await settled(page);
    await page.getByTestId('persons-search').fill('Загрузкина');
    const table = page.getByTestId('persons-table');
    await table.getByText('Загрузкина Полина').waitFor({ timeout: 15_000 });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1);
    expect(await table.innerText()).toContain('Профориентация');
    await settled(page);
    await screenshot(page, 'curator_mentees_search');

    await table.getByText('Загрузкина Полина').click();
    await page.waitForURL((url) => url.pathname.startsWith('/organisation/persons/'));
    await settled(page);
    expect(await page.locator('h1').innerText()).toContain('Загрузкина Полина');
    const fields = await page.getByTestId('person-fields').first().innerText();
    expect(fields).toContain('12.03.2012');
    expect(fields).toContain('7 «А»');
    expect(await page.locator('[role="alert"]').count()).toBe(0);
    await screenshot(page, 'curator_person_card');
  });
});
