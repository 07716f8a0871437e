/*
 * How KPI figures read on screen. The values arrive rounded by the server (one rounding
 * rule, packages/domain); formatShare only lays out the digits the Russian way («70,5 %»).
 */
import { formatShare, KPI_INDICATORS, KPI_STATUS_LABELS, NO_DATA_TEXT } from '@nastavnik/domain';
import type { Tone } from '$lib/labels.ts';
import type { IndicatorKey, KpiStatus } from './types.ts';

export { formatShare, NO_DATA_TEXT };

export const STATUS: Record<KpiStatus, { label: string; tone: Tone; color: string }> = {
  met: { label: KPI_STATUS_LABELS.met, tone: 'success', color: '#1b7a4b' },
  at_risk: { label: KPI_STATUS_LABELS.at_risk, tone: 'warning', color: '#d08c00' },
  behind: { label: KPI_STATUS_LABELS.behind, tone: 'danger', color: '#c0392b' },
  no_target: { label: KPI_STATUS_LABELS.no_target, tone: 'info', color: '#1d5fa7' },
  no_data: { label: KPI_STATUS_LABELS.no_data, tone: 'neutral', color: '#9ba7b6' },
};

/** Colours of the charts: the actual figure and the target beside it. */
export const CHART = {
  actual: '#1d5fa7',
  actualSoft: 'rgba(29, 95, 167, 0.18)',
  target: '#d08c00',
  region: '#6b788a',
  grid: '#eef1f5',
  text: '#4e5a6b',
  font: "'Golos Text', system-ui, sans-serif",
};

export const indicatorTitle = (key: IndicatorKey) => KPI_INDICATORS.find((i) => i.key === key)!.title;
export const indicatorShort = (key: IndicatorKey) => KPI_INDICATORS.find((i) => i.key === key)!.short;
export const isSatisfaction = (key: IndicatorKey) =>
  key === 'mentee_satisfaction' || key === 'mentor_satisfaction';

/** What the numerator counts, for the line under a value («141 из 200»). */
export const NUMERATOR_UNIT: Record<IndicatorKey, [string, string, string]> = {
  mentees_10_19: ['наставляемый', 'наставляемых', 'наставляемых'],
  mentors_15_19: ['наставник', 'наставника', 'наставников'],
  young_teachers_mentored: ['молодой педагог', 'молодых педагога', 'молодых педагогов'],
  enterprises_with_mentors: ['предприятие', 'предприятия', 'предприятий'],
  mentee_satisfaction: ['удовлетворённый', 'удовлетворённых', 'удовлетворённых'],
  mentor_satisfaction: ['удовлетворённый', 'удовлетворённых', 'удовлетворённых'],
};

/** The numerator's column in comparison tables. */
export const NUMERATOR_COLUMN: Record<IndicatorKey, string> = {
  mentees_10_19: 'Наставляемые',
  mentors_15_19: 'Наставники',
  young_teachers_mentored: 'Педагоги',
  enterprises_with_mentors: 'Предприятия',
  mentee_satisfaction: 'Удовлетворены',
  mentor_satisfaction: 'Удовлетворены',
};

const numberFormat = new Intl.NumberFormat('ru-RU');
export const formatCount = (n: number | null | undefined) => (n == null ? '—' : numberFormat.format(n));

/** «ДД.ММ.ГГГГ ЧЧ:ММ» in the region's time zone (where the figures are computed and read). */
export function formatComputedAt(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const parts = new Intl.DateTimeFormat('ru-RU', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')} ${get('hour')}:${get('minute')}`;
}

/**
 * The percent axis: up to 100 % when the figures come close to it, a little headroom
 * otherwise, and room above 100 % only when a share actually exceeds it.
 */
export function scaleFor(top: number): { max?: number; suggestedMax?: number } {
  if (top > 100) return { suggestedMax: Math.ceil((top * 1.08) / 10) * 10 };
  if (top > 80) return { max: 100 };
  return { suggestedMax: Math.ceil((top * 1.15) / 5) * 5 };
}
