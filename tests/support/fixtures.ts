import { hash } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { Database, UserRole } from '@nastavnik/db';
import {
  enterprise,
  inviteLink,
  municipality,
  organisation,
  region,
  regionRows,
  tenantData,
  user,
} from './fixture-rows.ts';

/*
 * Two regions of test data, inserted with the owner connection (RLS is not in the way).
 * Region A: municipalities A1 and A2; organisations A1-school, A1-kindergarten, A2-school.
 * Region B: municipality B1 with B1-school. Every organisation holding personal data has
 * persons, consents, a programme, a pair with members and a survey response, so RLS and the
 * isolation suites have something to hide. Names are deterministic and unique, so a test can
 * search any response for another tenant's names as well as its ids.
 */

export const FIXTURE_PASSWORD = 'Fixture-Pass-2025';

export interface FixtureRegion {
  id: string;
  name: string;
  code: string;
}
export interface FixtureMunicipality {
  id: string;
  regionId: string;
  name: string;
}
export interface FixtureOrganisation {
  id: string;
  regionId: string;
  municipalityId: string;
  name: string;
  shortName: string;
  inn: string;
}
export interface FixtureEnterprise {
  id: string;
  regionId: string;
  municipalityId: string;
  name: string;
  inn: string;
}
export interface FixtureUser {
  id: string;
  regionId: string;
  municipalityId: string | null;
  organisationId: string | null;
  role: UserRole;
  email: string;
  fullName: string;
  status: 'invited' | 'active' | 'disabled';
}
/** One organisation's personal data (what RLS must hide from everybody else). */
export interface TenantData {
  organisationId: string;
  personIds: string[];
  /** Every distinctive string of the persons: surnames, e-mails, SNILS. */
  personStrings: string[];
  consentIds: string[];
  programmeId: string;
  programmeTitle: string;
  pairId: string;
  pairMemberIds: string[];
  surveyResponseId: string;
  /** A consent scan of the first person. */
  fileId: string;
  questionnaireId: string;
  questionnaireLinkId: string;
  /** Raw token of the mentee's questionnaire link (the database keeps only its hash). */
  questionnaireToken: string;
  personImportId: string;
}

export interface Fixtures {
  password: string;
  regions: { A: FixtureRegion; B: FixtureRegion };
  municipalities: { A1: FixtureMunicipality; A2: FixtureMunicipality; B1: FixtureMunicipality };
  organisations: {
    A1school: FixtureOrganisation;
    A1kindergarten: FixtureOrganisation;
    A2school: FixtureOrganisation;
    B1school: FixtureOrganisation;
  };
  enterprises: { A: FixtureEnterprise; B: FixtureEnterprise };
  users: {
    aRegionAdmin: FixtureUser;
    aMunicipalOfficer: FixtureUser;
    aCurator: FixtureUser;
    aHead: FixtureUser;
    a2Curator: FixtureUser;
    aDisabled: FixtureUser;
    aInvited: FixtureUser;
    bRegionAdmin: FixtureUser;
    bMunicipalOfficer: FixtureUser;
    bCurator: FixtureUser;
    bHead: FixtureUser;
    bInvited: FixtureUser;
  };
  tenantData: { A1school: TenantData; A2school: TenantData; B1school: TenantData };
  /** Raw one-time link tokens (the database keeps only their hashes). */
  links: { aInvite: string; bInvite: string };
  /** Subjects of the outbox letters inserted for each region. */
  mailSubjects: { A: string; B: string };
}

let passwordHash: Promise<string> | undefined;
/** argon2id costs ~50 ms: hashed once per test file. */
export function fixturePasswordHash(): Promise<string> {
  passwordHash ??= hash(FIXTURE_PASSWORD, { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  return passwordHash;
}

type UserKey = keyof Fixtures['users'];
type MunicipalityKey = keyof Fixtures['municipalities'];
type OrganisationKey = keyof Fixtures['organisations'];

/** Every fixture user: key, region, role, e-mail, full name, municipality, organisation, status. */
const STAFF: [
  UserKey,
  'A' | 'B',
  UserRole,
  string,
  string,
  MunicipalityKey?,
  OrganisationKey?,
  FixtureUser['status']?,
][] = [
  ['aRegionAdmin', 'A', 'region_admin', 'admin-a@fixture.test', 'Админов Альфа Регионович'],
  ['aMunicipalOfficer', 'A', 'municipal_officer', 'mun-a1@fixture.test', 'Муниципалов Альфа', 'A1'],
  ['aCurator', 'A', 'curator', 'curator-a1s@fixture.test', 'Кураторова Альфа Первая', 'A1', 'A1school'],
  ['aHead', 'A', 'head', 'head-a1s@fixture.test', 'Директоров Альфа Первый', 'A1', 'A1school'],
  ['a2Curator', 'A', 'curator', 'curator-a2s@fixture.test', 'Кураторов Альфа Второй', 'A2', 'A2school'],
  ['aDisabled', 'A', 'curator', 'disabled-a@fixture.test', 'Отключённый Альфа', 'A1', 'A1school', 'disabled'],
  [
    'aInvited',
    'A',
    'curator',
    'invited-a@fixture.test',
    'Приглашённая Альфа',
    'A1',
    'A1kindergarten',
    'invited',
  ],
  ['bRegionAdmin', 'B', 'region_admin', 'admin-b@fixture.test', 'Админов Бета Регионович'],
  ['bMunicipalOfficer', 'B', 'municipal_officer', 'mun-b1@fixture.test', 'Муниципалов Бета', 'B1'],
  ['bCurator', 'B', 'curator', 'curator-b1s@fixture.test', 'Кураторова Бета', 'B1', 'B1school'],
  ['bHead', 'B', 'head', 'head-b1s@fixture.test', 'Директоров Бета', 'B1', 'B1school'],
  ['bInvited', 'B', 'curator', 'invited-b@fixture.test', 'Приглашённый Бета', 'B1', 'B1school', 'invited'],
];

export async function insertFixtures(owner: Kysely<Database>): Promise<Fixtures> {
  const pw = await fixturePasswordHash();
  return owner.transaction().execute(async (tx) => {
    const form = await tx
      .selectFrom('mentoring_forms')
      .select('id')
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const regions = {
      A: await region(tx, 'test-a', 'Тестовая область Альфа'),
      B: await region(tx, 'test-b', 'Тестовая область Бета'),
    };
    const municipalities = {
      A1: await municipality(tx, regions.A.id, 'Округ Альфа-Первый'),
      A2: await municipality(tx, regions.A.id, 'Округ Альфа-Второй'),
      B1: await municipality(tx, regions.B.id, 'Округ Бета-Первый'),
    };
    const m = municipalities;
    const organisations = {
      A1school: await organisation(tx, m.A1, 'МБОУ Школа Альфа-Первая', 'Школа А1', '390000001'),
      A1kindergarten: await organisation(
        tx,
        m.A1,
        'МБДОУ Детский сад Альфа-Ромашка',
        'Сад А1',
        '390000002',
        'kindergarten',
      ),
      A2school: await organisation(tx, m.A2, 'МБОУ Школа Альфа-Вторая', 'Школа А2', '390000003'),
      B1school: await organisation(tx, m.B1, 'МБОУ Школа Бета-Единственная', 'Школа Б1', '470000001'),
    };
    const enterprises = {
      A: await enterprise(tx, m.A1, 'ООО Завод Альфа-Сталь', '390000009'),
      B: await enterprise(tx, m.B1, 'ООО Фабрика Бета-Текстиль', '470000009'),
    };
    const users = {} as Fixtures['users'];
    for (const [key, r, role, email, fullName, mKey, oKey, status = 'active'] of STAFF) {
      const values = {
        regionId: regions[r].id,
        municipalityId: mKey ? municipalities[mKey].id : null,
        organisationId: oKey ? organisations[oKey].id : null,
        role,
        email,
        fullName,
        status,
      };
      users[key] = await user(tx, values, status === 'invited' ? null : pw);
    }
    const tenant = {
      A1school: await tenantData(tx, organisations.A1school, 'A1S', form.id),
      A2school: await tenantData(tx, organisations.A2school, 'A2S', form.id),
      B1school: await tenantData(tx, organisations.B1school, 'B1S', form.id),
    };
    const mailSubjects = {
      A: await regionRows(tx, regions.A, m.A1, users.aRegionAdmin),
      B: await regionRows(tx, regions.B, m.B1, users.bRegionAdmin),
    };
    // Audit entries of each organisation (region-level ones come from regionRows).
    for (const [o, who] of [
      [organisations.A1school, users.aCurator],
      [organisations.A2school, users.a2Curator],
      [organisations.B1school, users.bCurator],
    ] as const) {
      await tx
        .insertInto('audit_log')
        .values({ region_id: o.regionId, organisation_id: o.id, user_id: who.id, action: 'fixture.org' })
        .execute();
    }
    return {
      password: FIXTURE_PASSWORD,
      regions,
      municipalities,
      organisations,
      enterprises,
      users,
      tenantData: tenant,
      links: { aInvite: await inviteLink(tx, users.aInvited), bInvite: await inviteLink(tx, users.bInvited) },
      mailSubjects,
    };
  });
}
