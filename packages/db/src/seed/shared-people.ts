import type { PersonCategory } from '../schema.ts';
import type { DirectorySeed, OrganisationSeed } from './organisations.ts';
import { randomName, type PersonName, type Sex } from './names.ts';
import { Random } from './random.ts';
import { CURRENT_SCHOOL_YEAR, FIRST_SCHOOL_YEAR } from './plan.ts';

/*
 * Humans recorded in two organisations (KPI.md, "Person identity"): a pupil who moved to
 * another town, a teacher working in two schools, a pupil who went on to a college, an
 * engineer mentoring in a school and a college. Both records carry the same name and birth
 * date, hence the same person key, and each territory must count them once.
 */

export interface SharedAppearance {
  /** Negative: the generator numbers ordinary persons from 0 up per organisation. */
  identity: number;
  name: PersonName;
  birthDate: string;
  category: PersonCategory;
  careerStartYear: number | null;
  enterpriseIndex: number | null;
  /** School years this organisation has the person. */
  fromYear: number;
  toYear: number;
}

type Story = 'moved_pupil' | 'teacher_two_places' | 'pupil_to_college' | 'engineer_two_places';

function birthDate(rng: Random, year: number): string {
  return rng.date(`${year}-01-01`, `${year}-12-31`);
}

/** Appearances per organisation index. The first story is always a pupil who moved between municipalities. */
export function planSharedPeople(
  seed: number,
  directory: DirectorySeed,
  count: number,
): Map<number, SharedAppearance[]> {
  const rng = new Random(seed, 'shared-people');
  const byOrg = new Map<number, SharedAppearance[]>();
  const ofKind = (kind: OrganisationSeed['kind']) => directory.organisations.filter((o) => o.kind === kind);
  const schools = ofKind('school');
  const colleges = ofKind('college');
  const additional = ofKind('additional');
  const elsewhere = (pool: OrganisationSeed[], not: OrganisationSeed) => {
    const other = pool.filter((o) => o.municipality.index !== not.municipality.index);
    return rng.pick(other.length ? other : pool.filter((o) => o !== not));
  };
  const add = (org: OrganisationSeed, a: SharedAppearance) => {
    // The organisation ran programmes while the person was there, whatever the plan said.
    if (org.startYear > a.toYear) org.startYear = a.fromYear;
    const list = byOrg.get(org.index) ?? [];
    list.push({ ...a, fromYear: Math.max(a.fromYear, org.startYear) });
    byOrg.set(org.index, list);
  };

  for (let k = 0; k < count; k++) {
    const identity = -(k + 1);
    const story: Story =
      k === 0
        ? 'moved_pupil'
        : rng.weighted([
            ['moved_pupil', 45],
            ['teacher_two_places', 30],
            ['pupil_to_college', 15],
            ['engineer_two_places', 10],
          ] as const);
    const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
    const first = rng.pick(schools);
    if (story === 'moved_pupil') {
      const year = rng.int(2008, 2012);
      const moved = rng.int(2022, 2024);
      const person = {
        identity,
        name: randomName(rng, sex, 'child'),
        birthDate: birthDate(rng, year),
        category: 'student' as const,
        careerStartYear: null,
        enterpriseIndex: null,
      };
      add(first, { ...person, fromYear: FIRST_SCHOOL_YEAR, toYear: moved - 1 });
      add(elsewhere(schools, first), { ...person, fromYear: moved, toYear: CURRENT_SCHOOL_YEAR });
    } else if (story === 'teacher_two_places') {
      const year = rng.int(1965, 1995);
      const person = {
        identity,
        name: randomName(rng, rng.chance(0.8) ? 'female' : 'male', 'adult'),
        birthDate: birthDate(rng, year),
        category: 'teacher' as const,
        careerStartYear: Math.min(2015, year + rng.int(21, 26)),
        enterpriseIndex: null,
      };
      const second = rng.chance(0.5)
        ? elsewhere(schools, first)
        : rng.pick(additional.length ? additional : schools);
      add(first, { ...person, fromYear: FIRST_SCHOOL_YEAR, toYear: CURRENT_SCHOOL_YEAR });
      add(second, { ...person, fromYear: rng.int(2020, 2023), toYear: CURRENT_SCHOOL_YEAR });
    } else if (story === 'pupil_to_college') {
      const year = rng.int(2006, 2008);
      const person = {
        identity,
        name: randomName(rng, sex, 'child'),
        birthDate: birthDate(rng, year),
        category: 'student' as const,
        careerStartYear: null,
        enterpriseIndex: null,
      };
      add(first, { ...person, fromYear: FIRST_SCHOOL_YEAR, toYear: year + 15 });
      add(elsewhere(colleges.length ? colleges : schools, first), {
        ...person,
        fromYear: year + 16,
        toYear: CURRENT_SCHOOL_YEAR,
      });
    } else {
      const person = {
        identity,
        name: randomName(rng, rng.chance(0.7) ? 'male' : 'female', 'adult'),
        birthDate: birthDate(rng, rng.int(1970, 1995)),
        category: 'enterprise_employee' as const,
        careerStartYear: null,
        enterpriseIndex: rng.int(0, directory.enterprises.length - 1),
      };
      add(first, { ...person, fromYear: 2021, toYear: CURRENT_SCHOOL_YEAR });
      add(rng.pick(colleges.length ? colleges : schools), {
        ...person,
        fromYear: 2022,
        toYear: CURRENT_SCHOOL_YEAR,
      });
    }
  }
  return byOrg;
}
