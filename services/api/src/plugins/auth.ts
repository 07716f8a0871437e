import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import fastifyJwt from '@fastify/jwt';
import type { Kysely } from 'kysely';
import { withScope, type Database, type Scope, type Tx, type UserRole } from '@nastavnik/db';
import { forbidden, unauthorized } from '../lib/errors.ts';

/** What a verified access token says about its bearer. */
export interface Principal {
  userId: string;
  regionId: string;
  municipalityId: string | null;
  organisationId: string | null;
  role: UserRole;
}

interface AccessClaims {
  sub: string;
  rid: string;
  mid: string | null;
  oid: string | null;
  role: UserRole;
}

/**
 * Route access is declared in `config`: `public: true` for the few routes that need no
 * login, otherwise `roles` (default: any signed-in role). A route that declares nothing is
 * closed to anonymous callers, so forgetting is safe.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    public?: boolean;
    roles?: UserRole[];
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** Runs fn in a transaction scoped to the caller (RLS settings local to it). */
    scoped<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
    /** Same, with extra scope settings (e.g. an auth lookup before login). */
    withScope<T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T>;
  }
  interface FastifyInstance {
    signAccessToken(principal: Principal): string;
  }
}

export function scopeOf(p: Principal): Scope {
  return {
    regionId: p.regionId,
    municipalityId: p.municipalityId,
    organisationId: p.organisationId,
    userId: p.userId,
    role: p.role,
  };
}

export interface AuthOptions {
  db: Kysely<Database>;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
}

export default fp(async function authPlugin(app: FastifyInstance, opts: AuthOptions) {
  await app.register(fastifyJwt, {
    secret: opts.jwtSecret,
    // The algorithm is pinned both ways: a token signed with anything else (or "none") fails.
    sign: { algorithm: 'HS256', expiresIn: opts.accessTokenTtlSeconds },
    verify: { algorithms: ['HS256'] },
  });

  app.decorate('signAccessToken', (p: Principal) =>
    app.jwt.sign({
      sub: p.userId,
      rid: p.regionId,
      mid: p.municipalityId,
      oid: p.organisationId,
      role: p.role,
    }),
  );

  app.decorateRequest('principal', null);
  app.decorateRequest('scoped', function <T>(this: FastifyRequest, fn: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.principal) throw unauthorized();
    return withScope(opts.db, scopeOf(this.principal), fn);
  });
  app.decorateRequest('withScope', function <T>(scope: Scope, fn: (tx: Tx) => Promise<T>): Promise<T> {
    return withScope(opts.db, scope, fn);
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    if (!request.routeOptions.url?.startsWith('/api/') || config.public) return;
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) throw unauthorized();
    let claims: AccessClaims;
    try {
      claims = await request.jwtVerify<AccessClaims>();
    } catch {
      throw unauthorized('Сеанс истёк или недействителен, войдите снова');
    }
    request.principal = {
      userId: claims.sub,
      regionId: claims.rid,
      municipalityId: claims.mid,
      organisationId: claims.oid,
      role: claims.role,
    };
    if (config.roles && !config.roles.includes(claims.role)) throw forbidden();
  });
});
