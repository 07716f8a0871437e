/**
 * pdfkit primitives shared by pdf.ts and pdf-table.ts: fonts, sizes, the text frame of a page.
 * DejaVu Serif is a Times-like serif with full Cyrillic; pdfkit embeds it as a subset.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// Resolved from this file, not the cwd, so the API, the worker and tests all find the fonts.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
export const FONT_REGULAR = join(FONT_DIR, 'DejaVuSerif.ttf');
export const FONT_BOLD = join(FONT_DIR, 'DejaVuSerif-Bold.ttf');

/** Point sizes. DejaVu Serif is wider than Times, so 10.5 pt here reads like Times 12 pt. */
export const SIZE = { body: 10.5, table: 9.5, small: 8, header: 11.5, title: 13 } as const;
export const LINE_GAP = 1;

/** 25 mm left (room to file), 15 mm right, 20 mm top and bottom: within ГОСТ Р 7.0.97 for office papers. */
export const MARGINS = { top: 57, bottom: 57, left: 71, right: 42 };

export type Pdf = PDFKit.PDFDocument;

export interface Frame {
  left: number;
  width: number;
  bottom: number;
  top: number;
}

export function frame(doc: Pdf): Frame {
  const { margins, width, height } = doc.page;
  return {
    left: margins.left,
    width: width - margins.left - margins.right,
    bottom: height - margins.bottom,
    top: margins.top,
  };
}

/** Starts a new page unless `height` more points fit on this one. */
export function ensureSpace(doc: Pdf, height: number): void {
  if (doc.y + height > frame(doc).bottom) doc.addPage();
}

export function useFont(doc: Pdf, bold: boolean, size: number): Pdf {
  return doc.font(bold ? FONT_BOLD : FONT_REGULAR).fontSize(size);
}
