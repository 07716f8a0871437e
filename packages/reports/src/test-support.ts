/**
 * Sample data and file readers for the renderers' tests (not exported from the package).
 * pdftotext (poppler-utils) proves the Cyrillic glyphs are embedded: text that extracts
 * exactly was drawn with a font that has it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type { ConsentFormData } from './consent-form.ts';
import type { ErasureActData } from './erasure-act.ts';
import type { SubjectAccessData } from './subject-access.ts';
import type { OrganisationHeader } from './blocks.ts';
import { NATIONAL_CONSENT_VERSIONS, DATA_CATEGORIES } from '@nastavnik/domain';

export const organisation: OrganisationHeader = {
  fullName:
    'Муниципальное казённое общеобразовательное учреждение «Степновская средняя общеобразовательная школа»',
  shortName: 'МКОУ «Степновская СОШ»',
  address: '357930, Ставропольский край, Степновский муниципальный округ, с. Степное, ул. Школьная, д. 12',
  inn: '2617004321',
  municipality: 'с. Степное',
  region: 'Ставропольский край',
};

const version = NATIONAL_CONSENT_VERSIONS[1]!;

export const adultConsent: ConsentFormData = {
  organisation,
  person: { fullName: 'Щербакова Юлия Эдуардовна', birthDate: '1987-04-09', category: 'Педагог' },
  representative: null,
  version: {
    code: version.code,
    title: version.title,
    body: version.body,
    categories: version.categories.map((code) => DATA_CATEGORIES[code]),
  },
  date: '2026-03-12',
};

export const minorConsent: ConsentFormData = {
  ...adultConsent,
  person: { fullName: 'Ёлкин Фёдор Артёмович', birthDate: '2011-11-30', category: 'Обучающийся' },
  representative: { fullName: null, relation: null },
  date: null,
};

export const erasureAct: ErasureActData = {
  organisation,
  actNumber: 'У-2026-0007',
  subjectFullName: 'Щербакова Юлия Эдуардовна',
  reason: 'withdrawal',
  reasonDetails: 'отзыв согласия от 12.03.2026',
  erasedAt: '2026-03-13T07:30:00.000Z',
  destroyedCategories: [
    'фамилия, имя, отчество',
    'точная дата рождения',
    'контактные данные (телефон, адрес электронной почты)',
    'СНИЛС',
    'ответы анкет',
  ],
  keptForStatistics: ['год рождения', 'категория участника', 'псевдонимный ключ'],
  method: 'удаление записей из базы данных информационной системы «Наставник»',
  performedBy: { fullName: 'Громова Анна Сергеевна', position: 'куратор программы наставничества' },
};

export const subjectAccess: SubjectAccessData = {
  organisation,
  generatedAt: '2026-03-20T09:00:00.000Z',
  person: {
    fullName: 'Щербакова Юлия Эдуардовна',
    fields: [
      { label: 'Дата рождения', value: '09.04.1987' },
      { label: 'Категория участника', value: 'Педагог' },
      { label: 'Телефон', value: '+7 928 000-00-00' },
      { label: 'Компетенции', value: 'Методика преподавания математики; подготовка к олимпиадам' },
    ],
  },
  consents: [
    {
      givenAt: '2024-09-02',
      givenBy: 'субъект',
      representative: null,
      version: 'v2-2023 — Согласие участника программы наставничества (2023, со СНИЛС)',
      withdrawnAt: null,
    },
  ],
  questionnaires: [
    {
      title: 'Анкета наставника',
      filledAt: '2024-09-10',
      answers: [
        { question: 'Опыт наставничества', answer: 'Три года, два молодых специалиста' },
        { question: 'Желаемая частота встреч', answer: 'Раз в неделю' },
      ],
    },
  ],
  participations: [
    {
      programme: 'Педагог — педагог, 2024–2025',
      role: 'Наставник',
      form: 'педагог — педагог',
      start: '2024-09-15',
      end: null,
      status: 'идёт',
    },
  ],
  surveys: [{ submittedAt: '2025-05-20T10:00:00Z', role: 'Наставник', overallScore: 8.5 }],
  purposes: 'Реализация целевой модели наставничества: формирование баз наставников и наставляемых.',
};

export function hasPdftotext(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The text of a PDF with runs of white space folded to one space (wrapped lines join up).
 * -raw keeps the drawing order: the default mode takes the wide gaps of justified lines for
 * column breaks and shuffles words.
 */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', '-', '-'], { input: pdf })
    .toString('utf8')
    .replace(/\s+/g, ' ');
}

export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

/** word/document.xml and word/styles.xml of a DOCX, and the plain text of its runs (w:t), joined. */
export async function docxContent(docx: Buffer): Promise<{ xml: string; styles: string; text: string }> {
  const zip = await JSZip.loadAsync(docx);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const styles = (await zip.file('word/styles.xml')?.async('string')) ?? '';
  const text = [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((match) => match[1]).join(' ');
  return { xml, styles, text: text.replace(/\s+/g, ' ') };
}

/** Names of the fonts embedded in a PDF, from `pdffonts` (poppler-utils). */
export function pdfFonts(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'reports-'));
  const file = join(dir, 'file.pdf');
  try {
    writeFileSync(file, pdf);
    return execFileSync('pdffonts', [file]).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Milliseconds one render takes once warm (the first call loads and parses the fonts). */
export async function warmTiming(render: () => Promise<Buffer>): Promise<number> {
  await render();
  const start = performance.now();
  await render();
  return performance.now() - start;
}

/** Explains, once per file, why the text assertions were skipped. */
export function warnIfNoPoppler(): void {
  if (!hasPdftotext()) {
    console.warn('pdftotext (poppler-utils) is not installed: PDF text assertions are skipped.');
  }
}
