import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';

const Status = Type.Union([Type.Literal('ok'), Type.Literal('down'), Type.Literal('not_configured')]);

export default async function healthRoutes(app: FastifyInstance) {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        operationId: 'health',
        tags: ['health'],
        response: {
          200: Type.Object({ status: Type.String(), database: Status, redis: Status, jobs: Type.String() }),
          503: Type.Object({ status: Type.String(), database: Status, redis: Status, jobs: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      const { db, redisPing, jobs } = app.deps;
      const database = await sql`SELECT 1`.execute(db).then(
        () => 'ok' as const,
        () => 'down' as const,
      );
      const redis = redisPing
        ? (await redisPing().catch(() => false))
          ? ('ok' as const)
          : ('down' as const)
        : ('not_configured' as const);
      const healthy = database === 'ok' && redis !== 'down';
      return reply
        .status(healthy ? 200 : 503)
        .send({ status: healthy ? 'ok' : 'degraded', database, redis, jobs: jobs.mode });
    },
  );
}
