import type { OrganisationSeed } from './organisations.ts';
import { enrolledAges, type SeedPerson } from './people.ts';
import type { Random } from './random.ts';

/*
 * Who may be matched with whom in a school year, by the organisation's kind and the rules
 * of each form: ages, categories, young specialists (0–3 years), external mentors from
 * partner enterprises. Coverage grows from 2020 to 2025 the way the regional targets do.
 */

/** Share of eligible mentees taken into programmes, by school year (follows the targets' growth). */
const COVERAGE: Record<number, number> = {
  2020: 0.4,
  2021: 0.42,
  2022: 0.5,
  2023: 0.55,
  2024: 0.62,
  2025: 0.75,
};
/** Young specialists: a school takes most of its newcomers into a pair, more so every year. */
const TEACHER_COVERAGE: Record<number, number> = {
  2020: 0.25,
  2021: 0.4,
  2022: 0.55,
  2023: 0.7,
  2024: 0.85,
  2025: 0.9,
};
/** Enterprises joined later than schools' own mentors: their mentors grow faster. */
const EMPLOYER_COVERAGE: Record<number, number> = {
  2020: 0.2,
  2021: 0.35,
  2022: 0.55,
  2023: 0.72,
  2024: 0.88,
  2025: 1,
};

const EXTERNAL_MENTORS = new Set(['enterprise_employee', 'graduate', 'other']);
const GROUP_SIZES = {
  peer: [
    [1, 15],
    [2, 15],
    [3, 25],
    [4, 25],
    [5, 20],
  ],
  employer: [
    [1, 25],
    [2, 10],
    [3, 25],
    [4, 25],
    [5, 15],
  ],
  teacher: [
    [1, 78],
    [2, 14],
    [3, 8],
  ],
} as const;

export interface Matching {
  form: string;
  mentees: SeedPerson[];
  mentors: SeedPerson[];
  sizes: readonly (readonly [number, number])[];
  /** Pairs or groups a mentor may lead in one school year. */
  capacity: number;
  roleModel: (mentee: SeedPerson) => string;
}

/** Who may be matched in which form this school year, by the organisation's kind. */
export function planMatchings(
  rng: Random,
  org: OrganisationSeed,
  present: SeedPerson[],
  year: number,
  drive: number,
  experienced: Set<SeedPerson>,
): Matching[] {
  const age = (p: SeedPerson) => year - p.birthYear;
  const veteransFirst = (pool: SeedPerson[]) => {
    rng.shuffle(pool);
    return [...pool.filter((p) => experienced.has(p)), ...pool.filter((p) => !experienced.has(p))];
  };
  const take = (pool: SeedPerson[], share: number) =>
    rng.shuffle(pool).slice(0, Math.round(pool.length * Math.min(1, share * drive)));
  const [, maxAge] = enrolledAges(org.kind, false);
  const students = present.filter((p) => p.category === 'student' && !p.pupil && age(p) <= maxAge);
  const external = veteransFirst(present.filter((p) => EXTERNAL_MENTORS.has(p.category)));
  const teachers = present.filter(
    (p) => p.category === 'teacher' && p.careerStartYear !== null && p.careerStartYear <= year,
  );
  const young = teachers.filter((p) => year - p.careerStartYear! <= 3);
  const teacherMentees = [
    ...take(young, TEACHER_COVERAGE[year]!),
    ...teachers.filter((p) => year - p.careerStartYear! > 3 && rng.chance(0.04)),
  ];
  const mentored = new Set(teacherMentees);
  const teacherMentors = veteransFirst(
    teachers.filter((p) => year - p.careerStartYear! >= 6 && !mentored.has(p)),
  );
  const teacherForm: Matching = {
    form: 'teacher_teacher',
    mentees: teacherMentees,
    mentors: teacherMentors,
    sizes: GROUP_SIZES.teacher,
    capacity: 2,
    roleModel: (m) =>
      year - m.careerStartYear! <= 3
        ? rng.weighted([
            ['Опытный педагог – молодой специалист', 3],
            ['Опытный классный руководитель – молодой специалист', 1],
          ] as const)
        : rng.pick(['Лидер – пассивный', 'Педагог-новатор – консервативный педагог']),
  };
  if (org.kind === 'kindergarten') return [teacherForm];

  const anyModel = (form: string) => () => rng.pick(PEER_MODELS[form]!);
  if (org.kind === 'college') {
    const selected = take(
      students.filter((p) => age(p) >= 15),
      COVERAGE[year]!,
    );
    const chosen = new Set(selected);
    const toEmployer = new Set(
      selected.filter((p) => age(p) >= 19 || rng.chance(EMPLOYER_COVERAGE[year]! * 0.5)),
    );
    const peers = selected.filter((p) => !toEmployer.has(p));
    const seniors = veteransFirst(students.filter((p) => age(p) >= 17 && !chosen.has(p)));
    const half = Math.ceil(seniors.length / 2);
    const pupils = take(
      present.filter((p) => p.pupil && age(p) >= 12 && age(p) <= 16),
      COVERAGE[year]!,
    );
    return [
      {
        form: 'college_student_student',
        mentees: peers,
        mentors: seniors.slice(0, half),
        sizes: GROUP_SIZES.peer,
        capacity: 1,
        roleModel: anyModel('college_student_student'),
      },
      {
        form: 'college_student_pupil',
        mentees: pupils,
        mentors: seniors.slice(half),
        sizes: GROUP_SIZES.peer,
        capacity: 1,
        roleModel: anyModel('college_student_pupil'),
      },
      {
        form: 'employer_student',
        mentees: [...toEmployer],
        mentors: external,
        sizes: GROUP_SIZES.employer,
        capacity: 2,
        roleModel: anyModel('employer_student'),
      },
      teacherForm,
    ];
  }

  // Schools and additional education: pupils mentor pupils; enterprises take the older ones.
  // A pupil who has mentored others is not taken back as a mentee.
  const selected = take(
    students.filter((p) => age(p) >= 9 && !experienced.has(p)),
    COVERAGE[year]!,
  );
  const chosen = new Set(selected);
  const toEmployer = new Set(
    selected.filter((p) => age(p) >= 12 && rng.chance(0.7 * EMPLOYER_COVERAGE[year]! + 0.15)),
  );
  const peers = selected.filter((p) => !toEmployer.has(p));
  const seniors = students.filter((p) => age(p) >= 13 && !chosen.has(p));
  return [
    {
      form: 'student_student',
      mentees: peers,
      mentors: veteransFirst(seniors),
      sizes: GROUP_SIZES.peer,
      capacity: 2,
      roleModel: anyModel('student_student'),
    },
    {
      form: 'employer_pupil',
      mentees: [...toEmployer],
      mentors: external,
      sizes: GROUP_SIZES.employer,
      capacity: 2,
      roleModel: anyModel('employer_pupil'),
    },
    teacherForm,
  ];
}

const PEER_MODELS: Record<string, string[]> = {
  student_student: [
    'Успевающий – неуспевающий',
    'Лидер – пассивный',
    'Равный – равному',
    'Адаптированный – неадаптированный',
  ],
  college_student_student: [
    'Успевающий – неуспевающий',
    'Лидер – пассивный',
    'Равный – равному',
    'Адаптированный – неадаптированный',
  ],
  college_student_pupil: ['Успевающий – неуспевающий', 'Лидер – пассивный', 'Равный – равному'],
  employer_pupil: [
    'Активный профессионал – равнодушный потребитель',
    'Коллега – молодой коллега',
    'Работодатель – будущий сотрудник',
  ],
  employer_student: [
    'Активный профессионал – равнодушный потребитель',
    'Работодатель – будущий сотрудник',
    'Коллега – молодой коллега',
  ],
};
