import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { generateDemoRegion } from './demo-region.ts';

/** One login per role; printed at start and listed in the README. */
export const DEMO_PASSWORD = 'Nastavnik2025';
export const DEMO_LOGINS = [
  {
    role: 'region_admin',
    roleTitle: 'Региональный оператор',
    email: 'region@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'municipal_officer',
    roleTitle: 'Муниципальный координатор',
    email: 'municipality@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'curator',
    roleTitle: 'Куратор организации',
    email: 'curator@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
  {
    role: 'head',
    roleTitle: 'Руководитель организации',
    email: 'head@demo.nastavnik.ru',
    password: DEMO_PASSWORD,
  },
] as const;

export interface SeedOptions {
  personKeySecret: string;
  /** PRNG seed: the same seed gives the same region. */
  seed?: number;
  scale?: 'demo' | 'large';
  onProgress?: (message: string) => void;
}

/** Loads the demo region on first start (owner connection; RLS is not in the way). */
export async function loadDemoRegionIfEmpty(owner: Kysely<Database>, options: SeedOptions): Promise<boolean> {
  const existing = await owner.selectFrom('regions').select('id').limit(1).executeTakeFirst();
  if (existing) return false;
  await generateDemoRegion(owner, options);
  return true;
}

export { generateDemoRegion };
