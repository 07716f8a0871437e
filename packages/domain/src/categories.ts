/** Person categories (KPI.md) with their Russian labels, the single source for API and UI. */
export const PERSON_CATEGORIES = {
  student: 'обучающийся',
  teacher: 'педагог',
  parent: 'родитель',
  graduate: 'выпускник',
  enterprise_employee: 'сотрудник предприятия',
  other: 'другое',
} as const;
export type PersonCategoryCode = keyof typeof PERSON_CATEGORIES;

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
