import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Configuration from the environment (README lists every variable). In the embedded
 * default the secrets are generated once and kept under DATA_DIR, so restarts keep users
 * logged in and person keys stable.
 */
export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  dataDir: string;
  /** Owner connection for migrations; undefined = embedded PGlite. */
  databaseUrl: string | undefined;
  /** The confined app role's connection; derived from databaseUrl when absent. */
  databaseAppUrl: string | undefined;
  databaseAppPassword: string | undefined;
  redisUrl: string | undefined;
  redisPrefix: string;
  jwtSecret: string;
  personKeySecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  loginRateLimitPerMinute: number;
  /** Fastify's trustProxy: which hops may set X-Forwarded-For (client IP for rate limits and audit). */
  trustProxy: boolean | number | string;
  smtp: SmtpConfig | undefined;
  mailFrom: string;
  logLevel: string;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: string | undefined;
  /** Verify the server's certificate (set SMTP_TLS_REJECT_UNAUTHORIZED=false only for a self-signed relay). */
  rejectUnauthorized: boolean;
}

type Env = Record<string, string | undefined>;

function loadOrCreateSecrets(dataDir: string): { jwtSecret: string; personKeySecret: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = {
    jwtSecret: randomBytes(48).toString('base64url'),
    personKeySecret: randomBytes(48).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function int(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const dataDir = resolve(env.DATA_DIR ?? './data');
  const needsGenerated = !env.JWT_SECRET || !env.PERSON_KEY_SECRET;
  if (needsGenerated && env.NODE_ENV === 'production') {
    throw new Error('JWT_SECRET and PERSON_KEY_SECRET must be set in production');
  }
  const generated = needsGenerated ? loadOrCreateSecrets(dataDir) : undefined;
  const port = int(env, 'PORT', 3000);
  const accessTokenTtlSeconds = int(env, 'ACCESS_TOKEN_TTL_SECONDS', 600);
  if (accessTokenTtlSeconds < 30 || accessTokenTtlSeconds > 900) {
    throw new Error(
      'ACCESS_TOKEN_TTL_SECONDS must be between 30 and 900 (access tokens live at most 15 minutes)',
    );
  }
  const smtpHost = env.SMTP_HOST;
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    databaseAppPassword: env.DATABASE_APP_PASSWORD || undefined,
    redisUrl: env.REDIS_URL || undefined,
    redisPrefix: env.REDIS_PREFIX ?? 'nastavnik',
    jwtSecret: env.JWT_SECRET ?? generated!.jwtSecret,
    personKeySecret: env.PERSON_KEY_SECRET ?? generated!.personKeySecret,
    accessTokenTtlSeconds,
    refreshTokenTtlDays: int(env, 'REFRESH_TOKEN_TTL_DAYS', 14),
    loginRateLimitPerMinute: int(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10),
    smtp: smtpHost
      ? {
          host: smtpHost,
          port: int(env, 'SMTP_PORT', 587),
          secure: env.SMTP_SECURE === 'true',
          user: env.SMTP_USER || undefined,
          password: env.SMTP_PASSWORD || undefined,
          rejectUnauthorized: env.SMTP_TLS_REJECT_UNAUTHORIZED !== 'false',
        }
      : undefined,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    mailFrom: env.MAIL_FROM ?? 'Наставник <no-reply@nastavnik.local>',
    logLevel: env.LOG_LEVEL ?? 'info',
  };
}

/**
 * TRUST_PROXY: unset or "false" = nobody (a client cannot spoof its address to dodge the
 * login limit); "true" = any hop; a number = that many hops (1 behind one reverse proxy);
 * otherwise a comma-separated list of addresses / CIDRs, or "loopback".
 */
function parseTrustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  return raw;
}
