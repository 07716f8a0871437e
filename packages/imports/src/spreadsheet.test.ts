import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { cellText, decodeText } from './spreadsheet.ts';
import { matchKey } from './text.ts';

describe('cell values', () => {
  it('turns every XLSX value into the text the user sees', () => {
    expect(cellText('  a\u00a0 b  ')).toBe('a b');
    expect(cellText(7701234567)).toBe('7701234567');
    expect(cellText(123456789, '0000000000')).toBe('0123456789');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(new Date(Date.UTC(2025, 8, 1)))).toBe('01.09.2025');
    expect(cellText({ richText: [{ text: 'Школа ' }, { text: '№ 1' }] })).toBe('Школа № 1');
    expect(cellText({ formula: 'A1', result: 42 })).toBe('42');
    expect(cellText({ sharedFormula: 'A1', result: 'СОШ' })).toBe('СОШ');
    expect(cellText({ text: 'a@b.ru', hyperlink: 'mailto:a@b.ru' })).toBe('a@b.ru');
    expect(cellText({ text: '', hyperlink: 'mailto:c@d.ru' })).toBe('c@d.ru');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(null)).toBe('');
  });

  it('decodes UTF-8 (with or without BOM) and falls back to windows-1251', () => {
    expect(decodeText(Buffer.from('\ufeffЁлкино', 'utf8'))).toBe('Ёлкино');
    expect(decodeText(Buffer.from('Ёлкино', 'utf8'))).toBe('Ёлкино');
    expect(decodeText(iconv.encode('Ёлкино;ИНН', 'win1251'))).toBe('Ёлкино;ИНН');
  });

  it('matches names regardless of case, ё, quotes and spaces', () => {
    expect(matchKey(' Городской  округ «Ёлкино» ')).toBe(matchKey('городской округ "елкино"'));
  });
});
