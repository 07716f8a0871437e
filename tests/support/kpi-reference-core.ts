import {
  DEFAULT_REGION_TIME_ZONE,
  DEFAULT_SATISFACTION_THRESHOLD,
  INDICATOR_METRIC,
  isActiveInYear,
  isChildMenteeInYear,
  isChildMentorInYear,
  isYoungSpecialistInYear,
  KPI_INDICATORS,
  latestResponsesInYear,
  personIdentity,
  SATISFACTION_ROLE,
  satisfactionCounts,
  type KeyedResponse,
  type KpiKey,
  type PairStatus,
  type ParticipationRole,
  type StatisticMetric,
} from '@nastavnik/domain';

/*
 * The deliberately simple reference for the six indicators (../shared/KPI.md): plain rows
 * in, for every territory (each organisation, each municipality, the region) and every year
 * the numerator, denominator and participants, as kpi_snapshots holds them. Naive loops over
 * the domain rules and nothing else, so the workers' set-based SQL has something independent
 * to be compared with. No I/O here: kpi-reference.ts adds the loader that reads the rows.
 *
 * A territory counts what happened in its organisations: a participation belongs to the
 * organisation of its pair, and persons are counted once per territory by identity key.
 */

export type TerritoryType = 'region' | 'municipality' | 'organisation';

export interface ReferenceInput {
  regionId: string;
  satisfactionThreshold?: number;
  timeZone?: string;
  /** Municipalities without organisations still get rows; those of organisations are added. */
  municipalities?: { id: string }[];
  organisations: { id: string; municipalityId: string }[];
  persons: {
    id: string;
    organisationId: string;
    personKey: string | null;
    birthYear: number | null;
    category: string;
    careerStartYear: number | null;
    enterpriseId: string | null;
  }[];
  pairs: {
    id: string;
    organisationId: string;
    status: PairStatus;
    startDate: string;
    endDate: string | null;
    cancelledAt: string | null;
  }[];
  members: {
    pairId: string;
    personId: string;
    role: ParticipationRole;
    startDate: string | null;
    endDate: string | null;
  }[];
  responses: {
    personId: string;
    role: ParticipationRole;
    submittedAt: Date | string;
    overallScore: number;
  }[];
  statistics: {
    territoryType: TerritoryType;
    territoryId: string;
    year: number;
    metric: StatisticMetric;
    value: number;
  }[];
}

/** One kpi_snapshots row, without region_id and computed_at. */
export interface ReferenceRow {
  territoryType: TerritoryType;
  territoryId: string;
  /** An organisation's municipality; a municipality itself; null for the region. */
  municipalityId: string | null;
  year: number;
  indicator: KpiKey;
  numerator: number;
  /** Statistics for 1–4 (null when not entered); respondents for 5–6. */
  denominator: number | null;
  /** 5–6: persons with a participation in that role active in Y; null for 1–4. */
  participants: number | null;
}

export interface Territory {
  type: TerritoryType;
  id: string;
  municipalityId: string | null;
  organisationIds: Set<string>;
}

type Person = ReferenceInput['persons'][number];

/** One participation active in the year: who, in which organisation, in which role. */
interface ActiveParticipation {
  organisationId: string;
  key: string;
  person: Person;
  role: ParticipationRole;
}

/** The region, then its municipalities, then its organisations. */
export function territoriesOf(input: ReferenceInput): Territory[] {
  const municipalityIds = new Set<string>();
  for (const m of input.municipalities ?? []) municipalityIds.add(m.id);
  for (const o of input.organisations) municipalityIds.add(o.municipalityId);
  const territories: Territory[] = [];
  territories.push({
    type: 'region',
    id: input.regionId,
    municipalityId: null,
    organisationIds: new Set(input.organisations.map((o) => o.id)),
  });
  for (const m of municipalityIds) {
    const ids = input.organisations.filter((o) => o.municipalityId === m).map((o) => o.id);
    territories.push({ type: 'municipality', id: m, municipalityId: m, organisationIds: new Set(ids) });
  }
  for (const o of input.organisations) {
    territories.push({
      type: 'organisation',
      id: o.id,
      municipalityId: o.municipalityId,
      organisationIds: new Set([o.id]),
    });
  }
  return territories;
}

function activeParticipations(input: ReferenceInput, year: number): ActiveParticipation[] {
  const pairById = new Map(input.pairs.map((p) => [p.id, p]));
  const personById = new Map(input.persons.map((p) => [p.id, p]));
  const result: ActiveParticipation[] = [];
  for (const member of input.members) {
    const pair = pairById.get(member.pairId);
    const person = personById.get(member.personId);
    if (!pair || !person) throw new Error(`Участник ${member.personId} пары ${member.pairId} не найден`);
    const dates = {
      pairStatus: pair.status,
      pairStart: pair.startDate,
      pairEnd: pair.endDate,
      cancelledAt: pair.cancelledAt,
      memberStart: member.startDate,
      memberEnd: member.endDate,
    };
    if (!isActiveInYear(dates, year)) continue;
    const key = personIdentity(person.personKey, person.id);
    result.push({ organisationId: pair.organisationId, key, person, role: member.role });
  }
  return result;
}

function statistic(
  input: ReferenceInput,
  t: Territory,
  year: number,
  metric: StatisticMetric,
): number | null {
  for (const s of input.statistics) {
    if (s.territoryType === t.type && s.territoryId === t.id && s.year === year && s.metric === metric) {
      return s.value;
    }
  }
  return null;
}

/** Distinct identity keys (or enterprises) among the participations that pass the test. */
function distinct(items: ActiveParticipation[], pick: (p: ActiveParticipation) => string | null): number {
  const seen = new Set<string>();
  for (const item of items) {
    const value = pick(item);
    if (value !== null) seen.add(value);
  }
  return seen.size;
}

/** Every territory × year in [from, to] × indicator, in that order. */
export function referenceKpis(input: ReferenceInput, years: { from: number; to: number }): ReferenceRow[] {
  const threshold = input.satisfactionThreshold ?? DEFAULT_SATISFACTION_THRESHOLD;
  const timeZone = input.timeZone ?? DEFAULT_REGION_TIME_ZONE;
  const personById = new Map(input.persons.map((p) => [p.id, p]));
  const keyedResponses = input.responses.map((r) => {
    const person = personById.get(r.personId);
    if (!person) throw new Error(`Автор анкеты ${r.personId} не найден`);
    return { ...r, key: personIdentity(person.personKey, person.id) };
  });
  const byYear = new Map<number, { all: ActiveParticipation[]; latest: Map<string, KeyedResponse> }>();
  for (let year = years.from; year <= years.to; year++) {
    byYear.set(year, {
      all: activeParticipations(input, year),
      // The latest response of the year per person and role, over the whole region.
      latest: latestResponsesInYear(keyedResponses, year, timeZone),
    });
  }
  const rows: ReferenceRow[] = [];
  for (const t of territoriesOf(input)) {
    for (let year = years.from; year <= years.to; year++) {
      const { all, latest } = byYear.get(year)!;
      const here = all.filter((p) => t.organisationIds.has(p.organisationId));
      const numerators: Record<KpiKey, number> = {
        mentees_10_19: distinct(here, (p) =>
          p.role === 'mentee' && isChildMenteeInYear(p.person, year) ? p.key : null,
        ),
        mentors_15_19: distinct(here, (p) =>
          p.role === 'mentor' && isChildMentorInYear(p.person, year) ? p.key : null,
        ),
        young_teachers_mentored: distinct(here, (p) =>
          p.role === 'mentee' && isYoungSpecialistInYear(p.person, year) ? p.key : null,
        ),
        enterprises_with_mentors: distinct(here, (p) => (p.role === 'mentor' ? p.person.enterpriseId : null)),
        mentee_satisfaction: 0,
        mentor_satisfaction: 0,
      };
      for (const { key: indicator } of KPI_INDICATORS) {
        const base = { territoryType: t.type, territoryId: t.id, municipalityId: t.municipalityId, year };
        const metric = INDICATOR_METRIC[indicator];
        if (metric !== null) {
          const denominator = statistic(input, t, year, metric);
          rows.push({
            ...base,
            indicator,
            numerator: numerators[indicator],
            denominator,
            participants: null,
          });
          continue;
        }
        const role = SATISFACTION_ROLE[indicator]!;
        const keys = new Set(here.filter((p) => p.role === role).map((p) => p.key));
        const counts = satisfactionCounts(keys, role, latest, threshold);
        rows.push({
          ...base,
          indicator,
          numerator: counts.satisfied,
          denominator: counts.respondents,
          participants: counts.participants,
        });
      }
    }
  }
  return rows;
}

/** 'organisation:<id>:2024:mentees_10_19' — to index rows from either side of a comparison. */
export function referenceRowKey(row: {
  territoryType: string;
  territoryId: string;
  year: number;
  indicator: string;
}): string {
  return `${row.territoryType}:${row.territoryId}:${row.year}:${row.indicator}`;
}

/** Rows by referenceRowKey. */
export function indexRows<R extends Parameters<typeof referenceRowKey>[0]>(rows: R[]): Map<string, R> {
  return new Map(rows.map((r) => [referenceRowKey(r), r]));
}
