/*
 * Text normalisation for imported spreadsheets. People type the same thing many ways
 * («Ёлкино», «елкино », "ЕЛКИНО"); matching must not depend on it.
 */

/** A cell as the user means it: non-breaking and repeated spaces collapsed, trimmed. */
export function cleanCell(text: string): string {
  return text.replace(/[\s\u00a0\u2007\u202f\ufeff]+/g, ' ').trim();
}

/** For matching names and values: case, ё/е, quotes and spacing do not matter. */
export function matchKey(text: string): string {
  return cleanCell(
    text
      .toLowerCase()
      .replace(/ё/g, 'е')
      .replace(/[«»"“”„'`]/g, ' '),
  );
}

/** For matching column headers: only letters and digits count («E-mail*» = «email»). */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** «Неверная контрольная цифра ИНН» -> «неверная контрольная цифра ИНН», keeping abbreviations. */
export function lowerFirst(text: string): string {
  const first = text.split(' ')[0] ?? '';
  if (first.length > 1 && first === first.toUpperCase()) return text;
  return text.charAt(0).toLowerCase() + text.slice(1);
}
