/**
 * Page text for find-in-document, kept as strings only (not pdf.js's text items with their
 * geometry), so a 1,000-page document costs a few megabytes. The item boundaries match
 * the text layer's divs one for one, which is how a hit is highlighted on screen.
 */
import type { PDFDocumentProxy } from './pdfjs';
import { foldWithOffsets, type Folded } from '../../../shared/text/fold';
import { lastAtOrBefore } from './bisect';

export interface PageText {
  items: string[];
  /** Offset of each item in `text`. */
  starts: number[];
  text: string;
  folded: Folded;
}

export class PageTextStore {
  private readonly pages = new Map<number, Promise<PageText>>();

  constructor(private readonly pdf: PDFDocumentProxy) {}

  get(pageNumber: number): Promise<PageText> {
    let p = this.pages.get(pageNumber);
    if (!p) {
      p = this.load(pageNumber);
      // A page that failed to load text is retried next time rather than cached empty.
      p.catch(() => this.pages.delete(pageNumber));
      this.pages.set(pageNumber, p);
    }
    return p;
  }

  private async load(pageNumber: number): Promise<PageText> {
    const page = await this.pdf.getPage(pageNumber);
    const content = await page.getTextContent();
    const items: string[] = [];
    const starts: number[] = [];
    let text = '';
    for (const item of content.items) {
      if (!('str' in item)) continue;
      starts.push(text.length);
      items.push(item.str);
      text += item.str;
      // A line end between items is a word break the reader sees; keep it for matching.
      if (item.hasEOL) text += '\n';
    }
    return { items, starts, text, folded: foldWithOffsets(text) };
  }
}

/** Index of the item that holds text offset `at`. */
export function itemAt(starts: readonly number[], at: number): number {
  return lastAtOrBefore(starts, at);
}
