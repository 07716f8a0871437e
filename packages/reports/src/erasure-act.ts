/**
 * Act on the destruction of personal data. The Roskomnadzor order No 179 of 28.10.2022 asks
 * the act to name the operator, the data subject, the categories destroyed, the way and the
 * reason of destruction, the date, and who destroyed the data, with signatures.
 */
import { type Block, type OrganisationHeader, type SignatureLine } from './blocks.ts';
import { NONE, formatDate, formatDateTime, shortName } from './format.ts';
import { renderPdf } from './pdf.ts';

export interface ErasureActData {
  organisation: OrganisationHeader;
  actNumber: string;
  subjectFullName: string;
  reason: 'withdrawal' | 'retention' | 'request';
  reasonDetails?: string | null;
  erasedAt: string;
  destroyedCategories: string[];
  keptForStatistics: string[];
  method: string;
  performedBy: { fullName: string | null; position: string | null };
}

export const ERASURE_REASONS: Record<ErasureActData['reason'], string> = {
  withdrawal: 'отзыв субъектом персональных данных согласия на их обработку',
  retention:
    'истечение срока хранения персональных данных после окончания участия в программе наставничества',
  request: 'требование субъекта персональных данных (его законного представителя) об уничтожении данных',
};

const AUTOMATIC = 'автоматически, по истечении срока хранения';

function bulleted(items: string[]): string {
  return items.length ? items.map((item) => `— ${item}`).join('\n') : NONE;
}

function performer(data: ErasureActData): string {
  const { fullName, position } = data.performedBy;
  if (!fullName?.trim()) return `Информационная система, ${AUTOMATIC}`;
  return position?.trim() ? `${fullName.trim()}, ${position.trim()}` : fullName.trim();
}

export function erasureActBlocks(data: ErasureActData): Block[] {
  const org = data.organisation;
  const reason =
    ERASURE_REASONS[data.reason] + (data.reasonDetails?.trim() ? ` (${data.reasonDetails.trim()})` : '');
  const rows: string[][] = [
    // The operator's address and ИНН stand in the header of the act, right above.
    ['Оператор персональных данных', org.fullName],
    ['Субъект персональных данных', data.subjectFullName],
    ['Перечень категорий уничтоженных персональных данных', bulleted(data.destroyedCategories)],
    ['Способ уничтожения', data.method],
    ['Причина уничтожения', reason],
    ['Дата и время уничтожения', formatDateTime(data.erasedAt)],
    ['Уничтожение выполнил (Ф.\u00a0И.\u00a0О., должность)', performer(data)],
    ['Сохранены обезличенные сведения для статистической отчётности', bulleted(data.keptForStatistics)],
  ];
  // The person who destroyed the data signs (order No 179), and the one responsible for the
  // processing confirms. An automatic erasure has no such person: the head signs instead.
  const performerName = data.performedBy.fullName?.trim();
  const position = data.performedBy.position?.trim();
  const signatures: SignatureLine[] = performerName
    ? [
        {
          role: `Лицо, уничтожившее персональные данные${position ? ` (${position})` : ''}:`,
          name: shortName(performerName),
          date: formatDate(data.erasedAt),
        },
        { role: 'Ответственный за организацию обработки персональных данных:' },
      ]
    : [
        { role: 'Ответственный за организацию обработки персональных данных:' },
        { role: 'Руководитель организации:' },
      ];
  return [
    { kind: 'header', organisation: org },
    { kind: 'title', text: `АКТ № ${data.actNumber}`, subtitle: 'об уничтожении персональных данных' },
    {
      kind: 'placeDate',
      place: org.municipality?.trim() || org.region?.trim() || '',
      date: formatDate(data.erasedAt),
    },
    {
      kind: 'paragraph',
      text:
        'Настоящий акт составлен о том, что персональные данные субъекта, указанные ниже, уничтожены ' +
        'в порядке, предусмотренном статьёй 21 Федерального закона от 27.07.2006 № 152-ФЗ ' +
        '«О персональных данных».',
      indent: true,
    },
    {
      kind: 'table',
      columns: [
        { title: 'Сведение', width: 0.36 },
        { title: 'Содержание', width: 0.64 },
      ],
      rows,
      boldFirstColumn: true,
    },
    {
      kind: 'paragraph',
      text:
        'Уничтоженные персональные данные восстановлению не подлежат. Сохранённые сведения не позволяют ' +
        'определить субъекта персональных данных без использования дополнительной информации и используются ' +
        'только для статистической отчётности по программе наставничества.',
      indent: true,
    },
    { kind: 'signatures', lines: signatures },
  ];
}

export function renderErasureActPdf(data: ErasureActData): Promise<Buffer> {
  return renderPdf(erasureActBlocks(data), {
    title: `Акт № ${data.actNumber} об уничтожении персональных данных`,
    author: data.organisation.fullName,
  });
}
