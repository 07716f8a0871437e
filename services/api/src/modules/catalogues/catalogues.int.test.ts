import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NATIONAL_CONSENT_VERSIONS, NATIONAL_MENTEE_REQUESTS } from '@nastavnik/domain';
import { bearer, createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';

/*
 * Region-wide catalogues on a real PostgreSQL: national rows are read-only, a region's own
 * rows are its own (region B never sees region A's), duplicates are refused whatever the
 * spelling, consent texts are immutable, and every write is audited.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Role = 'region_admin' | 'curator' | 'head' | 'municipal_officer';
const call = (
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  role: Role,
  payload?: unknown,
  which?: 'A' | 'B',
) => t.app.inject({ method, url, headers: bearer(t.tokenFor(role, which)), payload: payload as object });

const auditActions = async (action: string) =>
  t.db.owner.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('mentee requests', () => {
  it('lists the national rows to every signed-in role, sorted', async () => {
    for (const role of ['region_admin', 'curator', 'head', 'municipal_officer'] as const) {
      const res = await call('GET', '/api/catalogues/mentee-requests', role);
      expect(res.statusCode, role).toBe(200);
      const names = res.json().map((r: { name: string }) => r.name);
      expect(names).toEqual([...NATIONAL_MENTEE_REQUESTS]);
      expect(res.json().every((r: { national: boolean }) => r.national)).toBe(true);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/catalogues/mentee-requests' });
    expect(anonymous.statusCode).toBe(401);
  });

  it("adds the region's own row, hidden from the other region", async () => {
    const res = await call('POST', '/api/catalogues/mentee-requests', 'region_admin', {
      name: '  Помощь   с домашними заданиями ',
    });
    expect(res.statusCode).toBe(201);
    const row = res.json();
    expect(row).toMatchObject({ name: 'Помощь с домашними заданиями', national: false, archived: false });
    expect(row.sort).toBeGreaterThan(NATIONAL_MENTEE_REQUESTS.length * 10 - 1);

    const own = await call('GET', '/api/catalogues/mentee-requests', 'curator');
    expect(own.json().map((r: { id: string }) => r.id)).toContain(row.id);
    const other = await call('GET', '/api/catalogues/mentee-requests', 'curator', undefined, 'B');
    expect(other.json().map((r: { id: string }) => r.id)).not.toContain(row.id);
    expect(other.body).not.toContain('домашними');

    const [entry] = await auditActions('catalogue.mentee_request.create');
    expect(entry).toMatchObject({
      region_id: t.fixtures.regions.A.id,
      organisation_id: null,
      user_id: t.fixtures.users.aRegionAdmin.id,
      entity_id: row.id,
    });

    // Region B may have a row of the same name: the catalogues are separate.
    const b = await call(
      'POST',
      '/api/catalogues/mentee-requests',
      'region_admin',
      { name: 'Помощь с домашними заданиями' },
      'B',
    );
    expect(b.statusCode).toBe(201);
    const patchFromB = await call(
      'PATCH',
      `/api/catalogues/mentee-requests/${row.id}`,
      'region_admin',
      { archived: true },
      'B',
    );
    expect(patchFromB.statusCode).toBe(404);
  });

  it('refuses a duplicate name whatever the case, spacing or ё/е, national rows included', async () => {
    const national = NATIONAL_MENTEE_REQUESTS[0]!;
    for (const name of [
      national.toUpperCase(),
      'помощь с  домашними заданиями',
      national.replace(/е/g, 'ё'),
    ]) {
      const res = await call('POST', '/api/catalogues/mentee-requests', 'region_admin', { name });
      expect(res.statusCode, name).toBe(409);
      expect(res.json().error.fields).toEqual([
        { field: 'name', message: expect.stringMatching(/уже есть/) },
      ]);
    }
    const blank = await call('POST', '/api/catalogues/mentee-requests', 'region_admin', { name: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json().error.fields[0].field).toBe('name');
  });

  it('renames and archives its own rows; archived rows go last', async () => {
    const created = await call('POST', '/api/catalogues/mentee-requests', 'region_admin', {
      name: 'Адаптация после переезда',
      sort: 1,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    let list = await call('GET', '/api/catalogues/mentee-requests', 'region_admin');
    expect(list.json()[0].id).toBe(id);

    const renamed = await call('PATCH', `/api/catalogues/mentee-requests/${id}`, 'region_admin', {
      name: 'Адаптация после смены школы',
      archived: true,
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Адаптация после смены школы', archived: true });
    list = await call('GET', '/api/catalogues/mentee-requests', 'region_admin');
    expect(list.json().at(-1).id).toBe(id);
    expect(await auditActions('catalogue.mentee_request.update')).toHaveLength(1);

    // Renaming into another row's name is a duplicate too; keeping its own name is not.
    const clash = await call('PATCH', `/api/catalogues/mentee-requests/${id}`, 'region_admin', {
      name: 'ПОМОЩЬ С ДОМАШНИМИ ЗАДАНИЯМИ',
    });
    expect(clash.statusCode).toBe(409);
    const same = await call('PATCH', `/api/catalogues/mentee-requests/${id}`, 'region_admin', {
      name: 'адаптация после смены школы',
    });
    expect(same.statusCode).toBe(200);
  });

  it('protects national rows and keeps writes to the region admin', async () => {
    const list = await call('GET', '/api/catalogues/mentee-requests', 'region_admin');
    const national = list.json().find((r: { national: boolean }) => r.national);
    const res = await call('PATCH', `/api/catalogues/mentee-requests/${national.id}`, 'region_admin', {
      archived: true,
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('national_catalogue');
    expect(res.json().error.message).toMatch(/Общероссийские/);
    const still = await t.db.owner
      .selectFrom('mentee_requests')
      .select('archived')
      .where('id', '=', national.id)
      .executeTakeFirstOrThrow();
    expect(still.archived).toBe(false);

    for (const role of ['curator', 'head', 'municipal_officer'] as const) {
      const post = await call('POST', '/api/catalogues/mentee-requests', role, { name: 'Чужой запрос' });
      expect(post.statusCode, role).toBe(403);
    }
  });
});

describe('consent text versions', () => {
  const body = {
    code: 'reg-2025',
    title: 'Согласие региона (2025)',
    body: 'Даю согласие на обработку персональных данных…',
    categories: ['identity', 'birth_date', 'profile'],
    validFrom: '2025-01-01',
  };

  it('lists the national versions with their categories in Russian', async () => {
    const res = await call('GET', '/api/catalogues/consent-versions', 'curator');
    expect(res.statusCode).toBe(200);
    const v1 = res.json().find((v: { id: string }) => v.id === NATIONAL_CONSENT_VERSIONS[0]!.id);
    expect(v1).toMatchObject({ code: 'v1-2020', national: true, archived: false, validFrom: '2020-01-01' });
    expect(v1.categories[0]).toEqual({
      code: 'identity',
      label: 'Фамилия, имя, отчество, категория участника',
    });
  });

  it("creates a region's version, seen by its region only", async () => {
    const res = await call('POST', '/api/catalogues/consent-versions', 'region_admin', body);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'reg-2025', national: false, validFrom: '2025-01-01' });
    expect(res.json().categories.map((c: { code: string }) => c.code)).toEqual(body.categories);
    const id = res.json().id;
    const mine = await call('GET', '/api/catalogues/consent-versions', 'head');
    expect(mine.json().map((v: { id: string }) => v.id)).toContain(id);
    const other = await call('GET', '/api/catalogues/consent-versions', 'curator', undefined, 'B');
    expect(other.json().map((v: { id: string }) => v.id)).not.toContain(id);
    expect(await auditActions('catalogue.consent_version.create')).toHaveLength(1);
  });

  it('refuses a version without identity, a taken code and a change of text', async () => {
    const noIdentity = await call('POST', '/api/catalogues/consent-versions', 'region_admin', {
      ...body,
      code: 'reg-x',
      categories: ['profile'],
    });
    expect(noIdentity.statusCode).toBe(400);
    expect(noIdentity.json().error.fields[0]).toMatchObject({ field: 'categories' });
    const unknownCategory = await call('POST', '/api/catalogues/consent-versions', 'region_admin', {
      ...body,
      code: 'reg-y',
      categories: ['identity', 'religion'],
    });
    expect(unknownCategory.statusCode).toBe(400);
    for (const code of ['REG-2025', 'v2-2023']) {
      const taken = await call('POST', '/api/catalogues/consent-versions', 'region_admin', { ...body, code });
      expect(taken.statusCode, code).toBe(409);
      expect(taken.json().error.fields[0].field).toBe('code');
    }
    const list = await call('GET', '/api/catalogues/consent-versions', 'region_admin');
    const own = list.json().find((v: { code: string }) => v.code === 'reg-2025');
    const edit = await call('PATCH', `/api/catalogues/consent-versions/${own.id}`, 'region_admin', {
      archived: true,
      body: 'Другой текст',
    });
    expect(edit.statusCode).toBe(400);
    expect(edit.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['body']);
  });

  it('archives its own version, never a national one', async () => {
    const list = await call('GET', '/api/catalogues/consent-versions', 'region_admin');
    const own = list.json().find((v: { code: string }) => v.code === 'reg-2025');
    const archived = await call('PATCH', `/api/catalogues/consent-versions/${own.id}`, 'region_admin', {
      archived: true,
    });
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true, body: own.body });
    const national = await call(
      'PATCH',
      `/api/catalogues/consent-versions/${NATIONAL_CONSENT_VERSIONS[0]!.id}`,
      'region_admin',
      { archived: true },
    );
    expect(national.statusCode).toBe(403);
    expect(national.json().error.code).toBe('national_catalogue');
    const curator = await call('PATCH', `/api/catalogues/consent-versions/${own.id}`, 'curator', {
      archived: false,
    });
    expect(curator.statusCode).toBe(403);
  });

  it('lists the data categories for the UI', async () => {
    const res = await call('GET', '/api/catalogues/data-categories', 'curator');
    expect(res.statusCode).toBe(200);
    expect(res.json().map((c: { code: string }) => c.code)).toContain('profile');
  });
});

describe('region settings', () => {
  it('reads and sets the retention period, region admin only, audited', async () => {
    const before = await call('GET', '/api/region/settings', 'region_admin');
    expect(before.statusCode).toBe(200);
    expect(before.json()).toMatchObject({
      retentionYears: 3,
      satisfactionThreshold: 7,
      timezone: 'Europe/Moscow',
    });
    const set = await call('PATCH', '/api/region/settings', 'region_admin', { retentionYears: 5 });
    expect(set.statusCode).toBe(200);
    expect(set.json().retentionYears).toBe(5);
    const regions = await t.db.owner.selectFrom('regions').select(['id', 'retention_years']).execute();
    const byId = new Map(regions.map((r) => [r.id, r.retention_years]));
    expect(byId.get(t.fixtures.regions.A.id)).toBe(5);
    expect(byId.get(t.fixtures.regions.B.id)).toBe(3);
    const [entry] = await auditActions('catalogue.region_settings.update');
    expect(entry?.details).toEqual({ retentionYears: { from: 3, to: 5 } });

    for (const retentionYears of [0, 76]) {
      const bad = await call('PATCH', '/api/region/settings', 'region_admin', { retentionYears });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields[0].field).toBe('retentionYears');
    }
    for (const role of ['curator', 'head', 'municipal_officer'] as const) {
      expect((await call('GET', '/api/region/settings', role)).statusCode, role).toBe(403);
    }
  });
});
