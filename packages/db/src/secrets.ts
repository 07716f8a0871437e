import { createHash, randomBytes } from 'node:crypto';

/** Opaque secrets (refresh tokens, one-time links): only their SHA-256 is stored. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
