import type { Random } from './random.ts';

/*
 * Russian personal names for the demo region: surnames in the masculine form (the feminine
 * is derived), first names by generation (children born after 2005 and adults are named
 * differently), patronymics derived from the father's first name.
 */

const SURNAMES = `Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов
Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров
Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин
Фролов Александров Дмитриев Королёв Гусев Киселёв Ильин Максимов Поляков Сорокин Виноградов
Ковалёв Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов
Богданов Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников
Денисов Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов
Мартынов Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышёв Быков Маслов Родионов Коновалов
Лазарев Воронин Климов Филатов Пономарёв Голубев Кудрявцев Прохоров Наумов Потапов Журавлёв
Овчинников Трофимов Леонов Соболев Ермаков Колесников Гончаров Емельянов Никифоров Грачёв Котов
Гришин Ефремов Архипов Громов Кириллов Малышев Панов Моисеев Румянцев Акимов Кондратьев Бирюков
Горбунов Анисимов Ерёмин Тихомиров Галкин Лукьянов Михеев Скворцов Юдин Белоусов Нестеров Симонов
Прокофьев Харитонов Князев Цветков Левин Митрофанов Воронов Аксёнов Мальцев Логинов Горшков Савин
Краснов Майоров Демидов Елисеев Рыбаков Сафонов Плотников Хохлов Жданов Вишневский Покровский
Троицкий Успенский Островский Соколовский Жуковский Луговой Береговой Шевченко Коваленко Бондаренко
Ткаченко Кравченко Ковальчук Полищук Черных Седых Белых`.split(/\s+/);

const BOYS = `Александр Максим Артём Михаил Даниил Иван Дмитрий Кирилл Андрей Егор Никита Илья Алексей
Матвей Тимофей Роман Владимир Ярослав Фёдор Марк Лев Глеб Георгий Константин Арсений Степан
Макар Денис Павел Сергей Евгений Семён Савелий Захар Тимур`.split(/\s+/);

const GIRLS = `Анастасия Мария Дарья Анна Елизавета Полина Виктория Екатерина София Александра Варвара
Ксения Алиса Арина Валерия Вероника Ульяна Милана Кира Ева Алёна Маргарита Таисия Василиса Ольга
Юлия Софья Диана Злата Яна Ангелина Майя Есения Мирослава Татьяна`.split(/\s+/);

/** Men's first names of the parents' and teachers' generations (born 1955–2000); they also father the patronymics. */
const MEN = `Сергей Андрей Александр Алексей Дмитрий Владимир Евгений Игорь Олег Николай Виктор Юрий
Михаил Павел Иван Роман Денис Вадим Константин Максим Артём Антон Виталий Валерий Геннадий
Василий Анатолий Борис Григорий Пётр Илья Станислав Вячеслав Леонид Руслан Эдуард Владислав
Фёдор Георгий Кирилл Никита Степан Глеб Егор Тимур Семён Аркадий Ярослав`.split(/\s+/);

const WOMEN = `Елена Ольга Наталья Татьяна Ирина Светлана Екатерина Юлия Анна Марина Людмила Галина
Надежда Оксана Анастасия Мария Любовь Лариса Валентина Вера Нина Евгения Алла Инна Жанна Ксения
Дарья Виктория Кристина Алёна Полина Яна Маргарита Лилия Раиса Тамара Зоя`.split(/\s+/);

/** Patronymics that do not follow the regular endings. */
const IRREGULAR_PATRONYMICS: Record<string, [string, string]> = {
  Илья: ['Ильич', 'Ильинична'],
  Никита: ['Никитич', 'Никитична'],
  Лев: ['Львович', 'Львовна'],
  Пётр: ['Петрович', 'Петровна'],
  Павел: ['Павлович', 'Павловна'],
  Михаил: ['Михайлович', 'Михайловна'],
  Даниил: ['Даниилович', 'Данииловна'],
  Георгий: ['Георгиевич', 'Георгиевна'],
  Дмитрий: ['Дмитриевич', 'Дмитриевна'],
  Арсений: ['Арсеньевич', 'Арсеньевна'],
  Савелий: ['Савельевич', 'Савельевна'],
  Захар: ['Захарович', 'Захаровна'],
};

/** The patronymic a father's first name gives a son (male) or a daughter (female). */
export function patronymic(fatherName: string, sex: Sex): string {
  const irregular = IRREGULAR_PATRONYMICS[fatherName];
  if (irregular) return sex === 'male' ? irregular[0] : irregular[1];
  const [stem, male, female] = fatherName.endsWith('ий')
    ? [fatherName.slice(0, -2), 'ьевич', 'ьевна'] // Юрий → Юрьевич, Евгений → Евгеньевна
    : /[ае]й$/.test(fatherName)
      ? [fatherName.slice(0, -1), 'евич', 'евна'] // Сергей → Сергеевич, Николай → Николаевна
      : fatherName.endsWith('ь')
        ? [fatherName.slice(0, -1), 'евич', 'евна'] // Игорь → Игоревич
        : [fatherName, 'ович', 'овна'];
  return stem + (sex === 'male' ? male : female);
}

/** The feminine form of a surname: Иванов → Иванова, Троицкий → Троицкая, Шевченко → Шевченко. */
export function surnameFor(masculine: string, sex: Sex): string {
  if (sex === 'male') return masculine;
  if (/(ов|ев|ёв|ин|ын)$/.test(masculine)) return `${masculine}а`;
  if (/(ский|цкий)$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  if (/(ой|ый)$/.test(masculine)) return `${masculine.slice(0, -2)}ая`;
  return masculine;
}

export type Sex = 'male' | 'female';
export type Generation = 'child' | 'adult';

export interface PersonName {
  lastName: string;
  firstName: string;
  middleName: string;
  sex: Sex;
}

export function randomSurname(rng: Random): string {
  return rng.pick(SURNAMES);
}

export function randomFirstName(rng: Random, sex: Sex, generation: Generation): string {
  if (generation === 'child') return rng.pick(sex === 'male' ? BOYS : GIRLS);
  return rng.pick(sex === 'male' ? MEN : WOMEN);
}

export function randomFatherName(rng: Random): string {
  return rng.pick(MEN);
}

/** A full name; `surname` (masculine form) and `father` let a family share them. */
export function randomName(
  rng: Random,
  sex: Sex,
  generation: Generation,
  family: { surname?: string; father?: string } = {},
): PersonName {
  const surname = family.surname ?? randomSurname(rng);
  return {
    lastName: surnameFor(surname, sex),
    firstName: randomFirstName(rng, sex, generation),
    middleName: patronymic(family.father ?? randomFatherName(rng), sex),
    sex,
  };
}

export function fullNameOf(name: Pick<PersonName, 'lastName' | 'firstName' | 'middleName'>): string {
  return `${name.lastName} ${name.firstName} ${name.middleName}`;
}

const LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Latin spelling for e-mail addresses (passport-style transliteration). */
export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? ch).join('');
}

const MAIL_DOMAINS = ['mail.ru', 'yandex.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'gmail.com', 'rambler.ru'];

/** A private e-mail address such people actually have: ivanova.ea@mail.ru, kozlov.sergey85@yandex.ru. */
export function emailFor(rng: Random, name: PersonName, birthYear: number): string {
  const last = transliterate(name.lastName);
  const first = transliterate(name.firstName);
  const local = rng.weighted([
    [`${last}.${first[0]}${transliterate(name.middleName)[0]}`, 4],
    [`${first}.${last}`, 3],
    [`${last}.${first}${String(birthYear).slice(2)}`, 3],
    [`${last}${rng.int(1, 999)}`, 1],
  ] as const);
  return `${local}@${rng.pick(MAIL_DOMAINS)}`;
}

const MOBILE_CODES = [
  900, 902, 904, 908, 909, 912, 915, 916, 919, 920, 922, 926, 951, 960, 961, 977, 982, 999,
];

export function phoneFor(rng: Random): string {
  const n = String(rng.int(0, 9_999_999)).padStart(7, '0');
  return `+7 (${rng.pick(MOBILE_CODES)}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`;
}
