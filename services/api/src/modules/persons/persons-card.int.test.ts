import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../tests/support/harness.ts';
import { apiOf, auditRows, student, V2, type Api } from './test-support.ts';

/*
 * The person card with its history, and the documents about a person: the consent form
 * (pre-filled and blank, DOCX and PDF), the subject access answer and the erasure act.
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

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const pdfText = (bytes: Buffer) =>
  execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes }).toString();

describe('GET /api/persons/:id', () => {
  it('shows fields, consents, questionnaires and the history, and audits the read', async () => {
    const td = t.fixtures.tenantData.A1school;
    const res = await api.get(`/api/persons/${td.personIds[0]}`);
    expect(res.statusCode, res.body).toBe(200);
    const card = res.json();
    expect(card).toMatchObject({
      fullName: 'Наставников-A1S Пётр Тестович',
      category: 'teacher',
      email: 'person0-a1s@persons.test',
      consentStatus: 'active',
      erased: false,
      erasure: null,
    });
    expect(card.consents).toEqual([
      expect.objectContaining({
        id: td.consentIds[0],
        inForce: true,
        hasScan: true,
        version: expect.objectContaining({ code: V2.code, categories: expect.arrayContaining(['snils']) }),
      }),
    ]);
    expect(card.questionnaires).toEqual([
      expect.objectContaining({
        id: td.questionnaireId,
        kind: 'mentor',
        filledBy: 'curator',
        answers: { motivation: 'Мотивация A1S' },
      }),
    ]);
    expect(card.participations).toEqual([
      expect.objectContaining({
        pairId: td.pairId,
        programmeTitle: td.programmeTitle,
        schoolYear: 2024,
        role: 'mentor',
        pairStatus: 'active',
        startDate: '2024-09-15',
        partners: [{ personId: td.personIds[1], fullName: 'Учеников-A1S Иван Тестович', role: 'mentee' }],
      }),
    ]);
    const mentee = (await api.get(`/api/persons/${td.personIds[1]}`, t.tokenFor('head'))).json();
    expect(mentee.surveys).toEqual([
      expect.objectContaining({ id: td.surveyResponseId, role: 'mentee', overallScore: 9 }),
    ]);
    const entries = await auditRows(t, 'persons.read');
    expect(entries.map((e) => [e.entity, e.entity_id, e.user_id])).toEqual([
      ['person', td.personIds[1], t.fixtures.users.aHead.id],
      ['person', td.personIds[0], t.fixtures.users.aCurator.id],
    ]);
  });

  it("answers another organisation's person exactly like a made-up id, and 403 outside the organisation", async () => {
    const madeUp = await api.get('/api/persons/00000000-0000-4000-8000-000000000000');
    expect(madeUp.statusCode).toBe(404);
    for (const td of [t.fixtures.tenantData.A2school, t.fixtures.tenantData.B1school]) {
      const res = await api.get(`/api/persons/${td.personIds[0]}`);
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(madeUp.body);
    }
    for (const role of ['region_admin', 'municipal_officer'] as const) {
      const res = await api.get(
        `/api/persons/${t.fixtures.tenantData.A1school.personIds[0]}`,
        t.tokenFor(role),
      );
      expect(res.statusCode).toBe(403);
    }
  });
});

describe('documents', () => {
  let minorId: string;
  beforeAll(async () => {
    const res = await api.post('/api/persons', student({ lastName: 'Документов', firstName: 'Семён' }));
    expect(res.statusCode, res.body).toBe(201);
    minorId = res.json().id;
  });

  it('pre-fills the consent form as PDF for a minor, with the representative, and audits it', async () => {
    const res = await api.get(`/api/persons/${minorId}/consent-form?format=pdf`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="consent-form.pdf"; filename\*=UTF-8''/,
    );
    const text = pdfText(res.rawPayload);
    expect(text).toContain('Документов Семён');
    expect(text).toContain('Ёлкина Мария Ивановна');
    expect(text).toContain(t.fixtures.organisations.A1school.name);
    const [entry] = await auditRows(t, 'persons.export');
    expect(entry).toMatchObject({ entity_id: minorId, details: { document: 'consent_form', format: 'pdf' } });
  });

  it('gives the consent form as DOCX, and a blank form before a person is entered', async () => {
    const docx = await api.get(
      `/api/persons/${minorId}/consent-form?format=docx&versionId=${V2.id}`,
      t.tokenFor('head'),
    );
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toBe(DOCX);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const blank = await api.get('/api/consent-form?format=pdf');
    expect(blank.statusCode).toBe(200);
    const text = pdfText(blank.rawPayload);
    expect(text).toContain('СОГЛАСИЕ');
    expect(text).not.toContain('Документов');
    const badVersion = await api.get(`/api/consent-form?versionId=${t.fixtures.regions.B.id}`);
    expect(badVersion.statusCode).toBe(400);
    expect(badVersion.json().error.fields[0].field).toBe('versionId');
  });

  it('exports everything held on a person (subject access), audited; refused once erased', async () => {
    const td = t.fixtures.tenantData.A1school;
    const res = await api.get(`/api/persons/${td.personIds[0]}/subject-access`);
    expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const [entry] = await auditRows(t, 'persons.export');
    expect(entry).toMatchObject({ entity_id: td.personIds[0], details: { document: 'subject_access' } });
  });

  it('serves the erasure act once the job stored it, 404 not_erased before', async () => {
    const before = await api.get(`/api/persons/${minorId}/erasure-act`);
    expect(before.statusCode).toBe(404);
    expect(before.json().error.code).toBe('not_erased');
    const act = Buffer.from('%PDF-1.7 act');
    await t.db.owner.transaction().execute(async (tx) => {
      const file = await tx
        .insertInto('stored_files')
        .values({
          organisation_id: t.fixtures.organisations.A1school.id,
          purpose: 'erasure_act',
          file_name: 'Акт об уничтожении.pdf',
          mime: 'application/pdf',
          size: act.length,
          bytes: act,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('persons')
        .set({
          erased_at: new Date(),
          erasure_reason: 'withdrawal',
          erasure_act_file_id: file.id,
          last_name: null,
          first_name: null,
          middle_name: null,
          birth_date: null,
        })
        .where('id', '=', minorId)
        .execute();
    });
    const res = await api.get(`/api/persons/${minorId}/erasure-act`, t.tokenFor('head'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(res.rawPayload, act)).toBe(0);
    const [entry] = await auditRows(t, 'persons.export');
    expect(entry).toMatchObject({ entity_id: minorId, details: { document: 'erasure_act' } });
    const card = (await api.get(`/api/persons/${minorId}`)).json();
    expect(card).toMatchObject({
      fullName: 'Данные удалены',
      erased: true,
      erasure: { reason: 'withdrawal', actAvailable: true },
    });
    expect((await api.get(`/api/persons/${minorId}/subject-access`)).statusCode).toBe(409);
    expect((await api.get(`/api/persons/${minorId}/consent-form`)).statusCode).toBe(409);
  });
});
