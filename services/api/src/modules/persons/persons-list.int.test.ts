import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, auditRows, student, teacher, type Api } from './test-support.ts';

/*
 * The mentor and mentee bases as lists: search (case- and ё-insensitive, e-mail, phone,
 * SNILS), filters, sort, paging, erased persons, and the audit entry of every list.
 */

let t: TestApp;
let api: Api;
const ids: Record<string, string> = {};

const names = (res: { json(): { items: { fullName: string }[] } }) => res.json().items.map((i) => i.fullName);

beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  api = apiOf(t);
  const request = await t.db.owner
    .selectFrom('mentee_requests')
    .select('id')
    .orderBy('sort')
    .executeTakeFirstOrThrow();
  const people: [string, Record<string, unknown>][] = [
    ['elkin', student({ requestId: request.id, phone: '+7 912 555-11-22' })],
    [
      'abramova',
      student({ lastName: 'Абрамова', firstName: 'Зоя', birthDate: '2011-01-02', snils: '112-233-445 95' }),
    ],
    [
      'egorov',
      student({ lastName: 'Егоров', firstName: 'Иван', birthDate: '2013-03-03', email: 'egorov@mail.test' }),
    ],
    ['yakovleva', student({ lastName: 'Яковлева', firstName: 'Ирина', birthDate: '2010-10-10' })],
    [
      'mentor',
      teacher({ lastName: 'Борисова', inMenteeBase: true, enterpriseId: t.fixtures.enterprises.A.id }),
    ],
  ];
  for (const [key, body] of people) {
    const res = await api.post('/api/persons', body);
    expect(res.statusCode, res.body).toBe(201);
    ids[key] = res.json().id;
  }
  // Яковлева withdrew her consent (the erasure job has not run: records only, no job here).
  const w = await api.post(`/api/persons/${ids.yakovleva}/withdraw`, {
    date: '2025-03-01',
    reason: 'withdrawal',
  });
  expect(w.statusCode).toBe(202);
});
afterAll(async () => {
  await t?.close();
});

describe('GET /api/persons', () => {
  it('lists one base in natural name order (Ё among Е), the fixture persons included', async () => {
    const res = await api.get('/api/persons?base=mentees&pageSize=200');
    expect(res.statusCode, res.body).toBe(200);
    expect(names(res)).toEqual([
      'Абрамова Зоя',
      'Борисова Анна Петровна',
      'Егоров Иван',
      'Ёлкин Пётр',
      'Учеников-A1S Иван Тестович',
      'Яковлева Ирина',
    ]);
    const page = res.json();
    expect(page.total).toBe(6);
    expect(page.items[0]).toMatchObject({
      lastName: 'Абрамова',
      category: 'student',
      birthDate: '2011-01-02',
      className: '7Б',
      consentStatus: 'active',
      inMenteeBase: true,
      erased: false,
    });
    expect(page.items[0].age).toBeGreaterThanOrEqual(14);
    const mentors = await api.get('/api/persons?base=mentors');
    expect(names(mentors)).toEqual(['Борисова Анна Петровна', 'Наставников-A1S Пётр Тестович']);
    expect(mentors.json().items[0].workplace).toBe(t.fixtures.enterprises.A.name);
  });

  it('searches names case- and ё-insensitively, and e-mail, phone and SNILS', async () => {
    const search = async (q: string) =>
      names(await api.get(`/api/persons?base=mentees&q=${encodeURIComponent(q)}`));
    expect(await search('ЕЛКИН')).toEqual(['Ёлкин Пётр']);
    expect(await search('ёлкин пётр')).toEqual(['Ёлкин Пётр']);
    expect(await search('EGOROV@MAIL')).toEqual(['Егоров Иван']);
    expect(await search('912 555 11')).toEqual(['Ёлкин Пётр']);
    expect(await search('11223344595')).toEqual(['Абрамова Зоя']);
    expect(await search('%')).toEqual([]);
  });

  it('filters by category, consent, request and enterprise', async () => {
    const list = async (query: string) => names(await api.get(`/api/persons?base=mentees&${query}`));
    expect(await list('category=teacher')).toEqual(['Борисова Анна Петровна']);
    expect(await list('consent=withdrawn')).toEqual(['Яковлева Ирина']);
    expect(await list('consent=none')).toEqual([]);
    expect(await list('consent=active&category=student')).toEqual([
      'Абрамова Зоя',
      'Егоров Иван',
      'Ёлкин Пётр',
      'Учеников-A1S Иван Тестович',
    ]);
    const request = await t.db.owner
      .selectFrom('mentee_requests')
      .select('id')
      .orderBy('sort')
      .executeTakeFirstOrThrow();
    expect(await list(`requestId=${request.id}`)).toEqual(['Ёлкин Пётр']);
    expect(await list(`enterpriseId=${t.fixtures.enterprises.A.id}`)).toEqual(['Борисова Анна Петровна']);
    expect(await list(`enterpriseId=${t.fixtures.enterprises.B.id}`)).toEqual([]);
  });

  it('sorts by name, birth date and creation, both ways, and pages', async () => {
    const list = async (query: string) =>
      names(await api.get(`/api/persons?base=mentees&category=student&${query}`));
    expect(await list('sort=-name')).toEqual([
      'Яковлева Ирина',
      'Учеников-A1S Иван Тестович',
      'Ёлкин Пётр',
      'Егоров Иван',
      'Абрамова Зоя',
    ]);
    expect(await list('sort=birthDate')).toEqual([
      'Учеников-A1S Иван Тестович',
      'Яковлева Ирина',
      'Абрамова Зоя',
      'Ёлкин Пётр',
      'Егоров Иван',
    ]);
    expect(await list('sort=-created')).toEqual([
      'Яковлева Ирина',
      'Егоров Иван',
      'Абрамова Зоя',
      'Ёлкин Пётр',
      'Учеников-A1S Иван Тестович',
    ]);
    const page2 = await api.get('/api/persons?base=mentees&category=student&pageSize=2&page=2');
    expect(page2.json()).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(names(page2)).toEqual(['Ёлкин Пётр', 'Учеников-A1S Иван Тестович']);
  });

  it('shows erased persons only when asked, without names', async () => {
    await t.db.owner
      .updateTable('persons')
      .set({ erased_at: new Date(), last_name: null, first_name: null, middle_name: null, birth_date: null })
      .where('id', '=', ids.yakovleva!)
      .execute();
    expect(names(await api.get('/api/persons?base=mentees'))).not.toContain('Данные удалены');
    const erased = await api.get('/api/persons?base=mentees&erased=true');
    expect(erased.json().items).toEqual([
      expect.objectContaining({
        id: ids.yakovleva,
        fullName: 'Данные удалены',
        lastName: null,
        erased: true,
        age: null,
      }),
    ]);
  });

  it('audits every list with its filter and count', async () => {
    const res = await api.get(
      '/api/persons?base=mentees&q=%D0%B5%D0%BB%D0%BA%D0%B8%D0%BD&page=1&pageSize=10',
    );
    expect(res.json().total).toBe(1);
    const [entry] = await auditRows(t, 'persons.list');
    expect(entry).toMatchObject({ user_id: t.fixtures.users.aCurator.id, ip: expect.any(String) });
    expect(entry!.details).toEqual({
      base: 'mentees',
      filter: { base: 'mentees', q: 'елкин', erased: false },
      count: 1,
    });
  });

  it("never shows another organisation's persons, and is closed to region and municipal staff", async () => {
    const other = t.fixtures.tenantData.A2school;
    const res = await api.get(`/api/persons?base=mentees&q=${encodeURIComponent('Учеников-A2S')}`);
    expect(res.json()).toMatchObject({ items: [], total: 0 });
    const all = await api.get('/api/persons?base=mentors&pageSize=200', t.tokenFor('curator', 'A2'));
    expect(all.json().items.map((i: { id: string }) => i.id)).toEqual([other.personIds[0]]);
    expect((await api.get('/api/persons?base=mentees', t.tokenFor('head'))).statusCode).toBe(200);
    for (const role of ['region_admin', 'municipal_officer'] as const) {
      expect((await api.get('/api/persons?base=mentees', t.tokenFor(role))).statusCode).toBe(403);
    }
  });

  it('requires the base', async () => {
    const res = await api.get('/api/persons');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('base');
  });
});
