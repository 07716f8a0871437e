import { ORGANISATION_KINDS, USER_ROLES, type OrganisationKindCode } from '@nastavnik/domain';
import { matchKey } from '@nastavnik/imports';

/*
 * Cell words of the region admin's imports; the generic cell checks (textCell, innCell,
 * REQUIRED) live in @nastavnik/imports.
 */

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
