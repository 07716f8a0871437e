/**
 * Normalisation for the regional pseudonymous key (KPI.md, "Person identity"): lower case,
 * ё→е, whitespace collapsed and trimmed. The HMAC itself is computed on the server with the
 * regional secret; this stays pure so both sides normalise identically.
 */
export function normaliseFullName(fullName: string): string {
  return fullName.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}

export function personKeyInput(fullName: string, birthDate: string): string {
  return `${normaliseFullName(fullName)}|${birthDate}`;
}

export function fullName(p: {
  last_name: string | null;
  first_name: string | null;
  middle_name: string | null;
}): string {
  return [p.last_name, p.first_name, p.middle_name].filter((x) => x && x.trim()).join(' ');
}
