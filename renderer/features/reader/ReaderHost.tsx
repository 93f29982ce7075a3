import { lazy, Suspense, useEffect, useMemo } from 'react';
import { createPortal } from 'react-dom';
import type { MeetingView } from '../../../shared/contract';
import { closeDocument, registerHost, useReaderTarget } from '../../app/navigation';
import styles from './reader.module.css';

// pdf.js is a megabyte of script: loaded when a document is first opened, not at start-up.
let loaded: typeof import('./Reader') | null = null;
const loadReader = () => import('./Reader').then((m) => (loaded = m));
const LazyReader = lazy(() => loadReader().then((m) => ({ default: m.Reader })));

/** Shows the reader over the meeting screen when a document of this meeting is opened. */
export function ReaderHost({ view }: { view: MeetingView }) {
  const target = useReaderTarget();
  useEffect(() => registerHost(view.id), [view.id]);
  // Fetched while the person looks at the agenda, so the first document opens without the wait.
  useEffect(() => {
    const timer = window.setTimeout(() => void loadReader().then((m) => m.warmUp(), () => undefined), 1500);
    return () => window.clearTimeout(timer);
  }, []);
  // Leaving the meeting closes its reader, so coming back shows the meeting, not a stale document.
  useEffect(() => () => closeDocument(), [view.id]);
  const open = target !== null && target.meetingId === view.id;
  // Once its code is here, the reader is shown directly: through Suspense, React holds back
  // what replaces a fallback for 300 ms, which was a third of the time to the first page.
  // Chosen once per opening, so the code arriving later never remounts an open reader.
  const Reader = useMemo(() => loaded?.Reader ?? LazyReader, [open]);
  // The reader is a modal: the app behind it must not take focus or clicks, nor be read out.
  useEffect(() => {
    const root = document.getElementById('root');
    if (!open || !root) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    root.inert = true;
    return () => {
      root.inert = false;
      // Back where the person was, as after any dialog.
      opener?.focus();
    };
  }, [open]);

  if (!open) return null;
  const doc = view.content.documents.find((d) => d.id === target.documentId) ?? null;
  return createPortal(
    <Suspense fallback={<div className={styles.reader} data-testid="reader" aria-busy="true" />}>
      <Reader key={target.documentId} meetingId={view.id} doc={doc} documentId={target.documentId} request={target} onClose={closeDocument} />
    </Suspense>,
    document.body,
  );
}
