import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackFileState } from '../../../shared/contract';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { useClient } from '../../app/connection';
import { errorText } from '../../app/errors';
import { currentLanguage } from '../../i18n';
import { formatBytes } from '../../app/file-size';
import { usePackStatus } from '../pack';
import type { PageSize } from './layout';
import { openPdf, pdfErrorReason, type PDFDocumentProxy, type PdfErrorReason } from './pdfjs';
import { ReaderView } from './ReaderView';
import type { ReaderTarget } from '../../app/navigation';
import styles from './reader.module.css';

export { warmUp } from './pdfjs';

/** A4 in PDF points, for sizing a page that cannot tell its own size. */
const a4 = { width: 595, height: 842 };

type Phase =
  | { kind: 'loading' }
  | { kind: 'absent'; state: PackFileState }
  | { kind: 'failed'; reason: PdfErrorReason | 'source'; error?: unknown }
  | { kind: 'ready'; pdf: PDFDocumentProxy; firstSize: PageSize };

interface Props {
  meetingId: string;
  /** Null when the meeting no longer lists the document. */
  doc: DocumentView | null;
  documentId: string;
  request: ReaderTarget;
  onClose(): void;
}

/** The reader for one document: finds its bytes on this device, opens it, and says plainly why not. */
export function Reader({ meetingId, doc, documentId, request, onClose }: Props) {
  const { t } = useTranslation('reader');
  const client = useClient();
  const pack = usePackStatus(meetingId);
  const file = pack.status?.files.find((f) => f.documentId === documentId) ?? null;
  const onDevice = file?.state === 'on_device';
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    setPhase((p) => (p.kind === 'ready' ? p : { kind: 'loading' }));
    void (async () => {
      let source;
      try {
        source = await client.documents.source({ meetingId, documentId });
      } catch (err) {
        if (!cancelled) setPhase({ kind: 'failed', reason: 'source', error: err });
        return;
      }
      if (cancelled) return;
      if (!source.url) {
        setPhase({ kind: 'absent', state: source.state });
        return;
      }
      const task = openPdf({ url: source.url, headers: source.headers });
      destroy = () => void task.destroy();
      try {
        const pdf = await task.promise;
        // A broken first page is that page's problem: the reader opens and says so on the page.
        const first = await pdf.getPage(1).then(
          (p) => p.getViewport({ scale: 1 }),
          () => a4,
        );
        if (!cancelled) setPhase({ kind: 'ready', pdf, firstSize: { width: first.width, height: first.height } });
      } catch (err) {
        if (!cancelled) setPhase({ kind: 'failed', reason: pdfErrorReason(err), error: err });
      }
    })();
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [client, meetingId, documentId, attempt]);

  // A file that was not here yet opens by itself once the pack download brings it.
  useEffect(() => {
    if (onDevice && phase.kind === 'absent') setAttempt((a) => a + 1);
  }, [onDevice, phase.kind]);

  const title = doc?.title ?? t('unknownDocument');
  return (
    <section className={styles.reader} data-testid="reader" data-document-id={documentId} role="dialog" aria-modal="true" aria-label={title}>
      {phase.kind === 'ready' && doc ? (
        <ReaderView meetingId={meetingId} doc={doc} pdf={phase.pdf} firstSize={phase.firstSize} request={request} onClose={onClose} />
      ) : (
        <>
          <header className={styles.readerToolbar}>
            <div className={`${styles.readerToolbarGroup} ${styles.readerTitleGroup}`}>
              <button type="button" className="btn btn-small" data-testid="reader-close" onClick={onClose}>
                <span aria-hidden="true">←</span> {t('close')}
              </button>
              <h1 className={styles.readerTitle}>{title}</h1>
            </div>
          </header>
          <div className={styles.readerState}>
            {phase.kind === 'loading' && (
              <p className={styles.readerLoading} role="status">
                <span className="spinner" aria-hidden="true" /> {t('opening')}
              </p>
            )}
            {phase.kind === 'absent' && <NotOnDevice state={file?.state ?? phase.state} received={file?.received ?? 0} size={file?.size ?? doc?.size ?? 0} reason={file?.error ? file.error.message : null} onRetry={() => void pack.retry().then(() => setAttempt((a) => a + 1), () => setAttempt((a) => a + 1))} />}
            {phase.kind === 'failed' && <OpenFailed reason={phase.reason} error={phase.error} onRetry={() => setAttempt((a) => a + 1)} onClose={onClose} />}
            {phase.kind === 'ready' && !doc && <OpenFailed reason="source" onRetry={() => setAttempt((a) => a + 1)} onClose={onClose} />}
          </div>
        </>
      )}
    </section>
  );
}

function NotOnDevice({ state, received, size, reason, onRetry }: { state: PackFileState; received: number; size: number; reason: string | null; onRetry(): void }) {
  const { t } = useTranslation('reader');
  const lang = currentLanguage();
  return (
    <div className={state === 'failed' ? styles.readerError : `${styles.readerError} ${styles.isWaiting}`} data-testid="reader-error" data-reason="not_on_device" data-state={state} role="alert">
      <h2>{t('open.notOnDevice')}</h2>
      <p>{t(`open.state.${state}`)}</p>
      {state === 'downloading' && size > 0 && (
        <>
          <progress max={size} value={received} />
          <p className="muted">
            {formatBytes(received, lang)} / {formatBytes(size, lang)}
          </p>
        </>
      )}
      {state === 'failed' && reason && <p className="muted">{reason}</p>}
      {state === 'failed' && (
        <button type="button" className="btn btn-primary btn-small" data-testid="pack-retry" onClick={onRetry}>
          {t('pack.retry')}
        </button>
      )}
    </div>
  );
}

function OpenFailed({ reason, error, onRetry, onClose }: { reason: PdfErrorReason | 'source'; error?: unknown; onRetry(): void; onClose(): void }) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  return (
    <div className={styles.readerError} data-testid="reader-error" data-reason={reason} role="alert">
      <h2>{t(`open.${reason}.title`)}</h2>
      <p>{reason === 'source' && error !== undefined ? errorText(tc, error) : t(`open.${reason}.body`)}</p>
      <div className={styles.readerErrorActions}>
        {(reason === 'missing' || reason === 'unknown' || reason === 'source') && (
          <button type="button" className="btn btn-small" onClick={onRetry}>
            {t('retry')}
          </button>
        )}
        <button type="button" className="btn btn-small btn-primary" onClick={onClose}>
          {t('backToMeeting')}
        </button>
      </div>
    </div>
  );
}
