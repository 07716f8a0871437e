import { fullName as joinName, normaliseFullName } from '@nastavnik/domain';
import { personKey } from '@nastavnik/db';
import type { RowErrors } from '../report.ts';
import { cleanCell } from '../text.ts';
import { BASE_TITLES, type PersonBase, type PersonColumnKey } from './columns.ts';
import type { ExistingIdentity, ImportReferences } from './context.ts';
import { cellOf, consentText, type StoredConsent, type StoredPerson } from './display.ts';
import { MERGE_FIELDS, type MergeField, type ValidRow } from './values.ts';

/*
 * Rows against the organisation's base: a row whose person is already there (same
 * pseudonymous key, i.e. full name + birth date; or the same SNILS; or, without a birth
 * date, the same full name) is never silently doubled. It is a duplicate the user decides
 * about (merge or skip) when it would change something, and «unchanged» when it would not.
 */

export interface DuplicateChange {
  column: string;
  from: string;
  to: string;
}

export interface DuplicateRow {
  row: number;
  personId: string;
  existingName: string;
  matchedBy: 'name_birth_date' | 'snils' | 'name';
  changes: DuplicateChange[];
}

export interface MergePlan {
  row: ValidRow;
  personId: string;
  /** The key of the merged name and birth date (null when the person still has no birth date). */
  personKey: string | null;
  addConsent: boolean;
}

export interface ImportPlan {
  creates: ValidRow[];
  merges: MergePlan[];
  duplicates: DuplicateRow[];
  unchanged: number;
}

export interface FullExisting {
  persons: (StoredPerson & { in_mentor_base: boolean; in_mentee_base: boolean })[];
  /** Consents in force (not withdrawn) of those persons. */
  consents: (StoredConsent & { person_id: string })[];
}

const FIELD_COLUMN: Record<MergeField, PersonColumnKey> = {
  last_name: 'lastName',
  first_name: 'firstName',
  middle_name: 'middleName',
  birth_date: 'birthDate',
  category: 'category',
  class_name: 'className',
  snils: 'snils',
  phone: 'phone',
  email: 'email',
  workplace: 'workplace',
  position: 'position',
  enterprise_id: 'enterpriseName',
  career_start_year: 'careerStartYear',
  competences: 'competences',
  life_experience: 'lifeExperience',
  interests: 'interests',
  preferred_age_min: 'preferredAge',
  preferred_age_max: 'preferredAge',
  time_resource_hours: 'timeResource',
  request_id: 'request',
  request_details: 'requestDetails',
};

/** Finds the existing person of each row; a row claiming two different persons is an error. */
export function matchRows(
  rows: ValidRow[],
  identities: ExistingIdentity[],
  errors: RowErrors<PersonColumnKey>,
): { creates: ValidRow[]; matched: { row: ValidRow; id: string; by: DuplicateRow['matchedBy'] }[] } {
  const byKey = new Map<string, ExistingIdentity>();
  const bySnils = new Map<string, ExistingIdentity>();
  const byName = new Map<string, ExistingIdentity[]>();
  for (const p of identities) {
    if (p.person_key) byKey.set(p.person_key, p);
    if (p.snils) bySnils.set(p.snils.replace(/\D/g, ''), p);
    if (!p.birth_date) {
      const key = normaliseFullName(joinName(p));
      byName.set(key, [...(byName.get(key) ?? []), p]);
    }
  }
  const creates: ValidRow[] = [];
  const matched: { row: ValidRow; id: string; by: DuplicateRow['matchedBy'] }[] = [];
  const claimedBy = new Map<string, number>();
  for (const row of rows) {
    const named = row.person.birth_date ? undefined : byName.get(row.nameKey);
    const byIdentity = row.personKey ? byKey.get(row.personKey) : named?.[0];
    const bySame = row.snilsDigits ? bySnils.get(row.snilsDigits) : undefined;
    if (named && named.length > 1 && !bySame) {
      errors.add(
        row.row,
        'birthDate',
        'В базе несколько человек с такими ФИО без даты рождения: укажите дату рождения',
      );
      continue;
    }
    if (byIdentity && bySame && byIdentity.id !== bySame.id) {
      errors.add(row.row, 'snils', `СНИЛС уже записан у другого человека в базе: ${joinName(bySame)}`);
      continue;
    }
    const found = byIdentity ?? bySame;
    if (!found) {
      creates.push(row);
      continue;
    }
    const earlier = claimedBy.get(found.id);
    if (earlier !== undefined) {
      errors.add(
        row.row,
        'lastName',
        `Строка ${earlier} уже относится к этому человеку в базе: ${joinName(found)}`,
      );
      continue;
    }
    claimedBy.set(found.id, row.row);
    const by = byIdentity ? (row.personKey ? 'name_birth_date' : 'name') : 'snils';
    matched.push({ row, id: found.id, by });
  }
  return { creates, matched };
}

/** What merging each matched row would change; rows that change nothing are «unchanged». */
export function planMerges(
  matched: { row: ValidRow; id: string; by: DuplicateRow['matchedBy'] }[],
  full: FullExisting,
  ctx: {
    base: PersonBase;
    refs: ImportReferences;
    personKeySecret: string;
    title: (k: PersonColumnKey) => string;
  },
): Pick<ImportPlan, 'merges' | 'duplicates' | 'unchanged'> {
  const persons = new Map(full.persons.map((p) => [p.id, p]));
  const consents = new Map<string, StoredConsent[]>();
  for (const c of full.consents) consents.set(c.person_id, [...(consents.get(c.person_id) ?? []), c]);
  const merges: MergePlan[] = [];
  const duplicates: DuplicateRow[] = [];
  let unchanged = 0;
  for (const { row, id, by } of matched) {
    const existing = persons.get(id);
    if (!existing) continue;
    const changed = MERGE_FIELDS.filter((f) => differs(f, row.person[f], existing[f]));
    const own = consents.get(id) ?? [];
    const addConsent = !own.some((c) => sameConsent(c, row.consent));
    const inBase = ctx.base === 'mentors' ? existing.in_mentor_base : existing.in_mentee_base;
    if (changed.length === 0 && !addConsent && inBase) {
      unchanged++;
      continue;
    }
    const merged: StoredPerson = { ...existing };
    for (const f of changed) (merged as unknown as Record<string, unknown>)[f] = row.person[f] ?? null;
    const changes: DuplicateChange[] = [];
    for (const column of new Set(changed.map((f) => FIELD_COLUMN[f]))) {
      const text = (p: StoredPerson) => String(cellOf(column, p, null, ctx.refs) ?? '');
      changes.push({ column: ctx.title(column), from: text(existing) || '—', to: text(merged) || '—' });
    }
    if (!inBase) changes.push({ column: BASE_TITLES[ctx.base], from: 'нет', to: 'добавить' });
    if (addConsent) {
      const latest = [...own].sort((a, b) => b.given_at.localeCompare(a.given_at))[0];
      changes.push({
        column: 'Согласие',
        from: latest ? consentText(latest, ctx.refs) : 'нет',
        to: `добавить согласие ${consentText(row.consent, ctx.refs)}`,
      });
    }
    duplicates.push({ row: row.row, personId: id, existingName: joinName(existing), matchedBy: by, changes });
    const name = [merged.last_name, merged.first_name, merged.middle_name].filter(Boolean).join(' ');
    merges.push({
      row,
      personId: id,
      personKey: merged.birth_date ? personKey(ctx.personKeySecret, name, merged.birth_date) : null,
      addConsent,
    });
  }
  return { merges, duplicates, unchanged };
}

/** Whether a value the row gives (undefined: gives nothing) differs from the stored one. */
function differs(field: MergeField, given: unknown, stored: unknown): boolean {
  if (given === undefined) return false;
  if (field === 'preferred_age_min' || field === 'preferred_age_max') return given !== stored;
  if (given === null || stored === null || stored === undefined) return given !== stored;
  if (typeof given === 'number') return given !== stored;
  const old = String(stored);
  if (field === 'email') return old.toLowerCase() !== given;
  if (field === 'snils') return old.replace(/\D/g, '') !== String(given).replace(/\D/g, '');
  // Stored text may hold line breaks the spreadsheet cell cannot bring back.
  return cleanCell(old) !== given;
}

function sameConsent(c: StoredConsent, n: StoredConsent): boolean {
  const same = (a: string | null, b: string | null) => cleanCell(a ?? '') === cleanCell(b ?? '');
  return (
    c.given_at === n.given_at &&
    c.given_by === n.given_by &&
    c.version_id === n.version_id &&
    same(c.representative_name, n.representative_name) &&
    same(c.representative_relation, n.representative_relation)
  );
}
