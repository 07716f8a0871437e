import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import type { Kysely } from 'kysely';
import type { Database } from '@nastavnik/db';
import type { JobQueue } from '@nastavnik/jobs';
import type { Config } from '@nastavnik/config';
import errors from './plugins/errors.ts';
import auth from './plugins/auth.ts';
import openapi from './plugins/openapi.ts';
import { registerModules } from './modules/index.ts';

export interface AppDeps {
  config: Config;
  db: Kysely<Database>;
  jobs: JobQueue;
  /** Reports whether Redis answers; undefined when the product runs without Redis. */
  redisPing?: () => Promise<boolean>;
  logger?: boolean | object;
  /** Sees every route as it is registered (the tenant-isolation tests collect the route list). */
  onRoute?: (route: RouteOptions) => void;
}

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Two validators: path and query strings are text, so they are coerced ("2" → 2); a JSON
 * body is not — `{"inn": 123}` is a wrong type the caller must hear about. Unknown fields
 * are an error, never silently dropped, so a typo in a field name is visible.
 */
function validatorCompiler() {
  const options = { removeAdditional: false, useDefaults: true, allErrors: true, strict: false } as const;
  const body = new Ajv({ ...options, coerceTypes: false });
  const text = new Ajv({ ...options, coerceTypes: 'array' });
  addFormats.default(body);
  addFormats.default(text);
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? body : text).compile(schema);
}

/** A hop count becomes a function: Fastify's types take booleans, lists and functions. */
function trustProxyOption(value: boolean | number | string) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: trustProxyOption(deps.config.trustProxy),
  }).withTypeProvider<TypeBoxTypeProvider>();

  if (deps.onRoute) app.addHook('onRoute', deps.onRoute);
  app.decorate('deps', deps);
  app.setValidatorCompiler(validatorCompiler());
  await app.register(errors);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: 20 * 1024 * 1024, files: 1 } });
  await app.register(openapi);
  await app.register(auth, {
    db: deps.db,
    jwtSecret: deps.config.jwtSecret,
    accessTokenTtlSeconds: deps.config.accessTokenTtlSeconds,
  });
  await registerModules(app);
  return app;
}
