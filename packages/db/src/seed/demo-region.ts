import type { Kysely } from 'kysely';
import { hash } from '@node-rs/argon2';
import type { Database } from '../schema.ts';
import type { SeedOptions } from './index.ts';
import { DEMO_LOGINS, DEMO_PASSWORD } from './index.ts';

/*
 * FOUNDATION VERSION — to be replaced by the full generator (see the seed task): creates
 * the region, one municipality, one school and one user per demo role.
 */
export async function generateDemoRegion(owner: Kysely<Database>, _options: SeedOptions): Promise<void> {
  await owner.transaction().execute(async (tx) => {
    const region = await tx
      .insertInto('regions')
      .values({ name: 'Демонстрационная область', code: 'demo' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const m = await tx
      .insertInto('municipalities')
      .values({ region_id: region.id, name: 'Городской округ Светлогорск', oktmo: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const o = await tx
      .insertInto('organisations')
      .values({
        region_id: region.id,
        municipality_id: m.id,
        name: 'МБОУ «Средняя общеобразовательная школа № 1»',
        short_name: 'СОШ № 1',
        kind: 'school',
        inn: '3900000019',
        address: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const password_hash = await hash(DEMO_PASSWORD, {
      algorithm: 2,
      memoryCost: 19_456,
      timeCost: 2,
      parallelism: 1,
    });
    for (const login of DEMO_LOGINS) {
      await tx
        .insertInto('users')
        .values({
          region_id: region.id,
          email: login.email,
          full_name: login.roleTitle,
          role: login.role,
          municipality_id: login.role === 'region_admin' ? null : m.id,
          organisation_id: login.role === 'curator' || login.role === 'head' ? o.id : null,
          password_hash,
          status: 'active',
        })
        .execute();
    }
  });
}
