import { describe, expect, it } from 'vitest';
import { innError } from '@nastavnik/domain';
import { patronymic, randomName, surnameFor, transliterate } from './names.ts';
import { apportion, planDirectory } from './organisations.ts';
import { SCALES } from './plan.ts';
import { Random } from './random.ts';

describe('Russian names', () => {
  it.each([
    ['Иван', 'Иванович', 'Ивановна'],
    ['Сергей', 'Сергеевич', 'Сергеевна'],
    ['Николай', 'Николаевич', 'Николаевна'],
    ['Юрий', 'Юрьевич', 'Юрьевна'],
    ['Евгений', 'Евгеньевич', 'Евгеньевна'],
    ['Игорь', 'Игоревич', 'Игоревна'],
    ['Дмитрий', 'Дмитриевич', 'Дмитриевна'],
    ['Илья', 'Ильич', 'Ильинична'],
    ['Никита', 'Никитич', 'Никитична'],
    ['Лев', 'Львович', 'Львовна'],
    ['Пётр', 'Петрович', 'Петровна'],
    ['Михаил', 'Михайлович', 'Михайловна'],
  ])('derives patronymics from %s', (father, son, daughter) => {
    expect(patronymic(father, 'male')).toBe(son);
    expect(patronymic(father, 'female')).toBe(daughter);
  });

  it.each([
    ['Иванов', 'Иванова'],
    ['Ильин', 'Ильина'],
    ['Соловьёв', 'Соловьёва'],
    ['Троицкий', 'Троицкая'],
    ['Вишневский', 'Вишневская'],
    ['Луговой', 'Луговая'],
    ['Шевченко', 'Шевченко'],
    ['Черных', 'Черных'],
  ])('gives %s the feminine form %s', (male, female) => {
    expect(surnameFor(male, 'male')).toBe(male);
    expect(surnameFor(male, 'female')).toBe(female);
  });

  it('keeps a name consistent with the sex: a daughter is -овна/-ична, a son -ович/-ич', () => {
    const rng = new Random(5);
    for (let i = 0; i < 500; i++) {
      const girl = randomName(rng, 'female', 'child');
      const boy = randomName(rng, 'male', 'adult');
      expect(girl.middleName).toMatch(/(вна|ична)$/);
      expect(boy.middleName).toMatch(/(вич|ич)$/);
    }
  });

  it('shares the family surname and takes the patronymic from the father', () => {
    const name = randomName(new Random(1), 'female', 'child', { surname: 'Соколов', father: 'Андрей' });
    expect(name.lastName).toBe('Соколова');
    expect(name.middleName).toBe('Андреевна');
  });

  it('transliterates for e-mail addresses', () => {
    expect(transliterate('Щербакова')).toBe('shcherbakova');
    expect(transliterate('Фёдор Юрьевич')).toBe('fedor yurevich');
  });
});

describe('directory plan', () => {
  it('apportions a total exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(9000, [0.3, 1.2, 2.5, 0.7]).reduce((a, b) => a + b, 0)).toBe(9000);
  });

  it('is the same for a seed and different for another', () => {
    const a = planDirectory(1, SCALES.demo);
    const b = planDirectory(1, SCALES.demo);
    const c = planDirectory(2, SCALES.demo);
    const names = (d: typeof a) => d.organisations.map((o) => `${o.id} ${o.name} ${o.inn}`);
    expect(names(a)).toEqual(names(b));
    expect(names(a)).not.toEqual(names(c));
  });

  it('plans valid, unique INNs and makes the regional centre the largest municipality', () => {
    const plan = planDirectory(2025, SCALES.demo);
    const inns = [...plan.organisations, ...plan.enterprises].map((o) => o.inn);
    expect(new Set(inns).size).toBe(inns.length);
    for (const inn of inns) expect(innError(inn, 'legal')).toBeNull();
    const perMunicipality = plan.municipalities.map(
      (m) => plan.organisations.filter((o) => o.municipality === m).length,
    );
    expect(Math.max(...perMunicipality)).toBe(perMunicipality[0]);
    expect(plan.showcase.municipality.index).toBe(0);
    expect(plan.showcase.kind).toBe('school');
    expect(plan.organisations.reduce((s, o) => s + o.personCount, 0)).toBe(
      SCALES.demo.persons - 2 * SCALES.demo.sharedIdentities,
    );
  });

  it('scales to the large plan with unique enterprise names', () => {
    const plan = planDirectory(2025, SCALES.large);
    expect(plan.organisations).toHaveLength(3000);
    expect(plan.municipalities).toHaveLength(40);
    expect(new Set(plan.municipalities.map((m) => m.name)).size).toBe(40);
    expect(new Set(plan.enterprises.map((e) => e.name)).size).toBe(500);
  });
});
