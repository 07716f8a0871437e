import type { OrganisationKind } from '../schema.ts';
import {
  ADDITIONAL_NAMES,
  COLLEGE_PROFILES,
  KINDERGARTEN_NAMES,
  STREETS,
  VILLAGES,
  type Territory,
} from './directory-data.ts';
import type { Random } from './random.ts';

/*
 * Names and addresses of a municipality's organisations, written the way organisations
 * write them: «МБОУ «Средняя общеобразовательная школа № 3»», «МКОУ «Михайловская средняя
 * общеобразовательная школа»» in a village, «МБДОУ «Детский сад № 12 «Солнышко»»»...
 */

function acronym(words: string): string {
  return words
    .split(/\s+/)
    .filter((w) => w.length > 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

export interface Named {
  kind: OrganisationKind;
  name: string;
  shortName: string;
  address: string;
  weight: number;
}

/** Names and addresses of one municipality's organisations, in the order they are listed. */
export function nameOrganisations(
  rng: Random,
  t: Territory,
  counts: Record<OrganisationKind, number>,
): Named[] {
  const city = t.kind === 'city';
  const placeOf = (village?: string) => (village ? `с. ${village}` : city ? `г. ${t.town}` : `с. ${t.town}`);
  const address = (village?: string) => `${placeOf(village)}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}`;
  const out: Named[] = [];
  const villages = rng.shuffle([...VILLAGES]);

  let number = 0;
  const urbanSchools = city
    ? counts.school
    : Math.min(counts.school, Math.max(1, Math.round(counts.school / 3)));
  for (let i = 0; i < counts.school; i++) {
    const village = i >= urbanSchools ? villages[(i - urbanSchools) % villages.length] : undefined;
    if (village) {
      const basic = rng.chance(0.3);
      const [v, adj] = village;
      const type = basic ? 'основная' : 'средняя';
      const suffix =
        i - urbanSchools >= villages.length
          ? ` № ${Math.floor((i - urbanSchools) / villages.length) + 1}`
          : '';
      out.push({
        kind: 'school',
        name: `МКОУ «${adj} ${type} общеобразовательная школа${suffix}»`,
        shortName: `${adj} ${basic ? 'ООШ' : 'СОШ'}${suffix}`,
        address: address(v),
        weight: 0.75,
      });
      continue;
    }
    number++;
    const variant =
      city && i < 2
        ? i === 0
          ? 'lyceum'
          : 'gymnasium'
        : rng.weighted([
            ['sosh', 8],
            ['deep', 1.5],
            ['oosh', 1],
          ] as const);
    const [name, shortName, weight] =
      variant === 'lyceum'
        ? [`МАОУ «Лицей № ${number}»`, `Лицей № ${number}`, 1.35]
        : variant === 'gymnasium'
          ? [`МАОУ «Гимназия № ${number}»`, `Гимназия № ${number}`, 1.35]
          : variant === 'deep'
            ? [
                `МБОУ «Средняя общеобразовательная школа № ${number} с углублённым изучением отдельных предметов»`,
                `СОШ № ${number}`,
                1.3,
              ]
            : variant === 'oosh'
              ? [`МБОУ «Основная общеобразовательная школа № ${number}»`, `ООШ № ${number}`, 0.9]
              : [`МБОУ «Средняя общеобразовательная школа № ${number}»`, `СОШ № ${number}`, 1.25];
    out.push({ kind: 'school', name, shortName, address: address(), weight });
  }

  const gardens = rng.shuffle([...KINDERGARTEN_NAMES]);
  for (let i = 0; i < counts.kindergarten; i++) {
    const title = gardens[i % gardens.length]!;
    const n = i + 1;
    const variant = rng.weighted([
      ['plain', 6],
      ['combined', 2],
      ['centre', 1],
    ] as const);
    const name =
      variant === 'combined'
        ? `МАДОУ «Детский сад комбинированного вида № ${n} «${title}»»`
        : variant === 'centre'
          ? `МБДОУ «Центр развития ребёнка — детский сад № ${n} «${title}»»`
          : `МБДОУ «Детский сад № ${n} «${title}»»`;
    out.push({
      kind: 'kindergarten',
      name,
      shortName: `Детский сад № ${n} «${title}»`,
      address: address(),
      weight: 0.45,
    });
  }

  const profiles = rng.shuffle([...COLLEGE_PROFILES]);
  for (let i = 0; i < counts.college; i++) {
    const title = `${t.adjective} ${profiles[i % profiles.length]}${i >= profiles.length ? ` № ${Math.floor(i / profiles.length) + 1}` : ''}`;
    const form = rng.chance(0.75) ? 'ГБПОУ' : 'ГАПОУ';
    out.push({
      kind: 'college',
      name: `${form} «${title}»`,
      shortName: acronym(title),
      address: address(),
      weight: 1.55,
    });
  }

  for (let i = 0; i < counts.additional; i++) {
    const title =
      i < ADDITIONAL_NAMES.length
        ? ADDITIONAL_NAMES[i]!
        : `Дом детского творчества № ${i - ADDITIONAL_NAMES.length + 2}`;
    const form = rng.chance(0.8) ? 'МБУ ДО' : 'МАУ ДО';
    out.push({
      kind: 'additional',
      name: `${form} «${title}»`,
      shortName: title,
      address: address(),
      weight: 0.7,
    });
  }
  return out;
}

export function kindCounts(n: number, city: boolean): Record<OrganisationKind, number> {
  const college = Math.round(n * (city ? 0.1 : 0.06));
  const additional = Math.max(1, Math.round(n * 0.16));
  const kindergarten = Math.max(1, Math.round(n * 0.3));
  return { college, additional, kindergarten, school: Math.max(1, n - college - additional - kindergarten) };
}
