import { DEFAULT_CONSENT_VERSION_ID, innError } from '@nastavnik/domain';
import { leadingZeroHint, REQUIRED, textCell } from '../cells.ts';
import type { RowErrors } from '../report.ts';
import { lowerFirst, matchKey } from '../text.ts';
import type { PersonColumnKey } from './columns.ts';
import type { ConsentVersionRef, EnterpriseRef, ImportReferences, NamedRef } from './context.ts';
import { parseDate, splitFullName, type Parsed } from './parse.ts';

/*
 * The cells of a person row that need more than a parser: names (three columns or one),
 * dates, the partner enterprise, the request and the consent version from the catalogues.
 * Each reports its own errors against its column and returns the value or undefined.
 */

export type Key = PersonColumnKey;
export type Rec = { row: number; values: Record<Key, string> };
export type Errors = RowErrors<Key>;

const NAME_MAX = 100;

/** Фамилия, Имя, Отчество from their columns, or from one «ФИО» column. */
export function nameCells(
  errors: Errors,
  record: Rec,
  present: Set<Key>,
): { last: string; first: string; middle: string | undefined } | null {
  const v = record.values;
  const separate = present.has('lastName') || present.has('firstName');
  if (!separate || (!v.lastName && !v.firstName && v.fullName)) {
    if (!v.fullName) {
      errors.add(record.row, 'fullName', REQUIRED);
      return null;
    }
    const parts = splitFullName(v.fullName);
    if (!parts.firstName) {
      errors.add(record.row, 'fullName', 'Укажите фамилию, имя и (если есть) отчество через пробел');
      return null;
    }
    if ([parts.lastName, parts.firstName, parts.middleName].some((p) => p.length > NAME_MAX)) {
      errors.add(record.row, 'fullName', `Не длиннее ${NAME_MAX} символов в каждой части ФИО`);
      return null;
    }
    return { last: parts.lastName, first: parts.firstName, middle: parts.middleName || undefined };
  }
  const last = textCell(errors, record, 'lastName', { required: true, max: NAME_MAX });
  const first = textCell(errors, record, 'firstName', { required: true, max: NAME_MAX });
  const middle = textCell(errors, record, 'middleName', { required: false, max: NAME_MAX });
  return last && first ? { last, first, middle: middle ?? undefined } : null;
}

/** A date cell; empty gives undefined (the caller decides whether it was required). */
export function dateCell(errors: Errors, record: Rec, key: Key): string | undefined {
  const text = record.values[key];
  if (!text) return undefined;
  const parsed = parseDate(text);
  if ('error' in parsed) {
    errors.add(record.row, key, parsed.error);
    return undefined;
  }
  return parsed.value;
}

/** Any parsed cell: the parser's message becomes the cell's error. */
export function parsedCell<T>(
  errors: Errors,
  record: Rec,
  key: Key,
  parse: (text: string) => Parsed<T>,
): T | undefined {
  const text = record.values[key];
  if (!text) return undefined;
  const parsed = parse(text);
  if ('error' in parsed) {
    errors.add(record.row, key, parsed.error);
    return undefined;
  }
  return parsed.value;
}

/** The partner enterprise, by INN (preferred) or by its exact name in the region's directory. */
export function enterpriseCell(
  errors: Errors,
  record: Rec,
  refs: ImportReferences,
): EnterpriseRef | undefined {
  const { enterpriseInn: innText, enterpriseName: name } = record.values;
  if (innText) {
    const inn = innText.replace(/\s+/g, '');
    const found = refs.enterpriseByInn.get(inn);
    if (found) return found;
    const problem = innError(inn);
    errors.add(
      record.row,
      'enterpriseInn',
      problem
        ? `Неверный ИНН: ${lowerFirst(problem)}${leadingZeroHint(inn)}`
        : `Предприятие с ИНН ${inn} не найдено в справочнике региона`,
    );
    return undefined;
  }
  if (!name) return undefined;
  const found = refs.enterpriseByName.get(matchKey(name)) ?? [];
  if (found.length === 1) return found[0];
  errors.add(
    record.row,
    'enterpriseName',
    found.length > 1
      ? `В справочнике несколько предприятий «${name}»: укажите ИНН предприятия`
      : `Предприятие «${name}» не найдено в справочнике региона: укажите ИНН или название, как в справочнике`,
  );
  return undefined;
}

/** A request from the catalogue (national and the region's own). */
export function requestCell(errors: Errors, record: Rec, refs: ImportReferences): NamedRef | undefined {
  const text = record.values.request;
  if (!text) return undefined;
  const found = refs.requestByName.get(matchKey(text));
  if (found) return found;
  const examples = refs.requests
    .slice(0, 4)
    .map((r) => `«${r.name}»`)
    .join(', ');
  errors.add(
    record.row,
    'request',
    `Запроса «${text}» нет в каталоге. Допустимые значения: ${examples}` +
      (refs.requests.length > 4 ? ` и другие (всего ${refs.requests.length}, список — в шаблоне)` : ''),
  );
  return undefined;
}

/** The consent text version by code or title; empty means the default version. */
export function versionCell(
  errors: Errors,
  record: Rec,
  refs: ImportReferences,
): ConsentVersionRef | undefined {
  const text = record.values.consentVersion;
  if (!text) return refs.versionById.get(DEFAULT_CONSENT_VERSION_ID) ?? refs.versions.at(-1);
  const found = refs.versionByWord.get(matchKey(text)) ?? [];
  if (found.length === 1) return found[0];
  const codes = refs.versions.map((v) => `«${v.code}»`).join(', ');
  errors.add(
    record.row,
    'consentVersion',
    found.length > 1
      ? `Несколько версий согласия называются «${text}»: укажите код версии (${codes})`
      : `Версия согласия «${text}» не найдена: укажите код (${codes}) или название, как в шаблоне`,
  );
  return undefined;
}
