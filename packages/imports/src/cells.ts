import { innError } from '@nastavnik/domain';
import type { RowErrors } from './report.ts';
import { lowerFirst } from './text.ts';

/*
 * Cell checks shared by the importers: each reports its problem in Russian against the
 * row and column, and returns the clean value or null.
 */

export type Rec<K extends string> = { row: number; values: Record<K, string> };

export const REQUIRED = 'Обязательное поле не заполнено';

export function textCell<K extends string>(
  errors: RowErrors<K>,
  record: Rec<K>,
  key: K,
  opts: { required: boolean; max: number },
): string | null {
  const value = record.values[key];
  if (!value) {
    if (opts.required) errors.add(record.row, key, REQUIRED);
    return null;
  }
  if (value.length > opts.max) {
    errors.add(record.row, key, `Не длиннее ${opts.max} символов (сейчас ${value.length})`);
    return null;
  }
  return value;
}

/** An organisation's INN (10 digits, valid check digit); spaces inside are forgiven. */
export function innCell<K extends string>(errors: RowErrors<K>, record: Rec<K>, key: K): string | null {
  const raw = record.values[key];
  if (!raw) {
    errors.add(record.row, key, REQUIRED);
    return null;
  }
  const inn = raw.replace(/\s+/g, '');
  const problem = innError(inn, 'legal');
  if (problem) {
    errors.add(record.row, key, `Неверный ИНН: ${lowerFirst(problem)}${leadingZeroHint(inn)}`);
    return null;
  }
  return inn;
}

/** Excel drops the leading zero of an INN typed as a number (regions 01–09). */
export function leadingZeroHint(inn: string): string {
  return /^\d{9}$/.test(inn)
    ? '. Если ИНН начинается с 0, задайте столбцу текстовый формат и введите ИНН заново'
    : '';
}
