import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personKey } from '@nastavnik/db';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, auditRows, fieldsOf, MIN, student, teacher, V1, V2, type Api } from './test-support.ts';

/*
 * Creating and editing persons of the mentor and mentee bases on a real PostgreSQL (RLS on):
 * consent rules (152-ФЗ), coverage of data categories, duplicates, field validation, roles.
 */

let t: TestApp;
let api: Api;
beforeAll(async () => {
  t = await createTestApp({ recordJobs: true });
  api = apiOf(t);
});
afterAll(async () => {
  await t?.close();
});

describe('POST /api/persons', () => {
  it('creates a teacher with a consent given by herself, in one transaction, audited', async () => {
    const res = await api.post(
      '/api/persons',
      teacher({ snils: '112 233 445 95', phone: '8 (900) 123-45-67' }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const card = res.json();
    expect(card).toMatchObject({
      fullName: 'Сидорова Анна Петровна',
      category: 'teacher',
      birthDate: '1985-03-10',
      birthYear: 1985,
      careerStartYear: 2008,
      snils: '112-233-445 95',
      phone: '+79001234567',
      inMentorBase: true,
      inMenteeBase: false,
      consentStatus: 'active',
      erased: false,
    });
    expect(card.consents).toHaveLength(1);
    expect(card.consents[0]).toMatchObject({ givenBy: 'self', inForce: true, version: { code: V2.code } });
    const row = await t.db.owner
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', card.id)
      .executeTakeFirstOrThrow();
    expect(row.organisation_id).toBe(t.fixtures.organisations.A1school.id);
    expect(row.person_key).toBe(personKey('test-key', 'Сидорова Анна Петровна', '1985-03-10'));
    const consent = await t.db.owner
      .selectFrom('consents')
      .selectAll()
      .where('person_id', '=', card.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({
      given_at: '2025-01-15',
      version_id: V2.id,
      created_by: t.fixtures.users.aCurator.id,
    });
    const [entry] = await auditRows(t, 'persons.create');
    expect(entry).toMatchObject({
      entity: 'person',
      entity_id: card.id,
      user_id: t.fixtures.users.aCurator.id,
    });
    expect(JSON.stringify(entry!.details)).not.toContain('Сидорова');
  });

  it('creates a minor with a consent given by the legal representative', async () => {
    const res = await api.post('/api/persons', student());
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().consents[0]).toMatchObject({
      givenBy: 'representative',
      representativeName: 'Ёлкина Мария Ивановна',
      representativeRelation: 'мать',
    });
  });

  it('refuses a minor whose consent is given by the minor, naming givenBy', async () => {
    const res = await api.post(
      '/api/persons',
      student({ lastName: 'Малышев', consent: { givenBy: 'self', givenAt: '2025-02-01', versionId: V2.id } }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(fieldsOf(res)).toEqual(['consent.givenBy']);
    const noName = await api.post(
      '/api/persons',
      student({
        lastName: 'Малышев',
        consent: { givenBy: 'representative', givenAt: '2025-02-01', versionId: V2.id },
      }),
    );
    expect(fieldsOf(noName)).toEqual(['consent.representativeName', 'consent.representativeRelation']);
    expect(
      await t.db.owner.selectFrom('persons').select('id').where('last_name', '=', 'Малышев').execute(),
    ).toEqual([]);
  });

  it('refuses data the consent version does not cover, one field entry per field', async () => {
    const res = await api.post(
      '/api/persons',
      teacher({
        lastName: 'Непокрытова',
        phone: '+7 900 000-00-01',
        snils: '112-233-445 95',
        interests: 'шахматы',
        consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: MIN.id },
      }),
    );
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('consent_not_covering');
    expect(fieldsOf(res)).toEqual(['email', 'phone', 'snils', 'interests']);
    expect(error.fields[2].message).toContain('СНИЛС');
    // v1-2020 covers contacts but not SNILS.
    const v1 = await api.post(
      '/api/persons',
      teacher({
        lastName: 'Непокрытова',
        snils: '112-233-445 95',
        consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: V1.id },
      }),
    );
    expect(v1.statusCode).toBe(400);
    expect(fieldsOf(v1)).toEqual(['snils']);
  });

  it('names every invalid field in Russian', async () => {
    const problems: [Record<string, unknown>, string][] = [
      [{ category: 'student', birthDate: null, careerStartYear: null }, 'birthDate'],
      [{ category: 'parent' }, 'careerStartYear'],
      [{ preferredAgeMin: 15, preferredAgeMax: 12 }, 'preferredAgeMin'],
      [{ snils: '112-233-445 96' }, 'snils'],
      [{ phone: '12-34' }, 'phone'],
      [{ email: 'not-an-address' }, 'email'],
      [{ birthDate: '2099-01-01' }, 'birthDate'],
      [{ enterpriseId: t.fixtures.enterprises.B.id }, 'enterpriseId'],
      [{ requestId: '00000000-0000-4000-8000-000000000000' }, 'requestId'],
      [{ inMentorBase: false, inMenteeBase: false }, 'inMentorBase'],
      [{ lastName: '   ' }, 'lastName'],
      [
        { consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: t.fixtures.regions.B.id } },
        'consent.versionId',
      ],
      [{ consent: { givenBy: 'self', givenAt: '2099-01-15', versionId: V2.id } }, 'consent.givenAt'],
    ];
    for (const [overrides, field] of problems) {
      const res = await api.post('/api/persons', teacher({ lastName: 'Ошибкина', ...overrides }));
      expect(res.statusCode, `${JSON.stringify(overrides)}: ${res.body}`).toBe(400);
      expect(fieldsOf(res), JSON.stringify(overrides)).toContain(field);
      expect(res.json().error.fields[0].message).toMatch(/[а-я]/);
    }
  });

  it('accepts an enterprise of the region and a request from the catalogue', async () => {
    const request = await t.db.owner
      .selectFrom('mentee_requests')
      .select(['id', 'name'])
      .executeTakeFirstOrThrow();
    const res = await api.post(
      '/api/persons',
      teacher({
        lastName: 'Заводская',
        category: 'enterprise_employee',
        careerStartYear: null,
        enterpriseId: t.fixtures.enterprises.A.id,
        position: 'инженер',
        inMenteeBase: true,
        requestId: request.id,
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      enterpriseName: t.fixtures.enterprises.A.name,
      requestName: request.name,
    });
  });

  it('finds duplicates by full name + birth date (case and ё folded) and by SNILS', async () => {
    const first = await api.post('/api/persons', teacher({ lastName: 'Дублёва', snils: '087-654-321 02' }));
    expect(first.statusCode, first.body).toBe(201);
    const byName = await api.post(
      '/api/persons',
      teacher({ lastName: 'ДУБЛЕВА', firstName: 'анна', middleName: 'петровна', email: null }),
    );
    expect(byName.statusCode).toBe(409);
    expect(byName.json().error).toMatchObject({ code: 'person_duplicate' });
    expect(byName.json().error.message).toContain('Такой участник уже есть в базе: Дублёва Анна Петровна');
    expect(byName.json().error.fields).toContainEqual({
      field: 'existingPersonId',
      message: first.json().id,
    });
    const bySnils = await api.post(
      '/api/persons',
      teacher({ lastName: 'Другая', firstName: 'Ольга', snils: '08765432102', email: null }),
    );
    expect(bySnils.statusCode).toBe(409);
    expect(fieldsOf(bySnils)).toContain('snils');
  });

  it('is closed to the head, the region and the municipality', async () => {
    for (const role of ['head', 'region_admin', 'municipal_officer'] as const) {
      const res = await api.post('/api/persons', teacher({ lastName: 'Чужая' }), t.tokenFor(role));
      expect(res.statusCode, role).toBe(403);
    }
  });
});

describe('PATCH /api/persons/:id', () => {
  let id: string;
  beforeAll(async () => {
    const res = await api.post(
      '/api/persons',
      teacher({
        lastName: 'Минимальная',
        email: null,
        consent: { givenBy: 'self', givenAt: '2025-01-15', versionId: MIN.id },
      }),
    );
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });

  it('refuses a value the consent in force does not cover, naming the field', async () => {
    const res = await api.patch(`/api/persons/${id}`, { email: 'min@school.test', className: '5А' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('consent_not_covering');
    expect(fieldsOf(res)).toEqual(['email']);
  });

  it('applies covered changes, audits the field names only, recomputes the key', async () => {
    const res = await api.patch(`/api/persons/${id}`, {
      firstName: 'Мария',
      position: 'учитель',
      inMenteeBase: true,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      fullName: 'Минимальная Мария Петровна',
      position: 'учитель',
      inMenteeBase: true,
    });
    const row = await t.db.owner
      .selectFrom('persons')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.person_key).toBe(personKey('test-key', 'Минимальная Мария Петровна', '1985-03-10'));
    const [entry] = await auditRows(t, 'persons.update');
    expect(entry!.details).toEqual({ fields: ['firstName', 'position', 'inMenteeBase'] });
  });

  it('refuses an edit that makes a duplicate, and invalid values', async () => {
    const dup = await api.patch(`/api/persons/${id}`, { lastName: 'Сидорова', firstName: 'Анна' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('person_duplicate');
    const bad = await api.patch(`/api/persons/${id}`, { category: 'parent' });
    expect(fieldsOf(bad)).toEqual(['careerStartYear']);
    const minor = await api.patch(`/api/persons/${id}`, { birthDate: '2010-01-01', careerStartYear: null });
    expect(fieldsOf(minor)).toEqual(['birthDate']);
  });

  it("answers 404 for another organisation's person, like a made-up id", async () => {
    const foreign = await api.patch(`/api/persons/${t.fixtures.tenantData.B1school.personIds[0]}`, {
      className: '1А',
    });
    const madeUp = await api.patch('/api/persons/00000000-0000-4000-8000-000000000000', { className: '1А' });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toBe(madeUp.body);
  });

  it('refuses any edit of an erased person', async () => {
    const personId = t.fixtures.tenantData.A1school.personIds[0]!;
    await t.db.owner
      .updateTable('persons')
      .set({ erased_at: new Date(), last_name: null, first_name: null, middle_name: null })
      .where('id', '=', personId)
      .execute();
    try {
      const res = await api.patch(`/api/persons/${personId}`, { className: '1А' });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe('person_erased');
    } finally {
      await t.db.owner
        .updateTable('persons')
        .set({ erased_at: null, last_name: 'Наставников-A1S', first_name: 'Пётр', middle_name: 'Тестович' })
        .where('id', '=', personId)
        .execute();
    }
  });
});
