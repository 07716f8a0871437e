/**
 * Date and number formatting shared by every document: dates as ДД.ММ.ГГГГ, as Russian
 * paperwork writes them. Date-times are shown in Moscow time: the documents are legal papers
 * and the information system keeps instants in UTC, so one fixed zone keeps acts comparable.
 */

const TIME_ZONE = 'Europe/Moscow';

const dateFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

const timeFormat = new Intl.DateTimeFormat('ru-RU', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const numberFormat = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 });

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A blank to be filled in by hand, as on printed forms. */
export const BLANK = '____________';
/** What an empty list or a missing value prints as. */
export const NONE = 'нет';

/**
 * 'YYYY-MM-DD' → 'ДД.ММ.ГГГГ' without any time-zone shift (a birth date is a calendar date);
 * a full ISO date-time → its calendar date in Moscow. Null, empty or unparsable → fallback.
 */
export function formatDate(iso: string | null | undefined, fallback = ''): string {
  if (!iso) return fallback;
  const plain = DATE_ONLY.exec(iso);
  if (plain) return `${plain[3]}.${plain[2]}.${plain[1]}`;
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? fallback : dateFormat.format(at);
}

/** ISO date-time → 'ДД.ММ.ГГГГ ЧЧ:ММ (МСК)'; a plain date prints as a date. */
export function formatDateTime(iso: string | null | undefined, fallback = ''): string {
  if (!iso) return fallback;
  if (DATE_ONLY.test(iso)) return formatDate(iso, fallback);
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return fallback;
  return `${dateFormat.format(at)} ${timeFormat.format(at)} (МСК)`;
}

export function formatNumber(value: number): string {
  return Number.isFinite(value) ? numberFormat.format(value) : NONE;
}

/** 'Иванова Мария Петровна' → 'Иванова М. П.', the form the «расшифровка подписи» slot takes. */
export function shortName(fullName: string): string {
  const [last, ...rest] = fullName.trim().split(/\s+/);
  if (!last) return '';
  const initials = rest.map((part) => `${part.charAt(0).toUpperCase()}.`).join(' ');
  return initials ? `${last} ${initials}` : last;
}

/** Text or a fallback when the value is null, empty or only spaces. */
export function orBlank(value: string | null | undefined, fallback = BLANK): string {
  return value && value.trim() ? value.trim() : fallback;
}
