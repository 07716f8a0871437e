import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import {
  APP_ROLE,
  ORGANISATION_TABLES,
  assertRoleIsConfined,
  withScope,
  type Database,
  type Scope,
  type Tx,
} from '@nastavnik/db';
import { createTestDatabase, type TestDatabase } from '@nastavnik/db/testing';
import { NATIONAL_CONSENT_VERSIONS } from '@nastavnik/domain';
import { insertFixtures, type Fixtures, type FixtureUser } from '../support/fixtures.ts';

/*
 * Row-level security at the SQL level, connected as the confined app role: the last line
 * of defence when application code forgets a filter. The table list comes from the
 * database itself, so a table added later without RLS fails here.
 */

let db: TestDatabase;
let fx: Fixtures;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixtures(db.owner);
});
afterAll(async () => {
  await db?.drop();
});

const ROLLBACK = new Error('rollback');

/** Runs fn in a scoped transaction that is always rolled back; returns the SQLSTATE or 'ok'. */
async function attempt(scope: Scope, fn: (tx: Tx) => Promise<unknown>): Promise<string> {
  try {
    await withScope(db.app, scope, async (tx) => {
      await fn(tx);
      throw ROLLBACK;
    });
  } catch (err) {
    if (err === ROLLBACK) return 'ok';
    return (err as { code?: string }).code ?? String(err);
  }
  return 'committed';
}

const scopeOf = (u: FixtureUser): Scope => ({
  regionId: u.regionId,
  municipalityId: u.municipalityId,
  organisationId: u.organisationId,
  userId: u.id,
  role: u.role,
});

async function count(conn: Kysely<Database> | Tx, table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(conn);
  return rows[0]!.n;
}

async function publicTables(): Promise<{ name: string; rls: boolean; forced: boolean }[]> {
  const { rows } = await sql<{ name: string; rls: boolean; forced: boolean }>`
    SELECT c.relname AS name, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname NOT LIKE 'kysely_migration%'
     ORDER BY c.relname`.execute(db.owner);
  return rows;
}

async function tablesWithColumn(column: string): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    SELECT table_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = ${column} AND table_name NOT LIKE 'kysely_migration%'
     ORDER BY table_name`.execute(db.owner);
  return rows.map((r) => r.table_name);
}

// National reference catalogues: their region_id NULL rows are readable without any scope.
const NATIONAL_CATALOGUES = new Set([
  'mentoring_forms',
  'role_models',
  'consent_text_versions',
  'mentee_requests',
]);

describe('the app role', () => {
  it('is neither superuser, BYPASSRLS nor owner of any table', async () => {
    const { rows } = await sql<{ who: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      SELECT current_user AS who, r.rolsuper, r.rolbypassrls,
             (SELECT count(*)::int FROM pg_class c WHERE c.relowner = r.oid) AS owned
        FROM pg_roles r WHERE r.rolname = current_user`.execute(db.app);
    expect(rows[0]).toEqual({ who: APP_ROLE, rolsuper: false, rolbypassrls: false, owned: 0 });
  });

  it('passes assertRoleIsConfined, and the owner connection does not', async () => {
    await expect(assertRoleIsConfined(db.app as unknown as Kysely<unknown>)).resolves.toBeUndefined();
    await expect(assertRoleIsConfined(db.owner as unknown as Kysely<unknown>)).rejects.toThrow(
      /Refusing to start/,
    );
  });

  it('cannot read the migration bookkeeping', async () => {
    expect(await attempt({}, (tx) => count(tx, 'kysely_migration'))).toBe('42501');
  });
});

describe('every table', () => {
  it('has row-level security enabled and forced', async () => {
    const tables = await publicTables();
    expect(tables.length).toBeGreaterThanOrEqual(19);
    const unprotected = tables.filter((t) => !t.rls || !t.forced).map((t) => t.name);
    expect(
      unprotected,
      `tables without ENABLE + FORCE ROW LEVEL SECURITY: ${unprotected.join(', ')}`,
    ).toEqual([]);
    for (const t of ORGANISATION_TABLES) expect(tables.map((x) => x.name)).toContain(t);
  });

  it('shows nothing to a transaction without scope (national catalogues: only national rows)', async () => {
    const named = [
      'users',
      'municipalities',
      'organisations',
      'enterprises',
      'audit_log',
      'mail_outbox',
      'refresh_tokens',
      'one_time_tokens',
      'territory_statistics',
      'kpi_targets',
      'regions',
      ...ORGANISATION_TABLES,
    ];
    // The fixtures put rows in every one of these: an empty answer means RLS hid them.
    for (const t of named) expect(await count(db.owner, t), `fixture rows in ${t}`).toBeGreaterThan(0);

    const leaks: string[] = [];
    for (const { name } of await publicTables()) {
      const where = NATIONAL_CATALOGUES.has(name) ? sql`region_id IS NOT NULL` : sql`true`;
      for (const scope of [null, {}] as const) {
        const visible = scope
          ? await withScope(db.app, scope, (tx) => count(tx, name, where))
          : await db.app.transaction().execute((tx) => count(tx, name, where));
        if (visible > 0)
          leaks.push(`${name} (${visible} rows, ${scope ? 'empty scope' : 'no scope at all'})`);
      }
    }
    expect(leaks).toEqual([]);
  });
});

describe('organisation scope (curator of A1-school)', () => {
  const curator = () => scopeOf(fx.users.aCurator);

  it('sees exactly its own rows of every organisation table', async () => {
    for (const t of ORGANISATION_TABLES) {
      const own = await count(db.owner, t, sql`organisation_id = ${fx.organisations.A1school.id}`);
      expect(own, `fixture rows of A1-school in ${t}`).toBeGreaterThan(0);
      const visible = await withScope(db.app, curator(), (tx) => count(tx, t));
      expect(visible, t).toBe(own);
    }
  });

  it('sees no other organisation in any table that has organisation_id', async () => {
    const tables = await tablesWithColumn('organisation_id');
    expect(tables).toEqual(expect.arrayContaining([...ORGANISATION_TABLES, 'users', 'audit_log']));
    for (const t of tables) {
      const foreign = await withScope(db.app, curator(), (tx) =>
        count(tx, t, sql`organisation_id IS NOT NULL AND organisation_id <> ${fx.organisations.A1school.id}`),
      );
      expect(foreign, t).toBe(0);
    }
  });

  it('cannot insert rows for A2-school into any organisation table (WITH CHECK, 42501)', async () => {
    const a2 = fx.tenantData.A2school;
    const a1 = fx.tenantData.A1school;
    const form = await db.owner.selectFrom('mentoring_forms').select('id').executeTakeFirstOrThrow();
    const rowFor = (org: string, data: typeof a1): Record<(typeof ORGANISATION_TABLES)[number], object> => ({
      persons: { organisation_id: org, category: 'student', last_name: 'Вставкин', first_name: 'Пётр' },
      consents: {
        organisation_id: org,
        person_id: data.personIds[0],
        given_by: 'self',
        given_at: '2025-01-10',
        version_id: NATIONAL_CONSENT_VERSIONS[1]!.id,
      },
      programmes: { organisation_id: org, school_year: 2025, title: 'Вставленная программа' },
      pairs: {
        organisation_id: org,
        programme_id: data.programmeId,
        form_id: form.id,
        start_date: '2025-01-10',
      },
      pair_members: {
        organisation_id: org,
        pair_id: data.pairId,
        person_id: data.personIds[0],
        role: 'mentee',
      },
      survey_responses: {
        organisation_id: org,
        person_id: data.personIds[0],
        role: 'mentor',
        submitted_at: new Date(),
        overall_score: 5,
      },
      stored_files: {
        organisation_id: org,
        purpose: 'consent_scan',
        file_name: 'x.pdf',
        mime: 'application/pdf',
        size: 1,
        bytes: Buffer.from('x'),
      },
      // A person has one questionnaire of a kind: the mentee kind is free in the fixtures.
      questionnaires: {
        organisation_id: org,
        person_id: data.personIds[1],
        kind: 'mentee',
        answers: '{}',
        filled_by: 'curator',
      },
      questionnaire_links: {
        organisation_id: org,
        person_id: data.personIds[0],
        kind: 'mentor',
        token_hash: `hash-${org}-${Math.random()}`,
        expires_at: new Date(Date.now() + 86_400_000),
      },
      person_imports: { organisation_id: org, base: 'mentors', file_name: 'x.xlsx', mode: 'dry_run' },
    });
    const other = rowFor(fx.organisations.A2school.id, a2);
    const own = rowFor(fx.organisations.A1school.id, a1);
    for (const t of ORGANISATION_TABLES) {
      const insert = (values: object) => async (tx: Tx) => {
        if (t === 'pair_members' && values === own.pair_members) {
          // A person is a member of a pair once: the control enrols a new person.
          const p = await tx
            .insertInto('persons')
            .values(own.persons as never)
            .returning('id')
            .executeTakeFirstOrThrow();
          // ...with a consent, without which nobody joins a pair.
          await tx
            .insertInto('consents')
            .values({ ...(own.consents as object), person_id: p.id } as never)
            .execute();
          values = { ...values, person_id: p.id };
        }
        await tx
          .insertInto(t)
          .values(values as never)
          .execute();
      };
      expect(await attempt(curator(), insert(other[t])), `insert into ${t} for A2-school`).toBe('42501');
      // The same row for the curator's own organisation goes in: the refusal above is RLS.
      expect(await attempt(curator(), insert(own[t])), `control: insert into ${t} for A1-school`).toBe('ok');
    }
  });

  it('cannot move its rows to another organisation, nor touch rows it cannot see', async () => {
    const a1Person = fx.tenantData.A1school.personIds[0]!;
    const a2Person = fx.tenantData.A2school.personIds[0]!;
    const move = (tx: Tx) =>
      tx
        .updateTable('persons')
        .set({ organisation_id: fx.organisations.A2school.id })
        .where('id', '=', a1Person)
        .execute();
    expect(await attempt(curator(), move)).toBe('42501');

    const touched = await withScope(db.app, curator(), async (tx) => {
      const u = await tx
        .updateTable('persons')
        .set({ last_name: 'Взломов' })
        .where('id', '=', a2Person)
        .executeTakeFirst();
      const d = await tx
        .deleteFrom('survey_responses')
        .where('organisation_id', '=', fx.organisations.A2school.id)
        .executeTakeFirst();
      return [Number(u.numUpdatedRows), Number(d.numDeletedRows)];
    });
    expect(touched).toEqual([0, 0]);
    const name = await db.owner
      .selectFrom('persons')
      .select('last_name')
      .where('id', '=', a2Person)
      .executeTakeFirstOrThrow();
    expect(name.last_name).toBe('Наставников-A2S');
  });

  it('updates only its own user row and cannot write the directory', async () => {
    const me = fx.users.aCurator;
    const updated = await withScope(db.app, curator(), async (tx) => {
      const others = [fx.users.aHead, fx.users.aRegionAdmin, fx.users.bCurator].map((u) => u.id);
      const r = await tx
        .updateTable('users')
        .set({ full_name: 'Захвачен' })
        .where('id', 'in', others)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    });
    expect(updated).toBe(0);
    const self = (tx: Tx) =>
      tx.updateTable('users').set({ full_name: 'Кураторова А.' }).where('id', '=', me.id).execute();
    expect(await attempt(curator(), self)).toBe('ok');
    // Its own row, but not its role, scope, status or e-mail: the trigger refuses.
    const promote = (tx: Tx) =>
      tx
        .updateTable('users')
        .set({ role: 'region_admin', organisation_id: null, municipality_id: null })
        .where('id', '=', me.id)
        .execute();
    expect(await attempt(curator(), promote)).toBe('42501');
    const moveRegion = (tx: Tx) =>
      tx.updateTable('users').set({ region_id: fx.regions.B.id }).where('id', '=', me.id).execute();
    expect(await attempt(curator(), moveRegion)).toBe('42501');
    const reEnable = (tx: Tx) =>
      tx.updateTable('users').set({ email: 'other@x.ru' }).where('id', '=', me.id).execute();
    expect(await attempt(curator(), reEnable)).toBe('42501');

    const newMunicipality = (tx: Tx) =>
      tx
        .insertInto('municipalities')
        .values({ region_id: me.regionId, name: 'Самозваный округ', oktmo: null })
        .execute();
    expect(await attempt(curator(), newMunicipality)).toBe('42501');
    const newOrganisation = (tx: Tx) =>
      tx
        .insertInto('organisations')
        .values({
          region_id: me.regionId,
          municipality_id: fx.municipalities.A1.id,
          name: 'Самозваная школа',
          kind: 'school',
          inn: '3900000999',
        })
        .execute();
    expect(await attempt(curator(), newOrganisation)).toBe('42501');
    const renamed = await withScope(db.app, curator(), async (tx) =>
      Number(
        (
          await tx
            .updateTable('organisations')
            .set({ name: 'Переименована' })
            .where('id', '=', me.organisationId!)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
    );
    expect(renamed).toBe(0);
  });
});

describe('region scope', () => {
  it('hides region B from region A staff in every table that has region_id', async () => {
    const tables = await tablesWithColumn('region_id');
    expect(tables.length).toBeGreaterThanOrEqual(10);
    for (const u of [fx.users.aRegionAdmin, fx.users.aMunicipalOfficer, fx.users.aCurator]) {
      for (const t of tables) {
        const foreign = await withScope(db.app, scopeOf(u), (tx) =>
          count(tx, t, sql`region_id = ${fx.regions.B.id}`),
        );
        expect(foreign, `${t} as ${u.email}`).toBe(0);
      }
    }
  });

  it('keeps personal data away from region and municipal staff', async () => {
    for (const u of [fx.users.aRegionAdmin, fx.users.aMunicipalOfficer]) {
      for (const t of ORGANISATION_TABLES) {
        expect(await withScope(db.app, scopeOf(u), (tx) => count(tx, t)), `${t} as ${u.role}`).toBe(0);
      }
    }
  });

  it('lets the region admin write only its own region', async () => {
    const admin = scopeOf(fx.users.aRegionAdmin);
    const own = (tx: Tx) =>
      tx
        .insertInto('municipalities')
        .values({ region_id: fx.regions.A.id, name: 'Новый округ Альфа', oktmo: null })
        .execute();
    const foreign = (tx: Tx) =>
      tx
        .insertInto('municipalities')
        .values({ region_id: fx.regions.B.id, name: 'Подброшенный округ', oktmo: null })
        .execute();
    expect(await attempt(admin, own)).toBe('ok');
    expect(await attempt(admin, foreign)).toBe('42501');
    const updatedB = await withScope(db.app, admin, async (tx) =>
      Number(
        (
          await tx
            .updateTable('users')
            .set({ full_name: 'Захвачен' })
            .where('region_id', '=', fx.regions.B.id)
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
    );
    expect(updatedB).toBe(0);
  });

  it('reaches a secret-bound token row only with the hash of that secret', async () => {
    const { hashSecret } = await import('@nastavnik/db');
    const visible = (scope: Scope) => withScope(db.app, scope, (tx) => count(tx, 'one_time_tokens'));
    expect(await visible({ authTokenHash: hashSecret(fx.links.aInvite) })).toBe(1);
    expect(await visible({ authTokenHash: hashSecret('made-up-token-made-up-token-made-up') })).toBe(0);
    // Links are not region data: even the region admin sees none it does not hold the secret of.
    expect(await visible(scopeOf(fx.users.aRegionAdmin))).toBe(0);
  });
});
