/** One login per role; printed at start and listed in the README. */
export const DEMO_PASSWORD = 'Nastavnik2025';
export const DEMO_LOGINS = [
  {
    role: 'region_admin',
    roleTitle: 'Региональный оператор',
    email: 'region@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'municipal_officer',
    roleTitle: 'Муниципальный координатор',
    email: 'municipality@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'curator',
    roleTitle: 'Куратор организации',
    email: 'curator@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'head',
    roleTitle: 'Руководитель организации',
    email: 'head@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
] as const;
