import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { NATIONAL_MENTEE_REQUESTS, normaliseFullName, snilsControl } from '@nastavnik/domain';
import { Random } from '../packages/db/src/seed/random.ts';
import {
  patronymic,
  randomFatherName,
  randomFirstName,
  randomName,
  surnameFor,
} from '../packages/db/src/seed/names.ts';

/*
 * The bench's mentee base: N pupils with realistic Russian names (the demo generator's),
 * birth dates 2007–2016, a class, a valid unique SNILS, a request from the national
 * catalogue, interests, and the consent of a parent (or their own, for adults), written as
 * a real XLSX (date cells, shared strings) the way Excel would save it.
 */

const HEADER = [
  'Фамилия',
  'Имя',
  'Отчество',
  'Дата рождения',
  'Категория',
  'Класс / группа',
  'СНИЛС',
  'Телефон',
  'Запрос',
  'Описание запроса',
  'Сфера интересов',
  'Дата согласия',
  'Согласие дал',
  'ФИО представителя',
  'Кем приходится',
];
const INTERESTS = [
  'футбол',
  'шахматы',
  'робототехника',
  'рисование',
  'музыка',
  'программирование',
  'танцы',
  'чтение',
];

export async function writeMenteeBase(path: string, rows: number, seed = 2025): Promise<void> {
  const rng = new Random(seed, 'bench-person-import');
  const stream = createWriteStream(path);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream,
    useStyles: true,
    useSharedStrings: true,
  });
  const ws = workbook.addWorksheet('Наставляемые');
  ws.columns = HEADER.map((header, i) => ({
    header,
    width: 18,
    style: i === 3 || i === 11 ? { numFmt: 'dd.mm.yyyy' } : {},
  }));
  ws.getRow(1).commit();
  const seen = new Set<string>();
  for (let i = 0; i < rows; i++) {
    const sex = rng.chance(0.5) ? 'male' : 'female';
    let name = randomName(rng, sex, 'child');
    let birth = rng.date('2007-01-01', '2016-12-31');
    // Same full name and birth date is the same person: the file must not repeat anybody.
    while (
      seen.has(`${normaliseFullName(`${name.lastName} ${name.firstName} ${name.middleName}`)}|${birth}`)
    ) {
      name = randomName(rng, sex, 'child');
      birth = rng.date('2007-01-01', '2016-12-31');
    }
    seen.add(`${normaliseFullName(`${name.lastName} ${name.firstName} ${name.middleName}`)}|${birth}`);
    const adult = birth < '2006-09-01';
    const stem = String(200_000_000 + i * 7);
    const motherSurname = sex === 'female' ? name.lastName : surnameFor(name.lastName, 'female');
    const mother = `${motherSurname} ${randomFirstName(rng, 'female', 'adult')} ${patronymic(randomFatherName(rng), 'female')}`;
    const grade = Math.min(11, Math.max(1, 2024 - Number(birth.slice(0, 4)) - 6));
    ws.addRow([
      name.lastName,
      name.firstName,
      name.middleName,
      new Date(`${birth}T00:00:00Z`),
      'обучающийся',
      `${grade}${rng.pick(['А', 'Б', 'В'])}`,
      `${stem.slice(0, 3)}-${stem.slice(3, 6)}-${stem.slice(6)} ${snilsControl(stem)}`,
      rng.chance(0.3)
        ? `+7 9${rng.int(10, 99)} ${rng.int(100, 999)}-${rng.int(10, 99)}-${rng.int(10, 99)}`
        : null,
      rng.pick(NATIONAL_MENTEE_REQUESTS),
      rng.chance(0.4) ? 'трудности с математикой, нужна поддержка в подготовке к контрольным' : null,
      `${rng.pick(INTERESTS)}, ${rng.pick(INTERESTS)}`,
      new Date('2024-09-02T00:00:00Z'),
      adult ? 'сам' : 'законный представитель',
      adult ? null : mother,
      adult ? null : 'мать',
    ]).commit();
  }
  ws.commit();
  await workbook.commit();
}
