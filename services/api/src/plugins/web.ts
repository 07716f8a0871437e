import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Serves the built SvelteKit app (adapter-static, SPA fallback) from the API process, so
 * the product is one URL in the embedded default. In production a reverse proxy serves the
 * same files and forwards /api.
 */
export async function serveWeb(app: FastifyInstance, buildDir: string): Promise<void> {
  const index = join(buildDir, 'index.html');
  if (!existsSync(index))
    throw new Error(`The web app is not built: ${index} is missing (run npm run build)`);
  app.spaIndex = readFileSync(index, 'utf8');
  await app.register(fastifyStatic, {
    root: buildDir,
    wildcard: false,
    index: false,
    // Hashed assets never change; everything else is revalidated.
    setHeaders(res, path) {
      res.header(
        'cache-control',
        path.includes('/_app/immutable/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(app.spaIndex),
  );
}
