/** Checks shared by forms and imports. Each returns null when valid, or a Russian message. */

/** INN of a legal entity (10 digits) or of an individual entrepreneur (12 digits), with check digits. */
export function innError(inn: string, kind: 'legal' | 'any' = 'any'): string | null {
  if (!/^\d+$/.test(inn)) return 'ИНН должен состоять только из цифр';
  const d = inn.split('').map(Number);
  const check = (weights: number[]) => (weights.reduce((s, w, i) => s + w * d[i]!, 0) % 11) % 10;
  if (inn.length === 10) {
    return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[9] ? null : 'Неверная контрольная цифра ИНН';
  }
  if (inn.length === 12 && kind === 'any') {
    const ok =
      check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === d[11];
    return ok ? null : 'Неверная контрольная цифра ИНН';
  }
  return kind === 'legal' ? 'ИНН организации состоит из 10 цифр' : 'ИНН состоит из 10 или 12 цифр';
}

/** Appends valid check digits to a 9- or 10-digit stem; used by generators and tests. */
export function completeInn(stem: string): string {
  const d = stem.split('').map(Number);
  const check = (weights: number[]) => (weights.reduce((s, w, i) => s + w * d[i]!, 0) % 11) % 10;
  if (stem.length === 9) return stem + check([2, 4, 10, 3, 5, 9, 4, 6, 8]);
  if (stem.length === 10) {
    d.push(check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]));
    return stem + d[10] + check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]);
  }
  throw new Error('INN stem must have 9 or 10 digits');
}

export function emailError(email: string): string | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? null : 'Неверный адрес электронной почты';
}

/** A password people can live with and attackers cannot guess cheaply. */
export function passwordError(password: string): string | null {
  if (password.length < 10) return 'Пароль должен быть не короче 10 символов';
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return 'Пароль должен содержать буквы и цифры';
  return null;
}

/**
 * SNILS (страховой номер индивидуального лицевого счёта): 11 digits, the last two a control
 * number. Accepts 'XXX-XXX-XXX YY' and the bare digits (spaces and hyphens are ignored).
 * The control number of d1…d9 is Σ dᵢ·(10 − i): below 100 it is the sum itself, 100 and 101
 * give 00, above 101 the remainder mod 101 (where 100 again gives 00). Numbers up to
 * 001-001-998 were issued before the rule and are not checked.
 */
export function snilsError(snils: string): string | null {
  const digits = snils.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return 'СНИЛС должен состоять из цифр (формат XXX-XXX-XXX YY)';
  if (digits.length !== 11) return 'СНИЛС состоит из 11 цифр (формат XXX-XXX-XXX YY)';
  if (Number(digits.slice(0, 9)) <= 1_001_998) return null;
  return snilsControl(digits.slice(0, 9)) === digits.slice(9) ? null : 'Неверное контрольное число СНИЛС';
}

/** The two control digits for a 9-digit SNILS stem (see snilsError). */
export function snilsControl(stem: string): string {
  const sum = stem.split('').reduce((s, d, i) => s + Number(d) * (9 - i), 0);
  const control = sum < 100 ? sum : sum % 101 === 100 ? 0 : sum % 101;
  return String(control).padStart(2, '0');
}

/** A valid SNILS in the canonical 'XXX-XXX-XXX YY' form, or null when it is not one. */
export function formatSnils(snils: string): string | null {
  if (snilsError(snils)) return null;
  const d = snils.replace(/[\s-]/g, '');
  return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6, 9)} ${d.slice(9)}`;
}

/** A phone number people write: digits with spaces, hyphens, brackets and a leading plus. */
export function phoneError(phone: string): string | null {
  if (!/^\+?[\d\s()-]+$/.test(phone.trim()))
    return 'Телефон может содержать только цифры, пробелы, скобки, дефисы и «+»';
  const digits = phone.replace(/\D/g, '').length;
  if (digits < 10 || digits > 15)
    return 'Телефон должен содержать от 10 до 15 цифр, например +7 900 123-45-67';
  return null;
}

/**
 * '+7XXXXXXXXXX' for a Russian number (8…, 7…, or 10 digits), '+digits' for a foreign one;
 * null when phoneError finds a problem. Imports and the API store the same normal form, so
 * an imported number and a typed one compare equal.
 */
export function normalisePhone(phone: string): string | null {
  if (phoneError(phone)) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length === 11 && /^[78]/.test(digits)) return `+7${digits.slice(1)}`;
  if (digits.length === 10 && !phone.trim().startsWith('+')) return `+7${digits}`;
  return `+${digits}`;
}
