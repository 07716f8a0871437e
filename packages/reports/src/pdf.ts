/**
 * PDF renderer of the block model: A4, ГОСТ-like margins, DejaVu Serif (pdf-layout.ts).
 * Tables and signature lines live in pdf-table.ts.
 */
import PDFDocument from 'pdfkit';
import { organisationDetails, type Block, type DocumentMeta } from './blocks.ts';
import {
  FONT_REGULAR,
  LINE_GAP,
  MARGINS,
  SIZE,
  ensureSpace,
  frame,
  useFont,
  type Pdf,
} from './pdf-layout.ts';
import { drawSignatures, drawTable } from './pdf-table.ts';

/** Renders the blocks and returns the finished file. */
export function renderPdf(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    font: FONT_REGULAR,
    info: { Title: meta.title, Author: meta.author, Creator: 'Наставник' },
  });
  const done = collect(doc);
  for (const block of blocks) drawBlock(doc, block);
  numberPages(doc);
  doc.end();
  return done;
}

function collect(doc: Pdf): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

function drawBlock(doc: Pdf, block: Block): void {
  const { left, width } = frame(doc);
  switch (block.kind) {
    case 'header': {
      useFont(doc, true, SIZE.header).text(block.organisation.fullName, left, doc.y, {
        width,
        align: 'center',
        lineGap: LINE_GAP,
      });
      const details = organisationDetails(block.organisation);
      if (details) {
        useFont(doc, false, SIZE.small + 1).text(details, left, doc.y + 2, { width, align: 'center' });
      }
      const ruleY = doc.y + 4;
      doc
        .moveTo(left, ruleY)
        .lineTo(left + width, ruleY)
        .lineWidth(0.75)
        .stroke();
      doc.y = ruleY + 12;
      return;
    }
    case 'title': {
      ensureSpace(doc, 60);
      useFont(doc, true, SIZE.title).text(block.text, left, doc.y + 4, { width, align: 'center' });
      if (block.subtitle) {
        useFont(doc, true, SIZE.body).text(block.subtitle, left, doc.y + 2, {
          width,
          align: 'center',
          lineGap: LINE_GAP,
        });
      }
      doc.y += 10;
      return;
    }
    case 'placeDate': {
      ensureSpace(doc, 20);
      const y = doc.y;
      useFont(doc, false, SIZE.body).text(block.place, left, y, { width: width / 2 });
      const afterPlace = doc.y;
      doc.text(block.date, left + width / 2, y, { width: width / 2, align: 'right' });
      doc.y = Math.max(afterPlace, doc.y) + 10;
      return;
    }
    case 'heading': {
      // Keep a heading with at least three lines of what follows it.
      ensureSpace(doc, 60);
      useFont(doc, true, SIZE.body).text(block.text, left, doc.y + 6, { width, lineGap: LINE_GAP });
      doc.y += 4;
      return;
    }
    case 'paragraph': {
      useFont(doc, block.bold ?? false, SIZE.body).text(block.text, left, doc.y, {
        width,
        align: block.align ?? 'justify',
        indent: block.indent ? 28 : 0,
        lineGap: LINE_GAP,
      });
      doc.y += 3;
      return;
    }
    case 'list':
      drawList(doc, block.items, block.numbered ?? false);
      return;
    case 'table':
      drawTable(doc, block);
      return;
    case 'signatures':
      drawSignatures(doc, block.lines);
      return;
  }
}

/** Items with a hanging marker, so wrapped lines align with the text, not the number. */
function drawList(doc: Pdf, items: string[], numbered: boolean): void {
  const { left, width } = frame(doc);
  useFont(doc, false, SIZE.body);
  if (items.length === 0) {
    doc.text('нет', left + 14, doc.y, { width: width - 14 });
    doc.y += 5;
    return;
  }
  const markerWidth = numbered ? doc.widthOfString(`${items.length}. `) + 2 : 14;
  items.forEach((item, index) => {
    // The marker and the first line of the item must land on the same page.
    ensureSpace(doc, doc.currentLineHeight(true) + LINE_GAP);
    const y = doc.y;
    doc.text(numbered ? `${index + 1}.` : '—', left + 14, y, { width: markerWidth, lineBreak: false });
    doc.text(item, left + 14 + markerWidth, y, { width: width - 14 - markerWidth, lineGap: LINE_GAP });
    doc.y += 2;
  });
  doc.y += 4;
}

/** «стр. N из M» at the foot of each page, only for documents longer than one page. */
function numberPages(doc: Pdf): void {
  const range = doc.bufferedPageRange();
  if (range.count < 2) return;
  for (let index = 0; index < range.count; index++) {
    doc.switchToPage(range.start + index);
    const { left, width } = frame(doc);
    const bottomMargin = doc.page.margins.bottom;
    // Writing inside the bottom margin would otherwise make pdfkit open a new page.
    doc.page.margins.bottom = 0;
    useFont(doc, false, SIZE.small).text(
      `стр. ${index + 1} из ${range.count}`,
      left,
      doc.page.height - bottomMargin + 20,
      { width, align: 'right', lineBreak: false },
    );
    doc.page.margins.bottom = bottomMargin;
  }
}
