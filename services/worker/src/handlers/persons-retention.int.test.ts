import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { createInProcessQueue } from '@nastavnik/jobs';
import type { ErasureActData } from '@nastavnik/reports';
import { insertFixtures, type Fixtures } from '../../../../tests/support/fixtures.ts';
import { createHandlers } from '../handlers.ts';
import { runRetention } from './persons-retention.job.ts';
import { shiftDate, tenantBuilder, todayInMoscow } from './persons.test-support.ts';

/*
 * The nightly retention erasure: who is due (retention_years after the last programme, or
 * after the latest consent for someone never in a programme) and who is not.
 */

let db: TestDatabase;
let fx: Fixtures;
const today = todayInMoscow();
const ago = (years: number, months = 0) => shiftDate(today, { years: -years, months: -months });

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db.drop();
});

const erasedIds = async () =>
  (await db.owner.selectFrom('persons').select('id').where('erased_at', 'is not', null).execute()).map(
    (r) => r.id,
  );

describe('persons.retention job', () => {
  it('erases those whose retention period has ended, and nobody else', async () => {
    const years = 3;
    await db.owner
      .updateTable('regions')
      .set({ retention_years: years })
      .where('id', '=', fx.regions.A.id)
      .execute();
    const b = tenantBuilder(db.owner, fx.organisations.A1school.id);
    const long = { consentGivenAt: ago(years + 3), createdAt: ago(years + 3) };
    const person = (lastName: string, extra: object = long) =>
      b.person({ lastName, birthDate: '2008-01-01', category: 'student', ...extra });
    const mentor = await person('Наставница');
    const endedLongAgo = await person('Давнишний');
    const endedRecently = await person('Недавний');
    const stillOpen = await person('Продолжающий');
    const neverPaired = await person('Непарный');
    const neverPairedNew = await person('Новенький', { consentGivenAt: ago(years + 3) });
    const cameBack = await person('Вернувшийся');
    const inDraft = await person('Черновой');

    await b.pair({
      start: ago(years + 2),
      end: ago(years + 1),
      members: [
        { personId: mentor, role: 'mentor' },
        { personId: endedLongAgo, role: 'mentee' },
        { personId: cameBack, role: 'mentee', end: ago(years + 1, 6) },
        { personId: inDraft, role: 'mentee' },
      ],
    });
    await b.pair({
      start: ago(1),
      end: ago(0, 1),
      members: [{ personId: endedRecently, role: 'mentee' }],
    });
    await b.pair({ start: ago(years + 2), members: [{ personId: stillOpen, role: 'mentee' }] });
    await b.pair({ start: ago(0, 1), status: 'draft', members: [{ personId: inDraft, role: 'mentee' }] });
    await b.consent(cameBack, ago(0, 2)); // gave a new consent two months ago

    const acts: ErasureActData[] = [];
    const summary = await runRetention(
      db.app,
      { regionId: fx.regions.A.id },
      {
        log: () => undefined,
        renderAct: async (data) => {
          acts.push(data);
          return Buffer.from('%PDF-1.7 test act');
        },
      },
    );
    // The mentor's and the mentee's last programme ended retention_years + 1 ago; the
    // person never paired gave consent retention_years + 3 ago and was entered then.
    expect((await erasedIds()).sort()).toEqual([endedLongAgo, mentor, neverPaired].sort());
    expect(summary).toMatchObject({ erased: 3, failed: 0, retentionYears: years, today, organisations: 3 });
    for (const id of [
      endedRecently,
      stillOpen,
      neverPairedNew,
      cameBack,
      inDraft,
      ...fx.tenantData.A1school.personIds,
    ])
      expect(await erasedIds()).not.toContain(id);

    const rows = await db.owner
      .selectFrom('persons')
      .select(['erasure_reason', 'erasure_act_file_id'])
      .where('id', 'in', [endedLongAgo, neverPaired])
      .execute();
    for (const r of rows) {
      expect(r.erasure_reason).toBe('retention');
      expect(r.erasure_act_file_id).not.toBeNull();
    }
    expect(acts.map((a) => a.subjectFullName).sort()).toEqual(
      ['Давнишний Тест Тестович', 'Наставница Тест Тестович', 'Непарный Тест Тестович'].sort(),
    );
    for (const a of acts) {
      expect(a.reason).toBe('retention');
      expect(a.performedBy).toEqual({ fullName: null, position: null });
      expect(a.reasonDetails).toContain(`${years} года`);
    }
    const audit = await db.owner
      .selectFrom('audit_log')
      .select(['user_id', 'details'])
      .where('action', '=', 'persons.erase')
      .execute();
    expect(audit).toHaveLength(3);
    for (const a of audit)
      expect(a).toMatchObject({ user_id: null, details: { reason: 'retention', date: today } });

    // The next night: nothing more to do.
    const again = await runRetention(db.app, { regionId: fx.regions.A.id }, { log: () => undefined });
    expect(again).toMatchObject({ erased: 0, failed: 0 });
    expect(await erasedIds()).toHaveLength(3);
  });

  it('runs as a job through the queue, with the real act renderer', async () => {
    const b = tenantBuilder(db.owner, fx.organisations.A2school.id);
    const due = await b.person({
      lastName: 'Бывший',
      category: 'teacher',
      consentGivenAt: ago(10),
      createdAt: ago(10),
    });
    await b.pair({ start: ago(9), end: ago(8), members: [{ personId: due, role: 'mentor' }] });
    const queue = createInProcessQueue(createHandlers({ db: db.app, mail: { from: 't@nastavnik.local' } }));
    await queue.enqueue('persons.retention', { regionId: fx.regions.A.id });
    await queue.drain();
    const row = await db.owner
      .selectFrom('persons')
      .select(['erased_at', 'erasure_act_file_id'])
      .where('id', '=', due)
      .executeTakeFirstOrThrow();
    expect(row.erased_at).not.toBeNull();
    const act = await db.owner
      .selectFrom('stored_files')
      .select('bytes')
      .where('id', '=', row.erasure_act_file_id!)
      .executeTakeFirstOrThrow();
    expect(act.bytes.subarray(0, 4).toString()).toBe('%PDF');
    // Region B is another region's job: untouched.
    const b1 = await db.owner
      .selectFrom('persons')
      .select('erased_at')
      .where('organisation_id', '=', fx.organisations.B1school.id)
      .execute();
    expect(b1.every((p) => p.erased_at === null)).toBe(true);
    await queue.close();
  });
});
