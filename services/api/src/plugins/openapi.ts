import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';

/** The OpenAPI document, generated from the route schemas; the web's client is typed from it. */
export default fp(async function openapiPlugin(app: FastifyInstance) {
  await app.register(swagger, {
    // Shared schemas keep their $id (Me, Municipality…) instead of def-0, def-1…
    refResolver: {
      buildLocalReference: (json, _base, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Наставник API',
        version: '0.1.0',
        description: 'API платформы целевой модели наставничества',
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
      security: [{ bearer: [] }],
    },
  });
  app.get('/api/docs', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
});
