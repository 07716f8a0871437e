/*
 * The audit log in words: action codes as a curator reads them, and a one-line summary of
 * an entry's details (the filter and the count of a list, the document of an export...).
 */
import { countOf, formatDate } from '../format.ts';
import { BASES, categoryLabel, CONSENT_STATUS, FIELD_LABELS, type Base, type FieldName } from './labels.ts';

export const AUDIT_ACTIONS: Record<string, string> = {
  'persons.list': 'Просмотр списка',
  'persons.read': 'Просмотр карточки',
  'persons.export': 'Выгрузка',
  'persons.import': 'Импорт',
  'persons.import.upload': 'Загрузка файла импорта',
  'persons.import.apply': 'Запуск импорта',
  'persons.create': 'Добавление участника',
  'persons.update': 'Изменение сведений',
  'persons.consent': 'Новое согласие',
  'persons.consent_scan.upload': 'Загрузка скана согласия',
  'persons.consent_scan.download': 'Просмотр скана согласия',
  'persons.withdraw': 'Отзыв согласия',
  'persons.erase': 'Удаление персональных данных',
  'questionnaires.read': 'Просмотр анкеты',
  'questionnaires.fill': 'Заполнение анкеты',
  'questionnaires.link': 'Ссылка на анкету',
  'questionnaires.submit': 'Анкета заполнена по ссылке',
  'organisation_counts.update': 'Изменение численности',
};

/** The action filter: a prefix of the code (the API matches by prefix). */
export const AUDIT_FILTER_OPTIONS = [
  { value: 'persons.list', label: 'Просмотр списков' },
  { value: 'persons.read', label: 'Просмотр карточек' },
  { value: 'persons.export', label: 'Выгрузки' },
  { value: 'persons.import', label: 'Импорт' },
  { value: 'persons.create', label: 'Добавление участников' },
  { value: 'persons.update', label: 'Изменение сведений' },
  { value: 'persons.consent', label: 'Согласия и сканы' },
  { value: 'persons.withdraw', label: 'Отзыв согласия' },
  { value: 'persons.erase', label: 'Удаление данных' },
  { value: 'questionnaires', label: 'Анкеты' },
];

export function actionLabel(code: string): string {
  if (AUDIT_ACTIONS[code]) return AUDIT_ACTIONS[code];
  // A newer code: name it by the longest known prefix, else show it as is.
  const known = Object.keys(AUDIT_ACTIONS)
    .filter((k) => code.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length)[0];
  return known ? AUDIT_ACTIONS[known]! : code;
}

const DOCUMENTS: Record<string, string> = {
  consent_form: 'печатная форма согласия',
  subject_access: 'сведения о персональных данных',
  erasure_act: 'акт об уничтожении',
};
const REASONS: Record<string, string> = {
  withdrawal: 'отзыв согласия',
  request: 'требование субъекта',
  retention: 'истёк срок хранения',
};
const SORTS: Record<string, string> = { birthDate: 'по дате рождения', created: 'по дате внесения' };
const KINDS: Record<string, string> = { mentor: 'анкета наставника', mentee: 'анкета наставляемого' };

const isBase = (v: unknown): v is Base => v === 'mentors' || v === 'mentees';
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

function filterText(filter: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (str(filter.q)) out.push(`поиск «${str(filter.q)}»`);
  if (str(filter.category)) out.push(`категория: ${categoryLabel(str(filter.category)!).toLowerCase()}`);
  const consent = str(filter.consent) as keyof typeof CONSENT_STATUS | null;
  if (consent && CONSENT_STATUS[consent])
    out.push(`согласие: ${CONSENT_STATUS[consent].label.toLowerCase()}`);
  if (filter.requestId) out.push('по запросу');
  if (filter.erased === true || filter.erased === 'true') out.push('удалённые');
  const sort = str(filter.sort)?.replace(/^-/, '');
  if (sort && sort !== 'name') out.push(SORTS[sort] ?? `сортировка: ${sort}`);
  return out;
}

/** One short line about what the entry did. */
export function auditSummary(action: string, d: Record<string, unknown>): string {
  const parts: string[] = [];
  if (isBase(d.base)) parts.push(BASES[d.base].title);
  if (action === 'persons.list' && d.filter && typeof d.filter === 'object') {
    parts.push(...filterText(d.filter as Record<string, unknown>));
  }
  if (str(d.document)) parts.push(DOCUMENTS[str(d.document)!] ?? str(d.document)!);
  if (str(d.format)) parts.push(str(d.format)!.toUpperCase());
  if (str(d.fileName)) parts.push(`файл «${str(d.fileName)}»`);
  if (str(d.kind) && KINDS[str(d.kind)!]) parts.push(KINDS[str(d.kind)!]!);
  if (str(d.reason)) parts.push(REASONS[str(d.reason)!] ?? str(d.reason)!);
  if (str(d.date)) parts.push(`дата ${formatDate(str(d.date))}`);
  if (Array.isArray(d.fields) && d.fields.length) {
    parts.push(`поля: ${d.fields.map((f) => FIELD_LABELS[f as FieldName] ?? String(f)).join(', ')}`);
  }
  if (str(d.onDuplicate))
    parts.push(d.onDuplicate === 'merge' ? 'повторы объединяются' : 'повторы пропускаются');
  for (const key of ['created', 'updated'] as const) {
    if (typeof d[key] === 'number') parts.push(`${key === 'created' ? 'добавлено' : 'обновлено'}: ${d[key]}`);
  }
  if (typeof d.totalRows === 'number') parts.push(countOf(d.totalRows, ['строка', 'строки', 'строк']));
  if (typeof d.count === 'number') parts.push(countOf(d.count, ['запись', 'записи', 'записей']));
  if (d.mailed === true) parts.push('отправлена по почте');
  return parts.join(' · ');
}
