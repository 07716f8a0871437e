/**
 * Printable consent to the processing of personal data (152-ФЗ, art. 9), pre-filled for
 * signature: by the person, or — for a minor — by a legal representative, whose name and
 * relation are left as blank lines when not yet known.
 */
import { paragraphs, type Block, type OrganisationHeader, type SignatureLine } from './blocks.ts';
import { renderDocx } from './docx.ts';
import { BLANK, formatDate, orBlank, shortName } from './format.ts';
import { renderPdf } from './pdf.ts';

export interface ConsentFormData {
  organisation: OrganisationHeader;
  person: { fullName: string; birthDate: string | null; category: string };
  representative?: { fullName: string | null; relation: string | null } | null;
  version: { code: string; title: string; body: string; categories: string[] };
  date?: string | null;
}

const LONG_BLANK = '________________________________________';

export function consentFormBlocks(data: ConsentFormData): Block[] {
  const { organisation: org, person, representative, version } = data;
  const birth = formatDate(person.birthDate, BLANK);
  const subject = `${person.fullName}, дата рождения ${birth}, категория участника: ${person.category}`;
  const opening = representative
    ? `Я, ${orBlank(representative.fullName, LONG_BLANK)}, являясь законным представителем ` +
      `(${orBlank(representative.relation, `кем приходится: ${BLANK}`)}) несовершеннолетнего участника программы наставничества ` +
      `${subject},`
    : `Я, ${subject},`;
  const operator = [
    `Оператор персональных данных: ${org.fullName}`,
    org.address?.trim() ? `адрес: ${org.address.trim()}` : '',
    org.inn?.trim() ? `ИНН ${org.inn.trim()}` : '',
  ]
    .filter((part) => part)
    .join(', ');
  const signer: SignatureLine = representative
    ? {
        role: 'Законный представитель несовершеннолетнего:',
        name: representative.fullName?.trim() ? shortName(representative.fullName) : null,
        date: formatDate(data.date) || null,
      }
    : {
        role: 'Субъект персональных данных:',
        name: shortName(person.fullName),
        date: formatDate(data.date) || null,
      };
  return [
    { kind: 'header', organisation: org },
    { kind: 'title', text: 'СОГЛАСИЕ', subtitle: 'на обработку персональных данных' },
    { kind: 'paragraph', text: `${version.title} (редакция ${version.code})`, align: 'center' },
    { kind: 'paragraph', text: opening, indent: true },
    ...paragraphs(version.body).map((text): Block => ({ kind: 'paragraph', text, indent: true })),
    { kind: 'heading', text: 'Перечень персональных данных, на обработку которых даётся согласие:' },
    { kind: 'list', items: version.categories, numbered: true },
    // Left-aligned: justifying a line of long names and an address spreads it into gaps.
    // The date is not repeated here: the signature line carries it (or a blank for the pen).
    { kind: 'paragraph', text: `${operator}.`, align: 'left' },
    { kind: 'signatures', lines: [signer] },
  ];
}

function meta(data: ConsentFormData) {
  return {
    title: `Согласие на обработку персональных данных — ${data.person.fullName}`,
    author: data.organisation.fullName,
  };
}

export function renderConsentFormDocx(data: ConsentFormData): Promise<Buffer> {
  return renderDocx(consentFormBlocks(data), meta(data));
}

export function renderConsentFormPdf(data: ConsentFormData): Promise<Buffer> {
  return renderPdf(consentFormBlocks(data), meta(data));
}
