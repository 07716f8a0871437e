import type { Insertable } from 'kysely';
import type { ConsentsTable, OrganisationKind, PersonCategory, PersonsTable } from '../schema.ts';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { personKey } from '../person-key.ts';
import type { EnterpriseSeed, OrganisationSeed } from './organisations.ts';
import { apportion } from './organisations.ts';
import {
  emailFor,
  fullNameOf,
  patronymic,
  phoneFor,
  randomFatherName,
  randomName,
  randomSurname,
  type PersonName,
  type Sex,
} from './names.ts';
import type { SharedAppearance } from './shared-people.ts';
import { CURRENT_SCHOOL_YEAR, FIRST_SCHOOL_YEAR } from './plan.ts';
import type { Random } from './random.ts';

/*
 * The people of one organisation: pupils and students whose ages fit the kind of the
 * organisation, teachers (a quarter of them young specialists), parents, graduates,
 * employees of partner enterprises, and a consent for each of them given when they were
 * first recorded, by a parent for a minor.
 */

export interface SeedPerson {
  id: string;
  /** Distinct human: equal for the two records of a person kept in two organisations. */
  identity: number;
  category: PersonCategory;
  name: PersonName;
  birthDate: string;
  birthYear: number;
  careerStartYear: number | null;
  enterpriseIndex: number | null;
  /** A school pupil that a college's programme works with (college_student_pupil). */
  pupil: boolean;
  /** School years the organisation has the person. */
  fromYear: number;
  toYear: number;
}

type Mix = Partial<Record<PersonCategory, number>>;

const MIX: Record<OrganisationKind, Mix> = {
  school: { student: 64, teacher: 23, parent: 5, graduate: 4, enterprise_employee: 3, other: 1 },
  kindergarten: { teacher: 78, parent: 18, other: 4 },
  college: { student: 60, teacher: 17, graduate: 9, enterprise_employee: 12, other: 2 },
  additional: { student: 60, teacher: 27, graduate: 5, enterprise_employee: 4, other: 4 },
};

/** Ages (reached in a school year's first calendar year) at which a student is enrolled. */
export function enrolledAges(kind: OrganisationKind, pupil: boolean): [number, number] {
  if (kind === 'college') return pupil ? [12, 16] : [15, 20];
  return [7, 17];
}

/** Birth years that make the ages in the current school year 7–19 (colleges 15–22). */
function studentBirthYears(kind: OrganisationKind, pupil: boolean): [number, number] {
  if (kind === 'college') return pupil ? [2009, 2013] : [2003, 2010];
  if (kind === 'additional') return [2007, 2018];
  return [2006, 2018];
}

const ADULT_BIRTH_YEARS: Record<Exclude<PersonCategory, 'student' | 'teacher'>, [number, number]> = {
  parent: [1975, 1995],
  graduate: [1996, 2006],
  enterprise_employee: [1965, 1998],
  entrepreneur: [1965, 1995],
  ngo_employee: [1965, 2000],
  partner_employee: [1965, 1998],
  other: [1960, 2000],
};

function femaleShare(category: PersonCategory, kind: OrganisationKind): number {
  if (category === 'teacher') return kind === 'kindergarten' ? 0.97 : 0.8;
  if (category === 'enterprise_employee') return 0.4;
  if (category === 'parent') return 0.75;
  return 0.5;
}

interface Draft extends Omit<SeedPerson, 'id' | 'identity'> {
  /** A minor's family: the parents who sign the consent share it. */
  family: { surname: string; father: string } | undefined;
}

function draftPerson(
  rng: Random,
  org: OrganisationSeed,
  category: PersonCategory,
  pupil: boolean,
  enterprises: EnterpriseSeed[],
): Draft {
  const sex: Sex = rng.chance(femaleShare(category, org.kind)) ? 'female' : 'male';
  const earliest = Math.max(org.startYear, FIRST_SCHOOL_YEAR);
  let birthYear: number;
  let careerStartYear: number | null = null;
  let fromYear = earliest;
  let toYear = CURRENT_SCHOOL_YEAR;
  let family: Draft['family'];
  let name: PersonName;

  if (category === 'student') {
    const [lo, hi] = studentBirthYears(org.kind, pupil);
    const [minAge, maxAge] = enrolledAges(org.kind, pupil);
    birthYear = rng.int(Math.max(lo, earliest - maxAge), hi);
    toYear = Math.min(CURRENT_SCHOOL_YEAR, birthYear + maxAge);
    const first = Math.max(earliest, birthYear + minAge);
    fromYear = rng.chance(0.75) ? first : rng.int(first, Math.max(first, toYear));
    family = { surname: randomSurname(rng), father: randomFatherName(rng) };
    name = randomName(rng, sex, 'child', family);
  } else if (category === 'teacher') {
    if (rng.chance(0.28)) {
      careerStartYear = rng.int(2017, CURRENT_SCHOOL_YEAR);
      birthYear = careerStartYear - rng.int(21, 25);
      fromYear = Math.max(earliest, careerStartYear);
    } else {
      birthYear = rng.int(1960, 1994);
      careerStartYear = Math.min(2016, birthYear + rng.int(21, 28));
      if (rng.chance(0.2)) fromYear = rng.int(earliest, CURRENT_SCHOOL_YEAR);
    }
    name = randomName(rng, sex, 'adult');
  } else {
    const [lo, hi] = ADULT_BIRTH_YEARS[category];
    birthYear = rng.int(lo, hi);
    if (rng.chance(0.35)) fromYear = rng.int(earliest, CURRENT_SCHOOL_YEAR);
    name = randomName(rng, sex, 'adult');
  }

  let enterpriseIndex: number | null = null;
  if (category === 'enterprise_employee') {
    const local = enterprises.filter((e) => e.municipalityIndex === org.municipality.index);
    const regional = enterprises.filter((e) => e.municipalityIndex === null);
    const enterprise = rng.pick(
      local.length && rng.chance(0.7) ? local : regional.length ? regional : enterprises,
    );
    enterpriseIndex = enterprise.index;
    fromYear = Math.max(fromYear, enterprise.partnerSince);
  }
  const birthDate = rng.date(`${birthYear}-01-01`, `${birthYear}-12-31`);
  return {
    category,
    name,
    birthDate,
    birthYear,
    careerStartYear,
    enterpriseIndex,
    pupil,
    fromYear,
    toYear,
    family,
  };
}

function categoryList(rng: Random, org: OrganisationSeed): { category: PersonCategory; pupil: boolean }[] {
  const mix = Object.entries(MIX[org.kind]) as [PersonCategory, number][];
  const counts = apportion(
    org.personCount,
    mix.map(([, w]) => w),
  );
  const list: { category: PersonCategory; pupil: boolean }[] = [];
  mix.forEach(([category, _], i) => {
    for (let k = 0; k < counts[i]!; k++) {
      list.push({ category, pupil: category === 'student' && org.kind === 'college' && rng.chance(0.12) });
    }
  });
  return list;
}

const RELATIONS = [
  ['мать', 70],
  ['отец', 25],
  ['законный представитель', 5],
] as const;

function consentFor(
  rng: Random,
  org: OrganisationSeed,
  person: SeedPerson,
  family: Draft['family'],
): Insertable<ConsentsTable> {
  const givenAt = rng.date(`${person.fromYear}-09-01`, `${person.fromYear}-09-14`);
  const minor = givenAt < `${person.birthYear + 18}${person.birthDate.slice(4)}`;
  const base = {
    id: rng.uuid(),
    organisation_id: org.id,
    person_id: person.id,
    given_at: givenAt,
    version_id: NATIONAL_CONSENT_VERSIONS[person.fromYear < 2023 ? 0 : 1]!.id,
    withdrawn_at: null,
  };
  if (!minor) return { ...base, given_by: 'self', representative_name: null, representative_relation: null };
  const relation = rng.weighted(RELATIONS);
  // Parents share the family's surname; the father's first name is the child's patronymic.
  const representative =
    relation === 'мать'
      ? randomName(rng, 'female', 'adult', { surname: family?.surname })
      : relation === 'отец'
        ? {
            lastName: family?.surname ?? randomSurname(rng),
            firstName: family?.father ?? randomFatherName(rng),
            middleName: patronymic(randomFatherName(rng), 'male'),
          }
        : randomName(rng, rng.chance(0.8) ? 'female' : 'male', 'adult');
  return {
    ...base,
    given_by: 'representative',
    representative_name: fullNameOf(representative),
    representative_relation: relation,
  };
}

export interface OrganisationPeople {
  people: SeedPerson[];
  persons: Insertable<PersonsTable>[];
  consents: Insertable<ConsentsTable>[];
}

export function generatePeople(
  rng: Random,
  org: OrganisationSeed,
  enterprises: EnterpriseSeed[],
  shared: SharedAppearance[],
  personKeySecret: string,
): OrganisationPeople {
  const drafts: (Draft & { identity: number })[] = categoryList(rng, org).map(({ category, pupil }, i) => ({
    ...draftPerson(rng, org, category, pupil, enterprises),
    identity: org.index * 10_000_000 + i,
  }));
  for (const s of shared) {
    const { name, ...rest } = s;
    drafts.push({
      ...rest,
      name,
      birthYear: Number(s.birthDate.slice(0, 4)),
      pupil: false,
      family: undefined,
    });
  }

  const people: SeedPerson[] = [];
  const persons: Insertable<PersonsTable>[] = [];
  const consents: Insertable<ConsentsTable>[] = [];
  for (const { family, ...draft } of drafts) {
    const person: SeedPerson = { ...draft, id: rng.uuid() };
    const adult = CURRENT_SCHOOL_YEAR - person.birthYear >= 18;
    const contacts = adult && rng.chance(person.category === 'student' ? 0.5 : 0.88);
    people.push(person);
    persons.push({
      id: person.id,
      organisation_id: org.id,
      last_name: person.name.lastName,
      first_name: person.name.firstName,
      middle_name: person.name.middleName,
      birth_date: person.birthDate,
      birth_year: person.birthYear,
      category: person.category,
      career_start_year: person.careerStartYear,
      enterprise_id: person.enterpriseIndex === null ? null : enterprises[person.enterpriseIndex]!.id,
      email: contacts ? emailFor(rng, person.name, person.birthYear) : null,
      phone: contacts || (adult && rng.chance(0.5)) ? phoneFor(rng) : null,
      snils: null,
      person_key: personKey(personKeySecret, fullNameOf(person.name), person.birthDate),
      erased_at: null,
    });
    consents.push(consentFor(rng, org, person, family));
  }
  return { people, persons, consents };
}
