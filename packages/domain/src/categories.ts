/**
 * Person categories (KPI.md, DOMAIN.md) with their Russian labels, the single source for
 * API and UI. The methodology's inner circle of mentors comes first, then the outer circle.
 */
export const PERSON_CATEGORIES = {
  student: 'обучающийся',
  teacher: 'педагог',
  parent: 'родитель',
  graduate: 'выпускник',
  enterprise_employee: 'сотрудник предприятия',
  entrepreneur: 'предприниматель',
  ngo_employee: 'сотрудник НКО',
  partner_employee: 'сотрудник организации-партнёра',
  other: 'другое',
} as const;
export type PersonCategoryCode = keyof typeof PERSON_CATEGORIES;

/** Inner circle: people of the organisation itself; outer circle: people from outside it. */
export const INNER_CIRCLE: readonly PersonCategoryCode[] = ['student', 'teacher', 'parent'];
export const OUTER_CIRCLE: readonly PersonCategoryCode[] = [
  'graduate',
  'enterprise_employee',
  'entrepreneur',
  'ngo_employee',
  'partner_employee',
  'other',
];

export const ORGANISATION_KINDS = {
  school: 'Общеобразовательная организация (СОШ)',
  kindergarten: 'Дошкольная организация (ДОУ)',
  college: 'Профессиональная организация (СПО)',
  additional: 'Организация дополнительного образования (ДО)',
} as const;
export type OrganisationKindCode = keyof typeof ORGANISATION_KINDS;

export const USER_ROLES = {
  region_admin: 'Региональный оператор',
  municipal_officer: 'Муниципальный координатор',
  curator: 'Куратор',
  head: 'Руководитель организации',
} as const;
export type UserRoleCode = keyof typeof USER_ROLES;
