import type { UserRole } from '@nastavnik/db';
import type {
  FixtureMunicipality,
  FixtureOrganisation,
  FixtureUser,
  Fixtures,
  TenantData,
} from '../fixtures.ts';

/*
 * Who tries what in the isolation suite, what each of them may see, and the strings that
 * must never appear in any answer to them (ids, names, e-mails, INNs of other tenants).
 *
 * The tenant is the organisation. The directory of municipalities and partner enterprises is
 * readable by everybody inside the region (RLS "read" policy on those tables), so for those
 * the other tenant is region B; organisations are narrowed by role (municipal officer: the
 * municipality's organisations; curator and head: their own).
 */

export type ActorKey =
  | 'regionAdminA'
  | 'municipalOfficerA1'
  | 'curatorA1school'
  | 'headA1school'
  | 'curatorA2school'
  | 'anonymous';

export interface Actor {
  key: ActorKey;
  user: FixtureUser | null;
  role: UserRole | null;
  token: string | null;
}

export function actorsOf(fx: Fixtures, sign: (u: FixtureUser) => string): Actor[] {
  const u = fx.users;
  const staff: [ActorKey, FixtureUser][] = [
    ['regionAdminA', u.aRegionAdmin],
    ['municipalOfficerA1', u.aMunicipalOfficer],
    ['curatorA1school', u.aCurator],
    ['headA1school', u.aHead],
    ['curatorA2school', u.a2Curator],
  ];
  return [
    ...staff.map(([key, user]) => ({ key, user, role: user.role, token: sign(user) })),
    { key: 'anonymous' as const, user: null, role: null, token: null },
  ];
}

const allOrganisations = (fx: Fixtures) => Object.values(fx.organisations);
const allMunicipalities = (fx: Fixtures) => Object.values(fx.municipalities);

/** Organisations whose directory record the actor may read. */
export function visibleOrganisations(a: Actor, fx: Fixtures): FixtureOrganisation[] {
  const u = a.user;
  if (!u) return [];
  const region = allOrganisations(fx).filter((o) => o.regionId === u.regionId);
  if (u.role === 'region_admin') return region;
  if (u.role === 'municipal_officer') return region.filter((o) => o.municipalityId === u.municipalityId);
  return region.filter((o) => o.id === u.organisationId);
}

export function otherOrganisations(a: Actor, fx: Fixtures): FixtureOrganisation[] {
  const visible = new Set(visibleOrganisations(a, fx).map((o) => o.id));
  return allOrganisations(fx).filter((o) => !visible.has(o.id));
}

/** Municipalities outside the actor's region (the directory is region-wide). */
export function otherMunicipalities(a: Actor, fx: Fixtures): FixtureMunicipality[] {
  return allMunicipalities(fx).filter((m) => m.regionId !== a.user?.regionId);
}

/** Municipalities whose organisations the actor may not list. */
export function municipalitiesWithoutVisibleOrganisations(a: Actor, fx: Fixtures): FixtureMunicipality[] {
  const mine = new Set(visibleOrganisations(a, fx).map((o) => o.municipalityId));
  const own =
    a.user?.role === 'region_admin'
      ? new Set(
          allMunicipalities(fx)
            .filter((m) => m.regionId === a.user!.regionId)
            .map((m) => m.id),
        )
      : mine;
  return allMunicipalities(fx).filter((m) => !own.has(m.id));
}

export function otherUsers(a: Actor, fx: Fixtures): FixtureUser[] {
  return Object.values(fx.users).filter((u) => u.regionId !== a.user?.regionId);
}

function tenantStrings(td: TenantData): string[] {
  return [
    td.organisationId,
    ...td.personIds,
    ...td.personStrings,
    ...td.consentIds,
    td.programmeId,
    td.programmeTitle,
    td.pairId,
    ...td.pairMemberIds,
    td.surveyResponseId,
  ].filter((s) => s !== td.organisationId);
}

/** Everything that must never reach this actor, with a label saying what it is. */
export function foreignMarkers(a: Actor, fx: Fixtures): Map<string, string> {
  const markers = new Map<string, string>();
  const add = (what: string, ...values: string[]) => values.forEach((v) => markers.set(v, what));
  const u = a.user;
  const regionId = u?.regionId;

  for (const r of Object.values(fx.regions)) if (r.id !== regionId) add(`region ${r.code}`, r.id, r.name);
  for (const m of otherMunicipalities(a, fx)) add(`municipality ${m.name}`, m.id, m.name);
  for (const o of otherOrganisations(a, fx))
    add(`organisation ${o.shortName}`, o.id, o.name, o.shortName, o.inn);
  for (const e of Object.values(fx.enterprises)) {
    if (e.regionId !== regionId) add(`enterprise ${e.name}`, e.id, e.name, e.inn);
  }
  // Personal data: only the organisation's own staff, never region or municipal staff.
  for (const [key, td] of Object.entries(fx.tenantData)) {
    if (td.organisationId !== u?.organisationId) add(`personal data of ${key}`, ...tenantStrings(td));
  }
  // Other people's accounts: the region admin manages its own region's users, nobody else's.
  for (const other of Object.values(fx.users)) {
    if (other.id === u?.id) continue;
    if (u?.role === 'region_admin' && other.regionId === regionId) continue;
    add(`user ${other.email}`, other.id, other.email, other.fullName);
  }
  for (const [code, subject] of Object.entries(fx.mailSubjects)) {
    const own = u?.role === 'region_admin' && fx.regions[code as 'A' | 'B'].id === regionId;
    if (!own) add(`letter of region ${code}`, subject);
  }
  return markers;
}
