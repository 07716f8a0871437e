import { innError, ORGANISATION_KINDS, USER_ROLES, type OrganisationKindCode } from '@nastavnik/domain';
import type { RowErrors } from './report.ts';
import { lowerFirst, matchKey } from './text.ts';

/*
 * Cell checks shared by the importers: each reports its problem in Russian against the
 * row and column, and returns the clean value or null.
 */

type Rec<K extends string> = { row: number; values: Record<K, string> };

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
    // Excel drops the leading zero of an INN typed as a number (regions 01–09).
    const hint = /^\d{9}$/.test(inn)
      ? '. Если ИНН начинается с 0, задайте столбцу текстовый формат и введите ИНН заново'
      : '';
    errors.add(record.row, key, `Неверный ИНН: ${lowerFirst(problem)}${hint}`);
    return null;
  }
  return inn;
}

/** Type-of-organisation words people write, by kind, most specific kind first. */
const KIND_TOKENS: [OrganisationKindCode, string[]][] = [
  ['additional', ['additional', 'до', 'удо', 'дод', 'мбудо', 'маудо', 'мкудо', 'мбоудо', 'моудо']],
  ['kindergarten', ['kindergarten', 'доу', 'мдоу', 'мбдоу', 'мадоу', 'мкдоу', 'гбдоу', 'сад', 'ясли']],
  ['college', ['college', 'спо', 'поо', 'гпоу', 'гбпоу', 'гапоу', 'огбпоу', 'кгбпоу', 'колледж', 'техникум']],
  [
    'school',
    ['school', 'сош', 'оош', 'нош', 'школа', 'гимназия', 'лицей', 'моу', 'мбоу', 'маоу', 'мкоу', 'гбоу'],
  ],
];
const KIND_PHRASES: [OrganisationKindCode, RegExp][] = [
  ['additional', /дополнительн/],
  ['kindergarten', /дошкольн|детск\S* сад/],
  ['college', /колледж|техникум|училищ|профессиональн/],
  ['school', /школ|общеобразовательн|гимнази|лице[йя]/],
];

export function orgKindOf(value: string): OrganisationKindCode | null {
  const key = matchKey(value);
  for (const [code, label] of Object.entries(ORGANISATION_KINDS)) {
    if (matchKey(label) === key) return code as OrganisationKindCode;
  }
  const tokens = new Set(key.split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  for (const [kind, words] of KIND_TOKENS) if (words.some((w) => tokens.has(w))) return kind;
  for (const [kind, phrase] of KIND_PHRASES) if (phrase.test(key)) return kind;
  return null;
}

export const KIND_HINT = 'укажите СОШ, ДОУ, СПО или ДО';

const ROLE_WORDS: Record<string, 'curator' | 'head'> = {
  curator: 'curator',
  куратор: 'curator',
  [matchKey(USER_ROLES.curator)]: 'curator',
  head: 'head',
  руководитель: 'head',
  [matchKey(USER_ROLES.head)]: 'head',
  директор: 'head',
  заведующий: 'head',
  заведующая: 'head',
};

export function curatorRoleOf(value: string): 'curator' | 'head' | null {
  return ROLE_WORDS[matchKey(value)] ?? null;
}

/** The words the template offers for each role, in the reference sheet and in errors. */
export const ROLE_LABELS: Record<'curator' | 'head', string> = { curator: 'куратор', head: 'руководитель' };
