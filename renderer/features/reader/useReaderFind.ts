/**
 * Find in the open document: the query (typed, or from a pack search or a note, which also
 * asks for a page), the hits by page, and bringing the selected hit into view.
 */
import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import type { Layout } from './layout';
import type { PageTextStore } from './pageText';
import { foldQuery, useFind, type FindMode, type HitSegment } from './useFind';

export interface ReaderRequest {
  page: number | null;
  find: string | null;
  seq: number;
}

export function useReaderFind(
  texts: PageTextStore,
  numPages: number,
  pages: { layout: Layout; goTo: (page: number) => void; currentPage: number; viewHeight: number },
  request: ReaderRequest,
  scrollRef: RefObject<HTMLDivElement | null>,
) {
  const { layout, goTo, viewHeight } = pages;
  const [findQuery, setFindQuery] = useState('');
  const [activeQuery, setActiveQuery] = useState('');
  const findStart = useRef(1);
  useEffect(() => {
    const timer = window.setTimeout(() => setActiveQuery(findQuery), 200);
    return () => window.clearTimeout(timer);
  }, [findQuery]);
  const [findMode, setFindMode] = useState<FindMode>('phrase');
  const [find, selectHit] = useFind(texts, numPages, activeQuery, findStart.current, findMode);
  // Words a pack search matched need not stand together on the page; if the phrase is not
  // there, show each word, as the search did.
  const fromSearch = useRef<string | null>(null);
  useEffect(() => {
    const finished = find.done && find.key === `phrase:${foldQuery(activeQuery)}`;
    if (finished && find.matches.length === 0 && findMode === 'phrase' && fromSearch.current === activeQuery && /\s/.test(activeQuery.trim())) setFindMode('words');
  }, [find.done, find.key, find.matches.length, findMode, activeQuery]);
  const [revealToken, setRevealToken] = useState(0);

  const hitsByPage = useMemo(() => {
    const map = new Map<number, HitSegment[][]>();
    for (const m of find.matches) {
      const list = map.get(m.page) ?? [];
      list.push(m.segments);
      map.set(m.page, list);
    }
    return map;
  }, [find.matches]);
  const selected = find.matches[find.current] ?? null;
  const selectedLocal = useMemo(() => (selected ? (hitsByPage.get(selected.page)?.indexOf(selected.segments) ?? -1) : -1), [selected, hitsByPage]);

  // Bring the selected hit into view: its page first, then the words themselves.
  const selectedKey = selected ? `${activeQuery}\u0000${find.current}` : '';
  useEffect(() => {
    if (!selected) return;
    const el = scrollRef.current;
    const top = layout.tops[selected.page - 1] ?? 0;
    if (el && (top + 40 < el.scrollTop || top > el.scrollTop + el.clientHeight - 80)) goTo(selected.page);
    setRevealToken((n) => n + 1);
  // Keyed on the selection only: matches growing in the background must not move the view.
  }, [selectedKey]);

  // A request from search or a note: land on its page, with its words found.
  useEffect(() => {
    if (viewHeight === 0) return;
    if (request.page) {
      findStart.current = request.page;
      goTo(request.page);
    }
    if (request.find !== null) {
      fromSearch.current = request.find;
      setFindMode('phrase');
      setFindQuery(request.find);
      setActiveQuery(request.find);
    }
  // Once per request, as soon as the view has a size to lay pages out in.
  }, [request.seq, viewHeight > 0]);

  function onFindChange(q: string) {
    findStart.current = pages.currentPage;
    fromSearch.current = null;
    setFindMode('phrase');
    setFindQuery(q);
  }

  return { findQuery, activeQuery, find, selectHit, hitsByPage, selected, selectedLocal, revealToken, onFindChange };
}
