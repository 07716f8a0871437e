import { completeInn } from '@nastavnik/domain';
import type { OrganisationKind } from '../schema.ts';
import { ENTERPRISE_PATTERNS, territories, type Territory } from './directory-data.ts';
import { kindCounts, nameOrganisations } from './organisation-names.ts';
import { Random } from './random.ts';
import type { ScalePlan } from './plan.ts';

/*
 * The regional directory: municipalities, organisations of every kind with the names
 * organisations really use, partner enterprises, valid INNs. Everything here is planned
 * before any person exists, so organisations can later be generated one by one.
 */

export interface MunicipalitySeed {
  index: number;
  id: string;
  name: string;
  oktmo: string;
  territory: Territory;
  /** Lags behind the targets: its statistics make its shares low. */
  behind: boolean;
}

export interface OrganisationSeed {
  index: number;
  id: string;
  municipality: MunicipalitySeed;
  kind: OrganisationKind;
  name: string;
  shortName: string;
  inn: string;
  address: string;
  /** Persons generated for it, the people it shares with another organisation excluded. */
  personCount: number;
  /** The first school year it ran a mentoring programme. */
  startYear: number;
}

export interface EnterpriseSeed {
  index: number;
  id: string;
  name: string;
  inn: string;
  municipalityIndex: number | null;
  /** The school year its employees began to mentor: partnerships grew over the years. */
  partnerSince: number;
}

export interface DirectorySeed {
  regionId: string;
  regionName: string;
  municipalities: MunicipalitySeed[];
  organisations: OrganisationSeed[];
  enterprises: EnterpriseSeed[];
  /** The well-filled school of the largest municipality: the demo curator's and head's. */
  showcase: OrganisationSeed;
}

const REGION_TAX_CODE = '99';

class InnIssuer {
  #used = new Set<string>();
  constructor(private readonly rng: Random) {}

  /** A valid 10-digit INN of a legal entity registered by the municipality's tax office. */
  issue(taxOffice: number): string {
    for (;;) {
      const stem = `${REGION_TAX_CODE}${String(taxOffice % 100).padStart(2, '0')}${String(this.rng.int(0, 99_999)).padStart(5, '0')}`;
      const inn = completeInn(stem);
      if (!this.#used.has(inn)) {
        this.#used.add(inn);
        return inn;
      }
    }
  }
}

/** Splits `total` by weights into integers that add up to it (largest remainder). */
export function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((s, w) => s + w, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = exact
    .map((x, i) => [x - Math.floor(x), i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i]!++;
  }
  return counts;
}

export function planDirectory(seed: number, plan: ScalePlan): DirectorySeed {
  const rng = new Random(seed, 'directory');
  const inns = new InnIssuer(rng);
  const regionId = rng.uuid();

  const lands = territories(plan.municipalities);
  const behindCount = Math.max(1, Math.round(plan.municipalities * 0.15));
  const behind = new Set(rng.shuffle(lands.map((_, i) => i).slice(4)).slice(0, behindCount));
  const municipalities: MunicipalitySeed[] = lands.map((territory, index) => ({
    index,
    id: rng.uuid(),
    name: territory.name,
    oktmo: `${REGION_TAX_CODE}${territory.kind === 'city' ? 700 + index : 600 + index}000`,
    territory,
    behind: behind.has(index),
  }));

  // The regional centre is the largest municipality; other towns are larger than districts.
  const sizes = apportion(
    plan.organisations,
    lands.map((t, i) => (i === 0 ? 3 : t.kind === 'city' ? 1.6 : 1)),
  );
  const named = municipalities.flatMap((m, i) =>
    nameOrganisations(rng, m.territory, kindCounts(sizes[i]!, m.territory.kind === 'city')).map((n) => ({
      ...n,
      m,
    })),
  );
  const personCounts = apportion(
    plan.persons - 2 * plan.sharedIdentities,
    named.map((n) => n.weight * rng.around(1, 0.15, 0.6, 1.4)),
  );
  const organisations: OrganisationSeed[] = named.map((n, index) => ({
    index,
    id: rng.uuid(),
    municipality: n.m,
    kind: n.kind,
    name: n.name,
    shortName: n.shortName,
    inn: inns.issue(10 + n.m.index),
    address: n.address,
    personCount: personCounts[index]!,
    startYear: rng.weighted([
      [2020, 60],
      [2021, 20],
      [2022, 12],
      [2023, 8],
    ] as const),
  }));

  const showcase = organisations
    .filter((o) => o.municipality.index === 0 && o.kind === 'school')
    .reduce((best, o) => (o.personCount > best.personCount ? o : best));
  showcase.startYear = 2020;

  return {
    regionId,
    regionName: 'Демонстрационная область',
    municipalities,
    organisations,
    enterprises: planEnterprises(rng, inns, plan.enterprises, municipalities),
    showcase,
  };
}

const NAME_SUFFIXES = ['Плюс', 'Регион', 'Сервис', 'Групп', 'Центр'];

function planEnterprises(
  rng: Random,
  inns: InnIssuer,
  count: number,
  municipalities: MunicipalitySeed[],
): EnterpriseSeed[] {
  const used = new Set<string>();
  const out: EnterpriseSeed[] = [];
  for (let index = 0; index < count; index++) {
    const [form, pattern] = ENTERPRISE_PATTERNS[index % ENTERPRISE_PATTERNS.length]!;
    // Most partners work in one municipality; regional companies have none.
    const local = pattern.includes('{town}') || rng.chance(0.6);
    const m = local
      ? municipalities[index < municipalities.length ? index : rng.int(0, municipalities.length - 1)]!
      : undefined;
    let inner = pattern.replace('{town}', (m ?? municipalities[0]!).territory.adjective);
    for (let k = 0; used.has(inner); k++) {
      const base = pattern.replace('{town}', (m ?? municipalities[0]!).territory.adjective);
      inner = `${base} ${NAME_SUFFIXES[k % NAME_SUFFIXES.length]}${k >= NAME_SUFFIXES.length ? `-${Math.floor(k / NAME_SUFFIXES.length) + 1}` : ''}`;
    }
    used.add(inner);
    out.push({
      index,
      id: rng.uuid(),
      name: `${form} «${inner}»`,
      inn: inns.issue(10 + (m?.index ?? 0)),
      municipalityIndex: m?.index ?? null,
      partnerSince: rng.weighted([
        [2020, 25],
        [2021, 30],
        [2022, 20],
        [2023, 12],
        [2024, 8],
        [2025, 5],
      ] as const),
    });
  }
  return out;
}
