import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { openEmbedded, withScope, type Database } from '@nastavnik/db';
import { completeInn } from '@nastavnik/domain';
import { exportBase } from '@nastavnik/imports';
import { personsImportHandler } from './persons-import.job.ts';

/*
 * The person import in the embedded mode (PGlite: one session, bytea read back as a plain
 * Uint8Array): a dry run and an apply complete, which they could not if the job opened a
 * second transaction while its apply transaction holds the only connection.
 */

let dir: string;
let db: Kysely<Database>;
let ids: { regionId: string; organisationId: string };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nastavnik-import-embedded-'));
  db = await openEmbedded(dir, {
    afterMigrate: async (owner) => {
      const region = await owner
        .insertInto('regions')
        .values({ name: 'Область', code: 'emb' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const m = await owner
        .insertInto('municipalities')
        .values({ region_id: region.id, name: 'Округ', oktmo: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      const org = await owner
        .insertInto('organisations')
        .values({
          region_id: region.id,
          municipality_id: m.id,
          name: 'Школа',
          kind: 'school',
          inn: completeInn('390000301'),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids = { regionId: region.id, organisationId: org.id };
    },
  });
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  rmSync(dir, { recursive: true, force: true });
});

describe('persons.import on the embedded database', () => {
  it('checks, applies and exports', async () => {
    const scope = { ...ids, role: 'system' as const };
    const csv = Buffer.from(
      'Фамилия;Имя;Дата рождения;Категория;Дата согласия;Согласие дал;ФИО представителя;Кем приходится\n' +
        Array.from(
          { length: 120 },
          (_, i) => `Иванов${i};Иван;01.02.2012;ученик;01.09.2024;представитель;Мама;мать`,
        ).join('\n'),
    );
    const job = (mode: 'dry_run' | 'apply', fileId?: string) =>
      withScope(db, scope, async (tx) => {
        const file =
          fileId ??
          (
            await tx
              .insertInto('stored_files')
              .values({
                organisation_id: ids.organisationId,
                purpose: 'import_upload',
                file_name: 'база.csv',
                mime: 'text/csv',
                size: csv.length,
                bytes: csv,
              })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id;
        const row = await tx
          .insertInto('person_imports')
          .values({
            organisation_id: ids.organisationId,
            base: 'mentees',
            file_name: 'база.csv',
            file_id: file,
            mode,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { importId: row.id, fileId: file };
      });
    const handler = personsImportHandler(db, 'embedded-key');
    const dry = await job('dry_run');
    await handler({ importId: dry.importId, ...ids });
    const apply = await job('apply', dry.fileId);
    await handler({ importId: apply.importId, ...ids });
    const jobs = await withScope(db, scope, (tx) =>
      tx
        .selectFrom('person_imports')
        .select(['mode', 'status', 'error', 'report'])
        .orderBy('created_at')
        .execute(),
    );
    expect(jobs.map((j) => [j.mode, j.status, j.error, (j.report as { created: number }).created])).toEqual([
      ['dry_run', 'done', null, 120],
      ['apply', 'done', null, 120],
    ]);
    const exported = await exportBase((fn) => withScope(db, scope, fn), 'mentees');
    expect(exported.count).toBe(120);
  }, 60_000);
});
