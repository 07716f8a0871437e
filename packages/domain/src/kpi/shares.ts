/*
 * From counts to what users see (KPI.md, "Indicators" and "Display"): the share, the flag
 * for a share above 100 %, the status against the target, and the one rounding rule that the
 * UI and the reports share. PostgreSQL and JavaScript round differently, so the database
 * never rounds a share: it stores counts, and this module does the rest.
 */

/** 100 · n / d, unrounded; null ("нет данных") when the denominator is missing or zero. */
export function share(numerator: number, denominator: number | null | undefined): number | null {
  if (denominator == null || denominator === 0) return null;
  // 100·n is an exact integer, so the one division is the only rounding step.
  return (100 * numerator) / denominator;
}

/** Indicators 5–6: respondents / participants, as a share (null without participants). */
export function responseRate(respondents: number, participants: number | null | undefined): number | null {
  return share(respondents, participants);
}

/** A share above 100 % is shown as it is and flagged: the statistics or the data are wrong. */
export function isShareFlagged(value: number | null): boolean {
  return value !== null && value > 100;
}

export type KpiStatus = 'met' | 'at_risk' | 'behind' | 'no_target' | 'no_data';

export const KPI_STATUS_LABELS: Record<KpiStatus, string> = {
  met: 'Выполнено',
  at_risk: 'Под угрозой',
  behind: 'Отставание',
  no_target: 'Цель не задана',
  no_data: 'Нет данных',
};

/** "At risk" starts at 80 % of the target. */
export const AT_RISK_FRACTION = 0.8;

/*
 * Counts are integers and targets have one decimal, so a real difference between a share and
 * a bound is at least 1/(10·d) — far above this tolerance for any denominator below 10⁸ —
 * while float noise (0.8 · 40.3 ≠ 32.24 exactly) is far below it. The comparison is thus on
 * the unrounded share: 69.96 against 70 is at risk even though it shows as 70,0 %.
 */
const TOLERANCE = 1e-9;
function atLeast(value: number, bound: number): boolean {
  return value >= bound - TOLERANCE * Math.max(1, Math.abs(bound));
}

/**
 * Status from the UNROUNDED share: no value → 'no_data' (checked first); no target for that
 * year → 'no_target'; ≥ target → 'met'; ≥ 80 % of target → 'at_risk'; otherwise 'behind'.
 */
export function kpiStatus(value: number | null, target: number | null | undefined): KpiStatus {
  if (value === null || Number.isNaN(value)) return 'no_data';
  if (target == null) return 'no_target';
  if (atLeast(value, target)) return 'met';
  if (atLeast(value, (target * 4) / 5)) return 'at_risk';
  return 'behind';
}

/**
 * One decimal, half away from zero, by the DECIMAL value a number stands for: 0.15 → 0.2,
 * 4.35 → 4.4, 2.25 → 2.3, 2.675 → 2.7, 1.005 → 1.0, −0.05 → −0.1, 12.345 → 12.3.
 *
 * Why not Math.round(x * 10) / 10: it rounds halves towards +∞ (−0.05 → −0) and works on the
 * binary value, so a share computed with float noise just below a half (…4999999999998)
 * drops. Why not toFixed(1): it rounds the exact binary value, 0.15 (= 0.1499999…) → "0.1".
 * Here the number is first written with 15 significant digits — the precision a double
 * always carries — which gives back the decimal it approximates, and that decimal string is
 * rounded digit by digit. The result is the double nearest to a one-decimal number, so
 * Intl or String() show it exactly and nothing downstream rounds again.
 */
export function roundShare(x: number): number;
export function roundShare(x: number | null): number | null;
export function roundShare(x: number | null): number | null {
  if (x === null || !Number.isFinite(x)) return x;
  const digits = Math.abs(x).toPrecision(15);
  // Exponent notation: below 1e-6 (rounds to 0) or at least 1e15 (no decimals to round).
  if (digits.includes('e')) return Math.abs(x) < 1 ? 0 : x;
  const [whole = '0', fraction = ''] = digits.split('.');
  let tenths = Number(whole + (fraction[0] ?? '0'));
  if ((fraction[1] ?? '0') >= '5') tenths += 1;
  const rounded = tenths / 10;
  return x < 0 && rounded !== 0 ? -rounded : rounded;
}

export const NO_DATA_TEXT = 'нет данных';

const shareNumber = new Intl.NumberFormat('ru-RU', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/**
 * '70,5 %': roundShare, then the ru-RU number (decimal comma, U+00A0 between thousands) and
 * U+00A0 before '%', which is exactly what Intl's ru-RU percent style writes; null → 'нет
 * данных'. Intl only lays out the digits of an already rounded value; it never rounds.
 */
export function formatShare(value: number | null): string {
  if (value === null) return NO_DATA_TEXT;
  return `${shareNumber.format(roundShare(value))}\u00a0%`;
}

export interface KpiFigure {
  /** Unrounded share, null = no value. */
  value: number | null;
  /** roundShare(value): the number every UI and report shows. */
  rounded: number | null;
  flagged: boolean;
  status: KpiStatus;
}

/** Everything derived from one snapshot row and the region's target for its year. */
export function kpiFigure(
  numerator: number,
  denominator: number | null | undefined,
  target: number | null | undefined,
): KpiFigure {
  const value = share(numerator, denominator);
  return {
    value,
    rounded: roundShare(value),
    flagged: isShareFlagged(value),
    status: kpiStatus(value, target),
  };
}
