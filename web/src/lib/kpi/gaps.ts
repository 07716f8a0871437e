/*
 * «Чего не хватает»: what keeps an organisation's indicators empty in a year, in words a
 * curator can act on. Derived from the figures the API sends (no raw rows).
 */
import { formatCount, indicatorShort, isSatisfaction } from './format.ts';
import type { KpiIndicator } from './types.ts';

export interface Gap {
  key: string;
  indicator: string;
  text: string;
}

const NOBODY: Record<string, string> = {
  mentees_10_19: 'нет наставляемых-обучающихся 10–19 лет с участием в этом году',
  mentors_15_19: 'нет наставников-обучающихся 15–19 лет с участием в этом году',
  young_teachers_mentored: 'нет молодых педагогов (стаж 0–3 года) среди наставляемых',
  enterprises_with_mentors: 'нет наставников от предприятий-партнёров',
  mentee_satisfaction: 'нет наставляемых с участием в этом году',
  mentor_satisfaction: 'нет наставников с участием в этом году',
};

export function gapsOf(indicators: KpiIndicator[], year: number, ownCounts: boolean): Gap[] {
  const gaps: Gap[] = [];
  for (const ind of indicators) {
    const f = ind.figures.find((x) => x.year === year);
    const add = (text: string) => gaps.push({ key: ind.key, indicator: indicatorShort(ind.key), text });
    if (!f || f.numerator === null) {
      add('показатель ещё не рассчитан');
    } else if (isSatisfaction(ind.key)) {
      if (!f.participants) add(NOBODY[ind.key]!);
      else if (!f.denominator)
        add(`никто из ${formatCount(f.participants)} участников не ответил на анкету удовлетворённости`);
    } else if (f.numerator === 0) {
      add(NOBODY[ind.key]!);
    } else if (f.denominator === null && ownCounts) {
      add('не введена численность организации — доля не считается');
    }
  }
  return gaps;
}
