import type { Insertable, Kysely } from 'kysely';
import type {
  Database,
  PairMembersTable,
  PairStatus,
  PairsTable,
  ParticipationRole,
  ProgrammesTable,
} from '../schema.ts';
import type { OrganisationSeed } from './organisations.ts';
import type { SeedPerson } from './people.ts';
import { planMatchings, type Matching } from './matching.ts';
import { CURRENT_SCHOOL_YEAR, DEMO_TODAY, schoolYearTitle } from './plan.ts';
import { addDays, daysBetween, type Random } from './random.ts';

/*
 * Programmes, pairs and groups of one organisation, school year by school year, from the
 * candidates matching.ts allows: a mentee sits in at most one pair per year, a mentor leads
 * one or two, mentors carry on from year to year, and mentees left without a mentor stay
 * unmatched, as in real life. Past years are completed (a few cancelled); the current one
 * is active, with a few drafts and cancellations.
 */

export interface FormRef {
  id: string;
  roleModels: Map<string, string>;
}
export type FormCatalogue = Map<string, FormRef>;

/** The national catalogue (region_id NULL): forms by code with their role models by name. */
export async function loadFormCatalogue(db: Kysely<Database>): Promise<FormCatalogue> {
  const forms = await db
    .selectFrom('mentoring_forms')
    .select(['id', 'code'])
    .where('region_id', 'is', null)
    .execute();
  const models = await db
    .selectFrom('role_models')
    .select(['id', 'form_id', 'name'])
    .where('region_id', 'is', null)
    .execute();
  return new Map(
    forms.map((f) => [
      f.code,
      { id: f.id, roleModels: new Map(models.filter((m) => m.form_id === f.id).map((m) => [m.name, m.id])) },
    ]),
  );
}

export interface MemberPlan {
  row: Insertable<PairMembersTable>;
  person: SeedPerson;
}
export interface PairPlan {
  row: Insertable<PairsTable> & {
    status: PairStatus;
    start_date: string;
    end_date: string | null;
    cancelled_at: string | null;
  };
  members: MemberPlan[];
  schoolYear: number;
}
export interface OrganisationPairs {
  programmes: Insertable<ProgrammesTable>[];
  pairs: PairPlan[];
}

export function generatePairs(
  rng: Random,
  org: OrganisationSeed,
  people: SeedPerson[],
  forms: FormCatalogue,
): OrganisationPairs {
  const programmes: Insertable<ProgrammesTable>[] = [];
  const pairs: PairPlan[] = [];
  const drive = rng.around(1, 0.12, 0.7, 1.2);
  // Mentors usually carry on from one year to the next: last year's come first.
  const experienced = new Set<SeedPerson>();

  for (let year = org.startYear; year <= CURRENT_SCHOOL_YEAR; year++) {
    const present = people.filter((p) => p.fromYear <= year && year <= p.toYear);
    const matchings = planMatchings(rng, org, present, year, drive, experienced);
    const programmeId = rng.uuid();
    const before = pairs.length;
    for (const m of matchings) pairs.push(...match(rng, org, programmeId, year, m, forms));
    for (const p of pairs.slice(before)) experienced.add(p.members[0]!.person);
    if (pairs.length > before) {
      programmes.push({
        id: programmeId,
        organisation_id: org.id,
        school_year: year,
        title: `Программа наставничества ${schoolYearTitle(year)}`,
      });
    }
  }
  return { programmes, pairs };
}

function pairStatus(rng: Random, year: number): PairStatus {
  if (year < CURRENT_SCHOOL_YEAR) return rng.chance(0.03) ? 'cancelled' : 'completed';
  return rng.weighted([
    ['active', 90],
    ['draft', 7],
    ['cancelled', 3],
  ] as const);
}

function match(
  rng: Random,
  org: OrganisationSeed,
  programmeId: string,
  year: number,
  m: Matching,
  forms: FormCatalogue,
): PairPlan[] {
  const form = forms.get(m.form);
  if (!form) throw new Error(`The national catalogue has no form "${m.form}": run the migrations first`);
  const out: PairPlan[] = [];
  const load = new Map<SeedPerson, number>();
  const mentors = [...m.mentors];
  let next = 0;
  while (next < m.mentees.length && mentors.length > 0) {
    const mentor = mentors[0]!;
    load.set(mentor, (load.get(mentor) ?? 0) + 1);
    if (load.get(mentor)! >= m.capacity) mentors.shift();
    const mentees = m.mentees.slice(next, next + rng.weighted(m.sizes));
    next += mentees.length;
    out.push(buildPair(rng, org, programmeId, year, form, m.roleModel(mentees[0]!), mentor, mentees));
  }
  return out;
}

function buildPair(
  rng: Random,
  org: OrganisationSeed,
  programmeId: string,
  year: number,
  form: FormRef,
  roleModelName: string,
  mentor: SeedPerson,
  mentees: SeedPerson[],
): PairPlan {
  const status = pairStatus(rng, year);
  const start =
    status === 'draft'
      ? rng.date(`${year + 1}-01-12`, `${year + 1}-01-30`)
      : rng.date(`${year}-09-15`, `${year}-10-31`);
  const end =
    status === 'completed' || (status === 'cancelled' && year < CURRENT_SCHOOL_YEAR)
      ? rng.date(`${year + 1}-04-25`, `${year + 1}-05-31`)
      : rng.chance(0.5)
        ? `${year + 1}-05-31`
        : null;
  // A cancellation happened before the demo's "today" and before the planned end.
  const horizon = year < CURRENT_SCHOOL_YEAR ? end! : DEMO_TODAY;
  const cancelledAt =
    status === 'cancelled'
      ? addDays(start, rng.int(20, Math.max(21, daysBetween(start, horizon) - 20)))
      : null;
  const pairId = rng.uuid();
  const row = {
    id: pairId,
    organisation_id: org.id,
    programme_id: programmeId,
    form_id: form.id,
    role_model_id: rng.chance(0.95) ? (form.roleModels.get(roleModelName) ?? null) : null,
    status,
    start_date: start,
    end_date: end,
    cancelled_at: cancelledAt,
  };
  const member = (
    person: SeedPerson,
    role: ParticipationRole,
    own: { start: string | null; end: string | null },
  ): MemberPlan => ({
    person,
    row: {
      id: rng.uuid(),
      organisation_id: org.id,
      pair_id: pairId,
      person_id: person.id,
      role,
      start_date: own.start,
      end_date: own.end,
    },
  });
  const group = mentees.length > 1 && (status === 'active' || status === 'completed');
  const members = [member(mentor, 'mentor', { start: null, end: null })];
  for (const mentee of mentees) {
    // In groups some join late or leave early: their own dates, inside the group's.
    let own: { start: string | null; end: string | null } = { start: null, end: null };
    const lastDay = end ?? DEMO_TODAY;
    if (group && rng.chance(0.12) && daysBetween(start, lastDay) > 60)
      own = { start: addDays(start, rng.int(20, 45)), end: null };
    else if (group && end && rng.chance(0.06) && daysBetween(start, end) > 120)
      own = { start: null, end: addDays(end, -rng.int(30, 90)) };
    members.push(member(mentee, 'mentee', own));
  }
  return { row, members, schoolYear: year };
}
