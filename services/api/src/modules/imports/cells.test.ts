import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { curatorRoleOf, orgKindOf } from './cells.ts';
import { matchHeaders } from './columns.ts';
import { organisationColumns } from './organisations.import.ts';
import { cellText, decodeText } from './spreadsheet.ts';
import { matchKey } from './text.ts';

describe('organisation kind words', () => {
  it.each([
    ['СОШ', 'school'],
    ['школа', 'school'],
    ['Общеобразовательная', 'school'],
    ['Средняя общеобразовательная школа', 'school'],
    ['МБОУ', 'school'],
    ['ДОУ', 'kindergarten'],
    ['Детский сад', 'kindergarten'],
    ['дошкольная', 'kindergarten'],
    ['МБДОУ', 'kindergarten'],
    ['СПО', 'college'],
    ['колледж', 'college'],
    ['Техникум', 'college'],
    ['ДО', 'additional'],
    ['до', 'additional'],
    ['Организация дополнительного образования', 'additional'],
    ['МБУ ДО', 'additional'],
    ['Общеобразовательная организация (СОШ)', 'school'],
    ['school', 'school'],
    ['additional', 'additional'],
  ])('%s -> %s', (text, kind) => {
    expect(orgKindOf(text)).toBe(kind);
  });

  it('does not guess', () => {
    expect(orgKindOf('университет')).toBeNull();
    expect(orgKindOf('дом')).toBeNull();
  });
});

describe('curator roles', () => {
  it('accepts the template words, the labels and the codes', () => {
    expect(curatorRoleOf('Куратор')).toBe('curator');
    expect(curatorRoleOf(' РУКОВОДИТЕЛЬ ')).toBe('head');
    expect(curatorRoleOf('Руководитель организации')).toBe('head');
    expect(curatorRoleOf('head')).toBe('head');
    expect(curatorRoleOf('завуч')).toBeNull();
  });
});

describe('header matching', () => {
  it('ignores case, spaces, ё, punctuation and asterisks; unknown headers stay unmatched', () => {
    const found = matchHeaders(
      ['  ИНН: ', 'Тип*', 'полное   наименование', 'Сокращённое наименование', 'Примечание', 'МУНИЦИПАЛИТЕТ'],
      organisationColumns,
    );
    expect(Object.fromEntries(found)).toEqual({ inn: 0, kind: 1, name: 2, shortName: 3, municipality: 5 });
  });
});

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
