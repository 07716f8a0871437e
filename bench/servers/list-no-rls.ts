import Fastify from 'fastify';
import fastifyJwt from '@fastify/jwt';
import type { Kysely } from 'kysely';
import { connectPostgres, type Database, type Tx } from '@nastavnik/db';
import { listOrganisations } from '../../services/api/src/modules/directory/directory.service.ts';
import type { Principal } from '../../services/api/src/plugins/auth.ts';

/*
 * The directory list exactly as the API runs it — same JWT verification, same query and
 * serialisation — but without the RLS transaction: no BEGIN / set_config / COMMIT, run as
 * the owner (RLS not applied). The difference to the real route is what RLS costs.
 */
const db: Kysely<Database> = connectPostgres<Database>(process.env.DATABASE_URL!, { max: 10 });
const app = Fastify({ logger: false });
await app.register(fastifyJwt, { secret: process.env.JWT_SECRET!, verify: { algorithms: ['HS256'] } });
app.get('/api/organisations', async (request) => {
  const c = await request.jwtVerify<{
    sub: string;
    rid: string;
    mid: string | null;
    oid: string | null;
    role: Principal['role'];
  }>();
  const principal: Principal = {
    userId: c.sub,
    regionId: c.rid,
    municipalityId: c.mid,
    organisationId: c.oid,
    role: c.role,
  };
  const q = request.query as { pageSize?: string };
  return listOrganisations(db as unknown as Tx, principal, { pageSize: Number(q.pageSize ?? 25) });
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('ready');
