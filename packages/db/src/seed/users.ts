import type { Insertable } from 'kysely';
import { hash } from '@node-rs/argon2';
import type { UserRole, UsersTable } from '../schema.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './logins.ts';
import { fullNameOf, randomName, transliterate } from './names.ts';
import type { DirectorySeed, OrganisationSeed } from './organisations.ts';
import { Random } from './random.ts';

/*
 * Accounts: the four demo logins (one per role) plus colleagues so that user lists look
 * like a working region: operators, municipal officers, curators and heads elsewhere, and
 * one invitation not yet accepted.
 */

/** argon2id with the parameters the API uses; hashed once, shared by every demo account. */
export function hashDemoPassword(): Promise<string> {
  return hash(DEMO_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
}

const PASSWORD_SET_AT = '2025-09-01T09:00:00+03:00';

export function planUsers(
  seed: number,
  directory: DirectorySeed,
  passwordHash: string,
): Insertable<UsersTable>[] {
  const rng = new Random(seed, 'users');
  const emails = new Set<string>(DEMO_LOGINS.map((l) => l.email));
  const showcase = directory.showcase;
  const users: Insertable<UsersTable>[] = [];

  const person = () => randomName(rng, rng.chance(0.75) ? 'female' : 'male', 'adult');
  const add = (
    role: UserRole,
    scope: { municipality?: string; organisation?: OrganisationSeed },
    options: { email?: string; invited?: boolean } = {},
  ) => {
    const name = person();
    let email = options.email;
    if (!email) {
      const local = `${transliterate(name.lastName)}.${transliterate(name.firstName)[0]}${transliterate(name.middleName)[0]}`;
      email = `${local}@demo.nastavnik.ru`;
      for (let n = 2; emails.has(email); n++) email = `${local}${n}@demo.nastavnik.ru`;
    }
    emails.add(email);
    users.push({
      id: rng.uuid(),
      region_id: directory.regionId,
      email,
      full_name: fullNameOf(name),
      role,
      municipality_id: scope.organisation?.municipality.id ?? scope.municipality ?? null,
      organisation_id: scope.organisation?.id ?? null,
      password_hash: options.invited ? null : passwordHash,
      status: options.invited ? 'invited' : 'active',
      password_changed_at: options.invited ? null : PASSWORD_SET_AT,
    });
  };

  // The demo logins: the officer of the municipality with the most organisations, and the
  // curator and head of its best-filled school (planDirectory picks it as the showcase).
  for (const login of DEMO_LOGINS) {
    const scope =
      login.role === 'region_admin'
        ? {}
        : login.role === 'municipal_officer'
          ? { municipality: showcase.municipality.id }
          : { organisation: showcase };
    add(login.role, scope, { email: login.email });
  }

  add('region_admin', {});
  for (const m of directory.municipalities.slice(1, 5)) add('municipal_officer', { municipality: m.id });
  const others = rng.shuffle(directory.organisations.filter((o) => o !== showcase)).slice(0, 9);
  for (const org of others.slice(0, 6)) add('curator', { organisation: org });
  for (const org of others.slice(6, 8)) add('head', { organisation: org });
  add('curator', { organisation: others[8]! }, { invited: true });
  return users;
}
