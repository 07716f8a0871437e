import { describe, expect, it } from 'vitest';
import { matchHeaders } from '@nastavnik/imports';
import { curatorRoleOf, orgKindOf } from './cells.ts';
import { organisationColumns } from './organisations.import.ts';

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
