/** The reader's keys: find, print, close, zoom and page turns (only when not typing in a field). */
import { useEffect, type RefObject } from 'react';

export function useReaderKeys(
  findInput: RefObject<HTMLInputElement | null>,
  actions: { goTo: (page: number) => void; readingNow: () => number; numPages: number; zoomBy: (dir: 1 | -1) => void; onClose: () => void; print: () => void },
): void {
  const { goTo, readingNow, numPages, zoomBy, onClose, print } = actions;
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      const mod = e.ctrlKey || e.metaKey;
      if (mod && !e.shiftKey && e.key.toLowerCase() === 'f') {
        e.preventDefault();
        findInput.current?.focus();
        findInput.current?.select();
        return;
      }
      if (mod && e.key.toLowerCase() === 'p') {
        e.preventDefault();
        print();
        return;
      }
      if (e.key === 'Escape' && !typing) {
        onClose();
        return;
      }
      if (typing || e.altKey) return;
      if (mod && (e.key === '=' || e.key === '+')) {
        e.preventDefault();
        zoomBy(1);
        return;
      }
      if (mod && e.key === '-') {
        e.preventDefault();
        zoomBy(-1);
        return;
      }
      if (mod) return;
      const keys: Record<string, () => void> = {
        PageDown: () => goTo(readingNow() + 1),
        ArrowRight: () => goTo(readingNow() + 1),
        PageUp: () => goTo(readingNow() - 1),
        ArrowLeft: () => goTo(readingNow() - 1),
        Home: () => goTo(1),
        End: () => goTo(numPages),
        '+': () => zoomBy(1),
        '=': () => zoomBy(1),
        '-': () => zoomBy(-1),
      };
      const action = keys[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [goTo, readingNow, numPages, zoomBy, onClose, print, findInput]);

}
