import { createHmac } from 'node:crypto';
import { personKeyInput } from '@nastavnik/domain';

/**
 * The regional pseudonymous key (KPI.md): HMAC-SHA256 with the regional secret over the
 * normalised full name and birth date. Lives server-side only; the secret never reaches
 * the database or the browser.
 */
export function personKey(secret: string, fullName: string, birthDate: string): string {
  return createHmac('sha256', secret).update(personKeyInput(fullName, birthDate)).digest('base64url');
}
