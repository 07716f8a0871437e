import { createHmac, createSign, generateKeyPairSync } from 'node:crypto';

/*
 * Hand-made JWTs for attacks on the access token: other algorithms, "none", wrong keys,
 * past expiry. Built with node:crypto so the library under test does not sign its own bait.
 */

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

export type Signer = (signingInput: string) => string;

export function craftJwt(header: object, payload: object, sign: Signer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input)}`;
}

export const hmac =
  (digest: 'sha256' | 'sha384' | 'sha512', secret: string): Signer =>
  (input) =>
    createHmac(digest, secret).update(input).digest('base64url');

export function rsaSigner(): Signer {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return (input) => createSign('RSA-SHA256').update(input).sign(privateKey, 'base64url');
}

export const unsigned: Signer = () => '';

export function decodeJwt(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = token.split('.');
  const parse = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  return { header: parse(header), payload: parse(payload) };
}
