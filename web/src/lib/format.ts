/* Dates and numbers the Russian way, always through Intl (never by hand). */
const dateFormat = new Intl.DateTimeFormat('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('ru-RU', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const numberFormat = new Intl.NumberFormat('ru-RU');

/** ДД.ММ.ГГГГ */
export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormat.format(new Date(iso)) : '—';
}

/** ДД.ММ.ГГГГ, ЧЧ:ММ */
export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)) : '—';
}

export function formatNumber(n: number): string {
  return numberFormat.format(n);
}

/** Russian plural: plural(5, ['запись', 'записи', 'записей']) → 'записей'. */
export function plural(n: number, forms: [one: string, few: string, many: string]): string {
  const rule = new Intl.PluralRules('ru-RU').select(n);
  return rule === 'one' ? forms[0] : rule === 'few' ? forms[1] : forms[2];
}

/** «12 организаций» with a thin-space thousands separator from Intl. */
export function countOf(n: number, forms: [string, string, string]): string {
  return `${formatNumber(n)} ${plural(n, forms)}`;
}
