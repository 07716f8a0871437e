/**
 * Bordered tables and signature lines for pdfkit. pdfkit's own table cannot continue one tall
 * row on the next page, and an act's list of destroyed categories may be long, so rows are
 * laid out here: a row that does not fit is split between paragraphs of its cells.
 */
import type { Block, SignatureLine } from './blocks.ts';
import { LINE_GAP, SIZE, ensureSpace, frame, useFont, type Pdf } from './pdf-layout.ts';

const PAD = 4;
const PARAGRAPH_GAP = 2;
const BORDER = 0.6;

type TableBlock = Extract<Block, { kind: 'table' }>;

interface Column {
  x: number;
  width: number;
  bold: boolean;
}

export function drawTable(doc: Pdf, table: TableBlock): void {
  const { left, width } = frame(doc);
  if (table.rows.length === 0) {
    useFont(doc, false, SIZE.body).text('нет', left, doc.y, { width });
    doc.y += 5;
    return;
  }
  let x = left;
  const columns: Column[] = table.columns.map((column, index) => {
    const placed = { x, width: column.width * width, bold: index === 0 && (table.boldFirstColumn ?? false) };
    x += placed.width;
    return placed;
  });
  const header = table.headerRow ? table.columns.map((column) => column.title) : null;
  const headerColumns = columns.map((column) => ({ ...column, bold: true }));
  if (header) {
    // No header left alone at the foot of a page.
    ensureSpace(doc, 60);
    drawRow(doc, headerColumns, header, null);
  }
  for (const row of table.rows)
    drawRow(doc, columns, row, header && { columns: headerColumns, cells: header });
  doc.y += 8;
}

interface CellParagraph {
  text: string;
  /** '— item' paragraphs hang: wrapped lines align with the item, not the dash. */
  bullet: boolean;
  height: number;
}

const BULLET = '— ';
const BULLET_INDENT = 12;

/** Paragraphs of one cell, each measured for the column width. */
function measure(doc: Pdf, column: Column, text: string): CellParagraph[] {
  useFont(doc, column.bold, SIZE.table);
  return text
    .split('\n')
    .filter((part, index, all) => part.trim() || all.length === 1)
    .map((part) => {
      const bullet = part.startsWith(BULLET);
      const body = bullet ? part.slice(BULLET.length) : part;
      const width = column.width - 2 * PAD - (bullet ? BULLET_INDENT : 0);
      return {
        text: body,
        bullet,
        height: doc.heightOfString(body || ' ', { width, lineGap: LINE_GAP }) + PARAGRAPH_GAP,
      };
    });
}

function drawParagraph(doc: Pdf, column: Column, paragraph: CellParagraph, y: number): void {
  const x = column.x + PAD;
  const width = column.width - 2 * PAD;
  if (!paragraph.bullet) {
    doc.text(paragraph.text, x, y, { width, lineGap: LINE_GAP });
    return;
  }
  doc.text(BULLET.trim(), x, y, { width: BULLET_INDENT, lineBreak: false });
  doc.text(paragraph.text, x + BULLET_INDENT, y, { width: width - BULLET_INDENT, lineGap: LINE_GAP });
}

function drawRow(
  doc: Pdf,
  columns: Column[],
  cells: string[],
  repeatHeader: { columns: Column[]; cells: string[] } | null,
): void {
  const pending = columns.map((column, index) => measure(doc, column, cells[index] ?? ''));
  // On a fresh page even a paragraph taller than the page is drawn: there is nowhere better.
  let fresh = doc.y <= frame(doc).top + 1;
  const nextPage = () => {
    doc.addPage();
    if (repeatHeader) drawRow(doc, repeatHeader.columns, repeatHeader.cells, null);
    fresh = true;
  };
  for (;;) {
    const { bottom } = frame(doc);
    // A point or two of slack: pdfkit's own line-fit test must agree with this measure.
    const room = bottom - doc.y - 2 * PAD - 2;
    const taken = pending.map((paragraphs) => {
      let height = 0;
      let count = 0;
      for (const paragraph of paragraphs) {
        if (height + paragraph.height > room && (count > 0 || !fresh)) break;
        height += paragraph.height;
        count++;
      }
      return { count, height };
    });
    const stuck = taken.some((cell, index) => cell.count === 0 && (pending[index]?.length ?? 0) > 0);
    if (stuck) {
      // The first paragraph of some cell does not fit below: start the row on a fresh page.
      nextPage();
      continue;
    }
    const y = doc.y;
    const rowHeight = Math.max(...taken.map((cell) => cell.height)) + 2 * PAD;
    columns.forEach((column, index) => {
      const paragraphs = pending[index]?.splice(0, taken[index]?.count ?? 0) ?? [];
      let textY = y + PAD;
      useFont(doc, column.bold, SIZE.table);
      for (const paragraph of paragraphs) {
        drawParagraph(doc, column, paragraph, textY);
        textY += paragraph.height;
      }
      doc.lineWidth(BORDER).rect(column.x, y, column.width, rowHeight).stroke();
    });
    doc.y = y + rowHeight;
    if (pending.every((paragraphs) => paragraphs.length === 0)) return;
    nextPage();
  }
}

/**
 * «____ / ____ / ____» with «подпись», «расшифровка», «дата» under the lines; a known name
 * or date is printed above its line, the rest is left blank for the pen.
 */
export function drawSignatures(doc: Pdf, lines: SignatureLine[]): void {
  const { left, width } = frame(doc);
  doc.y += 6;
  const separator = 14;
  const slots = [0.3, 0.42, 0.28].map((share) => share * (width - 2 * separator));
  for (const line of lines) {
    // The role, its line and the captions stay together.
    ensureSpace(doc, 54);
    useFont(doc, false, SIZE.body).text(line.role, left, doc.y, { width, lineGap: LINE_GAP });
    const lineY = doc.y + 20;
    const values = ['', line.name ?? '', line.date ?? ''];
    const captions = ['подпись', 'расшифровка', 'дата'];
    let x = left;
    slots.forEach((slotWidth, index) => {
      if (values[index]) {
        useFont(doc, false, SIZE.body).text(values[index] ?? '', x, lineY - 14, {
          width: slotWidth,
          align: 'center',
          lineBreak: false,
          ellipsis: true,
          height: 14,
        });
      }
      doc
        .moveTo(x, lineY)
        .lineTo(x + slotWidth, lineY)
        .lineWidth(0.6)
        .stroke();
      useFont(doc, false, SIZE.small).text(captions[index] ?? '', x, lineY + 2, {
        width: slotWidth,
        align: 'center',
        lineBreak: false,
      });
      x += slotWidth;
      if (index < slots.length - 1) {
        useFont(doc, false, SIZE.body).text('/', x, lineY - 13, {
          width: separator,
          align: 'center',
          lineBreak: false,
        });
        x += separator;
      }
    });
    doc.y = lineY + 16;
  }
}
