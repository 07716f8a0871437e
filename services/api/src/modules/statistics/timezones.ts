/*
 * The time zones a region of Russia can be in: the IANA zones tzdata lists for Russia
 * (zone1970.tab), with the city people know them by. Satisfaction surveys are counted in the
 * year of the region's local time (KPI.md), so the setting must be one of these.
 */

const RUSSIAN_ZONES: Record<string, string> = {
  'Europe/Kaliningrad': 'Калининград',
  'Europe/Moscow': 'Москва',
  'Europe/Simferopol': 'Симферополь',
  'Europe/Kirov': 'Киров',
  'Europe/Volgograd': 'Волгоград',
  'Europe/Astrakhan': 'Астрахань',
  'Europe/Saratov': 'Саратов',
  'Europe/Ulyanovsk': 'Ульяновск',
  'Europe/Samara': 'Самара',
  'Asia/Yekaterinburg': 'Екатеринбург',
  'Asia/Omsk': 'Омск',
  'Asia/Novosibirsk': 'Новосибирск',
  'Asia/Barnaul': 'Барнаул',
  'Asia/Tomsk': 'Томск',
  'Asia/Novokuznetsk': 'Новокузнецк',
  'Asia/Krasnoyarsk': 'Красноярск',
  'Asia/Irkutsk': 'Иркутск',
  'Asia/Chita': 'Чита',
  'Asia/Yakutsk': 'Якутск',
  'Asia/Khandyga': 'Хандыга',
  'Asia/Vladivostok': 'Владивосток',
  'Asia/Ust-Nera': 'Усть-Нера',
  'Asia/Magadan': 'Магадан',
  'Asia/Sakhalin': 'Южно-Сахалинск',
  'Asia/Srednekolymsk': 'Среднеколымск',
  'Asia/Kamchatka': 'Петропавловск-Камчатский',
  'Asia/Anadyr': 'Анадырь',
};

export interface TimezoneOption {
  id: string;
  label: string;
  /** Hours from UTC now (Russia keeps no daylight saving time). */
  utcOffset: number;
}

/** Hours east of UTC at `at`, from the ICU data the runtime ships. */
function offsetHours(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name ?? '');
  if (!m) return 0;
  const hours = Number(m[2]) + Number(m[3] ?? 0) / 60;
  return m[1] === '-' ? -hours : hours;
}

const signed = (n: number) => (n === 0 ? '' : n > 0 ? `+${n}` : `−${-n}`);

let cached: TimezoneOption[] | undefined;

/** The Russian zones this runtime knows, west to east, labelled «Самара (МСК+1, UTC+4)». */
export function russianTimezones(): TimezoneOption[] {
  if (cached) return cached;
  const known = new Set(Intl.supportedValuesOf('timeZone'));
  const now = new Date();
  cached = Object.entries(RUSSIAN_ZONES)
    .filter(([id]) => known.has(id))
    .map(([id, city]) => {
      const utcOffset = offsetHours(id, now);
      return { id, label: `${city} (МСК${signed(utcOffset - 3)}, UTC${signed(utcOffset)})`, utcOffset };
    })
    .sort((a, b) => a.utcOffset - b.utcOffset || a.label.localeCompare(b.label, 'ru'));
  return cached;
}

export function isRussianTimezone(id: string): boolean {
  return russianTimezones().some((z) => z.id === id);
}
