import type { Insertable } from 'kysely';
import type { ParticipationRole, SurveyResponsesTable } from '../schema.ts';
import type { OrganisationSeed } from './organisations.ts';
import type { MemberPlan, PairPlan } from './pairs.ts';
import { CURRENT_SCHOOL_YEAR } from './plan.ts';
import { addDays, maxDate, minDate, type Random } from './random.ts';

/*
 * Satisfaction surveys: a mid-year round in November–December and a final round at the
 * end of the pair, answered by a share of the participants. Scores (1–10) lean positive
 * and improve year by year, a little less in the municipalities that lag behind.
 */

/** Probability of a satisfied answer (≥ 7) in a calendar year. */
const SATISFIED: Record<number, number> = {
  2020: 0.64,
  2021: 0.71,
  2022: 0.77,
  2023: 0.83,
  2024: 0.87,
  2025: 0.91,
  2026: 0.91,
};

const COMMENTS = [
  'Очень полезные встречи, спасибо!',
  'Хотелось бы больше времени на общение.',
  'Спасибо наставнику за поддержку!',
  'Помогли подготовиться к олимпиаде.',
  'Стало проще разбираться в сложных темах.',
  'Интересно было работать в группе.',
  'Узнал много нового о профессии.',
  'Встречи иногда переносились, это неудобно.',
  'Хорошая организация, всё понятно.',
  'Наставляемый стал увереннее в себе.',
];

function score(rng: Random, year: number, role: ParticipationRole, penalty: number): number {
  const satisfied = rng.chance(SATISFIED[year]! + (role === 'mentor' ? 0.03 : 0) - penalty);
  return satisfied
    ? rng.weighted([
        [7, 2],
        [8, 3],
        [9, 3],
        [10, 2.5],
      ] as const)
    : rng.weighted([
        [1, 0.2],
        [2, 0.3],
        [3, 1],
        [4, 1.5],
        [5, 2.5],
        [6, 3],
      ] as const);
}

function item(rng: Random, overall: number): number {
  return Math.min(10, Math.max(1, overall + rng.int(-1, 1)));
}

function timestamp(rng: Random, date: string): string {
  return `${date}T${String(rng.int(9, 20)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+03:00`;
}

export function generateResponses(
  rng: Random,
  org: OrganisationSeed,
  pairs: PairPlan[],
): Insertable<SurveyResponsesTable>[] {
  const out: Insertable<SurveyResponsesTable>[] = [];
  const responseRate = rng.around(org.municipality.behind ? 0.55 : 0.72, 0.1, 0.3, 0.95);
  const penalty = org.municipality.behind ? 0.12 : rng.around(0, 0.04, -0.05, 0.1);

  const respond = (pair: PairPlan, m: MemberPlan, date: string) => {
    const year = Number(date.slice(0, 4));
    const overall = score(rng, year, m.row.role, penalty);
    const answers: Record<string, unknown> = {
      questionnaire: 'satisfaction-v1',
      items: {
        expectations: item(rng, overall),
        organisation: item(rng, overall),
        usefulness: item(rng, overall),
        relations: item(rng, overall),
      },
    };
    if (rng.chance(0.15)) answers.comment = rng.pick(COMMENTS);
    out.push({
      id: rng.uuid(),
      organisation_id: org.id,
      person_id: m.person.id,
      pair_id: pair.row.id,
      role: m.row.role,
      submitted_at: timestamp(rng, date),
      overall_score: overall,
      answers: JSON.stringify(answers),
    });
  };

  for (const pair of pairs) {
    const { status, start_date: start, end_date: end } = pair.row;
    if (status === 'draft' || status === 'cancelled') continue;
    const year = pair.schoolYear;
    for (const m of pair.members) {
      const from = maxDate(start, m.row.start_date ?? start);
      const to = m.row.end_date ?? end;
      // Mid-year round: November of the current year, December before.
      const mid =
        year === CURRENT_SCHOOL_YEAR
          ? rng.date(`${year}-11-10`, `${year}-11-28`)
          : rng.date(`${year}-12-05`, `${year}-12-25`);
      if (from < mid && (!to || mid <= to) && rng.chance(responseRate * 0.7)) respond(pair, m, mid);
      // Final round: the last two weeks of the member's participation in a completed pair.
      if (status === 'completed' && to && rng.chance(responseRate)) {
        respond(pair, m, minDate(to, maxDate(from, addDays(to, -rng.int(0, 14)))));
      }
    }
  }
  return out;
}
