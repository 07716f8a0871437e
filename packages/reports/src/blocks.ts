/**
 * A tiny document model: each document is built once as a list of blocks, and pdf.ts / docx.ts
 * turn the same blocks into PDF or DOCX. So the consent form reads the same in both formats,
 * and layout rules (header, signature lines, empty lists) live in one place per format.
 */

export interface OrganisationHeader {
  fullName: string;
  shortName?: string | null;
  address?: string | null;
  inn?: string | null;
  municipality?: string | null;
  region?: string | null;
}

/** One line to sign: who signs, and what can be pre-filled under «расшифровка» and «дата». */
export interface SignatureLine {
  role: string;
  name?: string | null;
  date?: string | null;
}

export interface TableColumn {
  title: string;
  /** Share of the text width; the shares of a table add up to 1. */
  width: number;
}

export type Block =
  | { kind: 'header'; organisation: OrganisationHeader }
  | { kind: 'title'; text: string; subtitle?: string | null }
  /** A place on the left and a date on the right, on one line (the top of an act). */
  | { kind: 'placeDate'; place: string; date: string }
  | { kind: 'heading'; text: string }
  | {
      kind: 'paragraph';
      text: string;
      bold?: boolean;
      indent?: boolean;
      align?: 'left' | 'justify' | 'center';
    }
  /** Prints 'нет' when empty. */
  | { kind: 'list'; items: string[]; numbered?: boolean }
  /**
   * Bordered table. A cell's text may hold several paragraphs separated by '\n'; a row too
   * tall for the page is continued on the next one at a paragraph boundary. No rows → 'нет'.
   */
  | {
      kind: 'table';
      columns: TableColumn[];
      rows: string[][];
      headerRow?: boolean;
      boldFirstColumn?: boolean;
    }
  | { kind: 'signatures'; lines: SignatureLine[] };

export interface DocumentMeta {
  title: string;
  author: string;
}

/** The line under the header: address, ИНН, region / municipality — whichever are known. */
export function organisationDetails(org: OrganisationHeader): string {
  const place = [org.region, org.municipality].filter((part) => part && part.trim()).join(', ');
  const parts = [org.address?.trim() || place, org.inn?.trim() ? `ИНН ${org.inn.trim()}` : ''].filter(
    (part) => part,
  );
  return parts.join('; ');
}

/** Splits a text body into paragraphs on blank lines, dropping empty ones. */
export function paragraphs(text: string): string[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/\s*\n\s*/g, ' ').trim())
    .filter((part) => part);
}
