/**
 * DOCX renderer of the block model: A4, Times New Roman 12 pt (14 pt titles), the margins of
 * Russian office papers, bordered tables whose header row repeats on each page.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Packer,
  PageNumber,
  Paragraph,
  Tab,
  TabStopType,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
} from 'docx';
import { organisationDetails, type Block, type DocumentMeta, type SignatureLine } from './blocks.ts';

const FONT = 'Times New Roman';
/** Half-points, as docx counts them. */
const SIZE = { body: 24, table: 22, small: 16, title: 28 } as const;
/** Twips: A4, 25 mm left, 15 mm right, 20 mm top and bottom (ГОСТ Р 7.0.97). */
const PAGE = { width: 11906, height: 16838, left: 1417, right: 850, top: 1134, bottom: 1134 } as const;
const CONTENT_WIDTH = PAGE.width - PAGE.left - PAGE.right;
const FIRST_LINE = 709; // 1.25 cm paragraph indent
/** Characters in a table row below which Word is told not to split it between pages. */
const SHORT_ROW = 400;

const LINE = { style: BorderStyle.SINGLE, size: 4, color: '000000' } as const;
const NO_LINE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

export function renderDocx(blocks: Block[], meta: DocumentMeta): Promise<Buffer> {
  const document = new Document({
    creator: 'Наставник',
    title: meta.title,
    description: meta.author,
    styles: {
      default: {
        document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 60 } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        footers: { default: pageNumberFooter() },
        children: blocks.flatMap(toDocx),
      },
    ],
  });
  return Packer.toBuffer(document);
}

function run(text: string, options: { bold?: boolean; size?: number } = {}): TextRun {
  return new TextRun({ text, bold: options.bold ?? false, size: options.size ?? SIZE.body });
}

function pageNumberFooter(): Footer {
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.RIGHT,
        children: [
          new TextRun({
            children: ['стр. ', PageNumber.CURRENT, ' из ', PageNumber.TOTAL_PAGES],
            size: SIZE.small,
          }),
        ],
      }),
    ],
  });
}

function toDocx(block: Block): FileChild[] {
  switch (block.kind) {
    case 'header': {
      const details = organisationDetails(block.organisation);
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          children: [run(block.organisation.fullName, { bold: true })],
          spacing: { after: details ? 0 : 120 },
          border: details ? undefined : { bottom: { ...LINE, size: 6, space: 4 } },
        }),
        ...(details
          ? [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [run(details, { size: SIZE.small + 2 })],
                border: { bottom: { ...LINE, size: 6, space: 4 } },
                spacing: { after: 240 },
              }),
            ]
          : []),
      ];
    }
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          spacing: { before: 120, after: block.subtitle ? 0 : 240 },
          children: [run(block.text, { bold: true, size: SIZE.title })],
        }),
        ...(block.subtitle
          ? [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                keepNext: true,
                spacing: { after: 240 },
                children: [run(block.subtitle, { bold: true })],
              }),
            ]
          : []),
      ];
    case 'placeDate':
      return [
        new Paragraph({
          tabStops: [{ type: TabStopType.RIGHT, position: CONTENT_WIDTH }],
          spacing: { after: 240 },
          children: [run(block.place), new TextRun({ children: [new Tab(), block.date], size: SIZE.body })],
        }),
      ];
    case 'heading':
      return [
        new Paragraph({
          keepNext: true,
          spacing: { before: 200, after: 100 },
          children: [run(block.text, { bold: true })],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          alignment: {
            left: AlignmentType.LEFT,
            justify: AlignmentType.JUSTIFIED,
            center: AlignmentType.CENTER,
          }[block.align ?? 'justify'],
          indent: block.indent ? { firstLine: FIRST_LINE } : undefined,
          spacing: { after: 100 },
          children: [run(block.text, { bold: block.bold ?? false })],
        }),
      ];
    case 'list':
      if (block.items.length === 0) return [new Paragraph({ indent: { left: 360 }, children: [run('нет')] })];
      return block.items.map(
        (item, index) =>
          new Paragraph({
            // A hanging indent keeps wrapped lines under the text, not under the marker.
            indent: { left: 720, hanging: 360 },
            children: [
              run(block.numbered ? `${index + 1}.` : '—'),
              new TextRun({ children: [new Tab(), item] }),
            ],
            tabStops: [{ type: TabStopType.LEFT, position: 720 }],
          }),
      );
    case 'table':
      return tableBlock(block);
    case 'signatures':
      return block.lines.flatMap(signature);
  }
}

function cellParagraphs(text: string, bold: boolean): Paragraph[] {
  const parts = text.split('\n').filter((part) => part.trim());
  return (parts.length ? parts : ['']).map((part) =>
    part.startsWith('— ')
      ? // '— item' hangs, as in the PDF: wrapped lines align with the item, not the dash.
        new Paragraph({
          spacing: { after: 0 },
          indent: { left: 284, hanging: 284 },
          tabStops: [{ type: TabStopType.LEFT, position: 284 }],
          children: [
            run('—', { size: SIZE.table }),
            new TextRun({ children: [new Tab(), part.slice(2)], size: SIZE.table, bold }),
          ],
        })
      : new Paragraph({ spacing: { after: 0 }, children: [run(part, { bold, size: SIZE.table })] }),
  );
}

function tableBlock(block: Extract<Block, { kind: 'table' }>): FileChild[] {
  if (block.rows.length === 0) return [new Paragraph({ children: [run('нет')] })];
  const widths = block.columns.map((column) => Math.round(column.width * CONTENT_WIDTH));
  const cell = (text: string, index: number, bold: boolean) =>
    new TableCell({
      width: { size: widths[index] ?? 0, type: WidthType.DXA },
      margins: { top: 40, bottom: 40, left: 80, right: 80 },
      children: cellParagraphs(text, bold),
    });
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        // Short rows stay whole; a row with a long answer may run on to the next page.
        cantSplit: row.join('').length < SHORT_ROW,
        children: block.columns.map((_, index) =>
          cell(row[index] ?? '', index, index === 0 && (block.boldFirstColumn ?? false)),
        ),
      }),
  );
  if (block.headerRow) {
    rows.unshift(
      new TableRow({
        tableHeader: true,
        cantSplit: true,
        children: block.columns.map((column, index) => cell(column.title, index, true)),
      }),
    );
  }
  return [
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: {
        top: LINE,
        bottom: LINE,
        left: LINE,
        right: LINE,
        insideHorizontal: LINE,
        insideVertical: LINE,
      },
      rows,
    }),
    new Paragraph({ spacing: { after: 120 }, children: [] }),
  ];
}

/**
 * The role, then a borderless table: «____ / ____ / ____» with the captions «подпись»,
 * «расшифровка», «дата» under the lines; a known name or date is printed on its line.
 */
function signature(line: SignatureLine): FileChild[] {
  const separator = 300;
  const slots = [0.3, 0.42, 0.28].map((share) => Math.round(share * (CONTENT_WIDTH - 2 * separator)));
  const widths = [slots[0], separator, slots[1], separator, slots[2]].map((width) => width ?? 0);
  const values = ['', '/', line.name ?? '', '/', line.date ?? ''];
  const captions = ['подпись', '', 'расшифровка', '', 'дата'];
  const cell = (text: string, index: number, size: number, underline: boolean) =>
    new TableCell({
      width: { size: widths[index] ?? 0, type: WidthType.DXA },
      borders: { top: NO_LINE, left: NO_LINE, right: NO_LINE, bottom: underline ? LINE : NO_LINE },
      children: [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 0 },
          children: [run(text, { size })],
        }),
      ],
    });
  return [
    new Paragraph({ keepNext: true, spacing: { before: 240, after: 240 }, children: [run(line.role)] }),
    new Table({
      width: { size: CONTENT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: TableBorders.NONE,
      rows: [
        new TableRow({
          cantSplit: true,
          children: values.map((value, index) => cell(value, index, SIZE.body, index % 2 === 0)),
        }),
        new TableRow({
          cantSplit: true,
          children: captions.map((caption, index) => cell(caption, index, SIZE.small, false)),
        }),
      ],
    }),
  ];
}
