/**
 * The reader's notes: the document's annotations by page, the panel, and making a highlight
 * or a note from a selection or a click in the margin.
 */
import { useCallback, useMemo, useState, type MouseEvent as ReactMouseEvent, type RefObject } from 'react';
import type { Annotation } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { readSelection, useAnnotations, type AnnotationDraft } from '../annotations';

export function useReaderNotes(meetingId: string, documentId: string, scrollRef: RefObject<HTMLDivElement | null>) {
  const client = useClient();
  const annotations = useAnnotations(meetingId, documentId);
  const annotationsByPage = useMemo(() => {
    const map = new Map<number, Annotation[]>();
    for (const a of annotations.list) {
      if (a.carryOver === 'not_found') continue;
      const list = map.get(a.page) ?? [];
      list.push(a);
      map.set(a.page, list);
    }
    return map;
  }, [annotations.list]);
  const [notesOpen, setNotesOpen] = useState(false);
  const [activeAnnotation, setActiveAnnotation] = useState<string | null>(null);
  const [draft, setDraft] = useState<AnnotationDraft | null>(null);
  const [annotateError, setAnnotateError] = useState<unknown>(null);

  const openAnnotation = useCallback((id: string) => {
    setNotesOpen(true);
    setActiveAnnotation(id);
  }, []);
  const onPageNote = useCallback((page: number, anchor: { x: number; y: number }) => {
    setDraft({ page, quote: null, rects: [], anchor });
  }, []);

  // While selecting, the text layer's end marker covers the page (as in pdf.js's viewer), so
  // dragging across blank space between lines does not select the rest of the page.
  const onMouseDown = function onMouseDown(e: ReactMouseEvent) {
    (e.target as Element).closest('.textLayer')?.classList.add('selecting');
  }

  const onMouseUp = function onMouseUp() {
    for (const el of scrollRef.current?.querySelectorAll('.textLayer.selecting') ?? []) el.classList.remove('selecting');
    // After the browser has finished updating the selection.
    window.setTimeout(() => {
      const el = scrollRef.current;
      const sel = el ? readSelection(el) : null;
      if (sel) setDraft(sel);
    }, 0);
  }

  const saveAnnotation = async function saveAnnotation(kind: 'highlight' | 'note', color: string, note: string | null) {
    if (!draft) return;
    const d = draft;
    setDraft(null);
    window.getSelection()?.removeAllRanges();
    try {
      await client.annotations.add({ meetingId, documentId, page: d.page, kind, quote: d.quote, rects: d.rects, note, color });
      setAnnotateError(null);
      annotations.reload();
    } catch (err) {
      setAnnotateError(err);
    }
  }
  const closeDraft = useCallback(() => setDraft(null), []);

  return { annotations, annotationsByPage, notesOpen, setNotesOpen, activeAnnotation, draft, closeDraft, annotateError, setAnnotateError, openAnnotation, onPageNote, onMouseDown, onMouseUp, saveAnnotation };
}
