/**
 * Find in document: every page's text is searched in order, in the background, so the
 * count grows as pages are read and the first hit can be shown before the last page is.
 */
import { useEffect, useMemo, useState } from 'react';
import { findAll, foldQuery } from '../../../shared/text/fold';

export { foldQuery };
import { itemAt, type PageTextStore } from './pageText';

/** Part of a hit inside one text item (one text-layer div). */
export interface HitSegment {
  item: number;
  from: number;
  to: number;
}

export interface FindMatch {
  page: number;
  segments: HitSegment[];
}

export interface FindState {
  /** The folded query (and mode) these matches are for. */
  key: string;
  matches: FindMatch[];
  /** Index in `matches` of the selected hit; -1 when none. */
  current: number;
  /** True once every page has been searched. */
  done: boolean;
}

const idle: FindState = { key: '', matches: [], current: -1, done: true };

/**
 * 'phrase' finds the words together, as typed; 'words' finds each word on its own, which is
 * how the pack search matched (a full-text index), so a page found there always shows hits.
 */
export type FindMode = 'phrase' | 'words';

export function useFind(store: PageTextStore | null, numPages: number, query: string, startPage: number, mode: FindMode = 'phrase'): [FindState, (index: number) => void] {
  const [state, setState] = useState<FindState>(idle);
  const folded = useMemo(() => foldQuery(query), [query]);

  useEffect(() => {
    if (!store || !folded) {
      setState(idle);
      return;
    }
    let cancelled = false;
    const found: FindMatch[] = [];
    let current = -1;
    const key = `${mode}:${folded}`;
    setState({ key, matches: [], current: -1, done: false });
    void (async () => {
      let lastPublished = 0;
      for (let page = 1; page <= numPages && !cancelled; page++) {
        let text;
        try {
          text = await store.get(page);
        } catch {
          continue; // a page without readable text has no hits; the others still count
        }
        if (cancelled) return;
        const ranges =
          mode === 'phrase'
            ? findAll(text.folded, text.text.length, folded)
            : folded
                .split(' ')
                .filter(Boolean)
                .flatMap((w) => findAll(text.folded, text.text.length, w, true))
                .sort((a, b) => a.start - b.start);
        for (const range of ranges) {
          found.push({ page, segments: segmentsOf(text.starts, text.items, range.start, range.end) });
          // Start from the page being read, as a reader expects, not from page 1.
          if (current < 0 && page >= startPage) current = found.length - 1;
        }
        // Publishing every page would re-render 1,000 times; a few times a second is enough.
        const now = performance.now();
        if (now - lastPublished > 120 || (current >= 0 && lastPublished === 0)) {
          lastPublished = now;
          setState({ key, matches: found.slice(), current, done: false });
        }
      }
      if (!cancelled) setState({ key, matches: found.slice(), current: current < 0 && found.length > 0 ? 0 : current, done: true });
    })();
    return () => {
      cancelled = true;
    };
    // startPage is read once per query on purpose: scrolling must not move the selected hit.
  }, [store, numPages, folded, mode]);

  const select = (index: number) => setState((s) => (s.matches.length === 0 ? s : { ...s, current: ((index % s.matches.length) + s.matches.length) % s.matches.length }));
  return [state, select];
}

function segmentsOf(starts: readonly number[], items: readonly string[], start: number, end: number): HitSegment[] {
  const out: HitSegment[] = [];
  for (let i = itemAt(starts, start); i < items.length; i++) {
    const base = starts[i] ?? 0;
    if (base >= end) break;
    const len = items[i]?.length ?? 0;
    const from = Math.max(start, base) - base;
    const to = Math.min(end, base + len) - base;
    if (to > from) out.push({ item: i, from, to });
  }
  return out;
}
