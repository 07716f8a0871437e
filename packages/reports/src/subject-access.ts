/**
 * Answer to a subject access request (152-ФЗ, art. 14): everything the organisation holds on a
 * person — personal fields, consents, questionnaire answers, participation in programmes,
 * surveys — and the purposes of processing, as a DOCX the curator hands over or sends.
 */
import type { Block, OrganisationHeader } from './blocks.ts';
import { renderDocx } from './docx.ts';
import { NONE, formatDate, formatNumber } from './format.ts';

export interface SubjectAccessData {
  organisation: OrganisationHeader;
  generatedAt: string;
  person: { fullName: string; fields: { label: string; value: string }[] };
  consents: {
    givenAt: string;
    givenBy: string;
    representative: string | null;
    version: string;
    withdrawnAt: string | null;
  }[];
  questionnaires: { title: string; filledAt: string; answers: { question: string; answer: string }[] }[];
  participations: {
    programme: string;
    role: string;
    form: string;
    start: string | null;
    end: string | null;
    status: string;
  }[];
  surveys: { submittedAt: string; role: string; overallScore: number }[];
  purposes: string;
}

const dash = (value: string | null | undefined) => (value && value.trim() ? value : '—');

function questionnaireBlocks(data: SubjectAccessData): Block[] {
  if (data.questionnaires.length === 0) return [{ kind: 'paragraph', text: NONE, align: 'left' }];
  return data.questionnaires.flatMap((questionnaire): Block[] => [
    // A heading, so the title stays on the page of its table's first rows.
    {
      kind: 'heading',
      text: `${questionnaire.title} (заполнена ${formatDate(questionnaire.filledAt, '—')})`,
    },
    {
      kind: 'table',
      headerRow: true,
      columns: [
        { title: 'Вопрос', width: 0.45 },
        { title: 'Ответ', width: 0.55 },
      ],
      rows: questionnaire.answers.map((item) => [item.question, dash(item.answer)]),
    },
  ]);
}

export function subjectAccessBlocks(data: SubjectAccessData): Block[] {
  return [
    { kind: 'header', organisation: data.organisation },
    {
      kind: 'title',
      text: 'СВЕДЕНИЯ',
      subtitle: 'о персональных данных субъекта, обрабатываемых оператором',
    },
    { kind: 'placeDate', place: `Субъект: ${data.person.fullName}`, date: formatDate(data.generatedAt) },
    {
      kind: 'paragraph',
      text:
        'Сведения предоставлены по запросу субъекта персональных данных в соответствии со статьёй 14 ' +
        'Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» и содержат все персональные ' +
        'данные субъекта, которые обрабатывает оператор, по состоянию на дату формирования.',
      indent: true,
    },
    { kind: 'heading', text: '1. Персональные данные' },
    {
      kind: 'table',
      boldFirstColumn: true,
      columns: [
        { title: 'Сведение', width: 0.35 },
        { title: 'Значение', width: 0.65 },
      ],
      rows: [
        ['Фамилия, имя, отчество', data.person.fullName],
        ...data.person.fields.map((f) => [f.label, dash(f.value)]),
      ],
    },
    { kind: 'heading', text: '2. Цели обработки персональных данных' },
    { kind: 'paragraph', text: data.purposes.trim() || NONE, indent: true },
    { kind: 'heading', text: '3. Согласия на обработку персональных данных' },
    {
      kind: 'table',
      headerRow: true,
      columns: [
        { title: 'Дата', width: 0.14 },
        { title: 'Кем дано', width: 0.2 },
        { title: 'Законный представитель', width: 0.24 },
        { title: 'Редакция текста согласия', width: 0.28 },
        { title: 'Отозвано', width: 0.14 },
      ],
      rows: data.consents.map((consent) => [
        formatDate(consent.givenAt, '—'),
        consent.givenBy,
        dash(consent.representative),
        consent.version,
        formatDate(consent.withdrawnAt, 'нет'),
      ]),
    },
    { kind: 'heading', text: '4. Ответы анкет' },
    ...questionnaireBlocks(data),
    { kind: 'heading', text: '5. Участие в программах наставничества' },
    {
      kind: 'table',
      headerRow: true,
      columns: [
        { title: 'Программа', width: 0.26 },
        { title: 'Роль', width: 0.14 },
        { title: 'Форма', width: 0.17 },
        { title: 'Начало', width: 0.13 },
        { title: 'Окончание', width: 0.14 },
        { title: 'Статус', width: 0.16 },
      ],
      rows: data.participations.map((item) => [
        item.programme,
        item.role,
        item.form,
        formatDate(item.start, '—'),
        formatDate(item.end, '—'),
        item.status,
      ]),
    },
    { kind: 'heading', text: '6. Результаты опросов удовлетворённости' },
    {
      kind: 'table',
      headerRow: true,
      columns: [
        { title: 'Дата', width: 0.25 },
        { title: 'Роль', width: 0.45 },
        { title: 'Общая оценка', width: 0.3 },
      ],
      rows: data.surveys.map((survey) => [
        formatDate(survey.submittedAt, '—'),
        survey.role,
        formatNumber(survey.overallScore),
      ]),
    },
    { kind: 'signatures', lines: [{ role: 'Ответственный за организацию обработки персональных данных:' }] },
  ];
}

export function renderSubjectAccessDocx(data: SubjectAccessData): Promise<Buffer> {
  return renderDocx(subjectAccessBlocks(data), {
    title: `Сведения о персональных данных — ${data.person.fullName}`,
    author: data.organisation.fullName,
  });
}
