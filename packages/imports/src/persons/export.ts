import { sql } from 'kysely';
import type { Tx } from '@nastavnik/db';
import type { PersonBase } from './columns.ts';
import { loadReferences, type ImportReferences } from './context.ts';
import type { StoredConsent, StoredPerson } from './display.ts';
import { writePersonsWorkbook, type SheetPerson } from './workbook.ts';

/*
 * The export of a base and the template. The rows are read in the caller's transaction
 * (RLS: the caller's organisation only); the workbook is written after it, so a 50,000-row
 * export does not hold a connection (the embedded database has only one) while it zips.
 * The export is the template's layout filled in, so it imports back.
 */

interface ExportRow extends StoredPerson {
  given_by: StoredConsent['given_by'] | null;
  representative_name: string | null;
  representative_relation: string | null;
  given_at: string | null;
  version_id: string | null;
}

export interface BaseExport {
  base: PersonBase;
  refs: ImportReferences;
  people: SheetPerson[];
}

/** The base's people (not erased) in name order, each with the latest consent in force. */
export async function loadExport(tx: Tx, base: PersonBase): Promise<BaseExport> {
  const refs = await loadReferences(tx);
  const flag = base === 'mentors' ? sql.ref('p.in_mentor_base') : sql.ref('p.in_mentee_base');
  const { rows } = await sql<ExportRow>`
    SELECT p.id, p.last_name, p.first_name, p.middle_name, p.birth_date, p.category, p.class_name, p.snils,
      p.phone, p.email, p.workplace, p.position, p.enterprise_id, p.career_start_year, p.competences,
      p.life_experience, p.interests, p.preferred_age_min, p.preferred_age_max, p.time_resource_hours,
      p.request_id, p.request_details,
      c.given_by, c.representative_name, c.representative_relation, c.given_at, c.version_id
    FROM persons p
    LEFT JOIN LATERAL (
      SELECT given_by, representative_name, representative_relation, given_at, version_id
        FROM consents c
       WHERE c.person_id = p.id AND c.withdrawn_at IS NULL
       ORDER BY c.given_at DESC, c.created_at DESC
       LIMIT 1) c ON true
    WHERE ${flag} AND p.erased_at IS NULL
    ORDER BY translate(p.last_name, 'Ёё', 'Ее'), translate(p.first_name, 'Ёё', 'Ее'),
      translate(p.middle_name, 'Ёё', 'Ее'), p.id`.execute(tx);
  const people = rows.map((r): SheetPerson => ({
    person: r,
    consent:
      r.given_at && r.given_by && r.version_id
        ? {
            given_at: r.given_at,
            given_by: r.given_by,
            version_id: r.version_id,
            representative_name: r.representative_name,
            representative_relation: r.representative_relation,
          }
        : null,
  }));
  return { base, refs, people };
}

/** The XLSX of a loaded base (outside any transaction). */
export function exportWorkbook(data: BaseExport): Promise<Buffer> {
  return writePersonsWorkbook(data.base, data.refs, data.people);
}

/** Reads the base in `read`'s transaction, then writes its XLSX. */
export async function exportBase(
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  base: PersonBase,
): Promise<{ bytes: Buffer; count: number }> {
  const data = await read((tx) => loadExport(tx, base));
  return { bytes: await exportWorkbook(data), count: data.people.length };
}

/** The empty template of a base: headers, notes, one example row, drop-down lists. */
export async function personTemplate(
  read: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  base: PersonBase,
): Promise<Buffer> {
  return writePersonsWorkbook(base, await read(loadReferences), null);
}

/** File names of the template and the export: Russian for the browser, ASCII as the fallback. */
export function workbookFileName(base: PersonBase, what: 'template' | 'export', date: string) {
  const title = base === 'mentors' ? 'наставников' : 'наставляемых';
  return what === 'template'
    ? { fileName: `Шаблон базы ${title}.xlsx`, asciiFileName: `${base}-template.xlsx` }
    : { fileName: `База ${title} ${date}.xlsx`, asciiFileName: `${base}-${date}.xlsx` };
}
