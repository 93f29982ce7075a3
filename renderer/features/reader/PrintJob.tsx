import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { PDFDocumentProxy } from './pdfjs';
import { drawWatermark, type WatermarkText } from './watermark';
import styles from './reader.module.css';

interface Props {
  pdf: PDFDocumentProxy;
  title: string;
  watermark: WatermarkText | null;
  onDone(): void;
}

/**
 * Printing goes through images of the pages with the watermark drawn into their pixels:
 * a printed confidential page carries the reader's name and the time whatever the print
 * dialog's options, and no stylesheet can take it off.
 */
export function PrintJob({ pdf, title, watermark: liveWatermark, onDone }: Props) {
  const { t } = useTranslation('reader');
  // Frozen when printing starts: the minute ticking over must not restart a long job.
  const [watermark] = useState(liveWatermark);
  const [done, setDone] = useState(0);
  const [urls, setUrls] = useState<string[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [cancelled, setCancelled] = useState(false);
  const total = pdf.numPages;
  const printRoot = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let stop = false;
    const made: string[] = [];
    // Lower resolution for very long documents keeps the print job's memory reasonable.
    const scale = total > 200 ? 1.4 : 2;
    void (async () => {
      for (let n = 1; n <= total && !stop; n++) {
        const page = await pdf.getPage(n);
        const viewport = page.getViewport({ scale });
        const canvas = document.createElement('canvas');
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        await page.render({ canvas, viewport, intent: 'print' }).promise;
        const ctx = canvas.getContext('2d');
        if (ctx && watermark) drawWatermark(ctx, canvas.width, canvas.height, watermark, scale);
        const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.88));
        canvas.width = 0;
        canvas.height = 0;
        if (!blob) throw new Error('page image');
        made.push(URL.createObjectURL(blob));
        setDone(n);
      }
      if (!stop) setUrls(made.slice());
    })().catch((err: unknown) => {
      console.warn('print preparation failed', err);
      if (!stop) setFailed(true);
    });
    return () => {
      stop = true;
      for (const u of made) URL.revokeObjectURL(u);
    };
  }, [pdf, total, watermark]);

  useEffect(() => {
    document.body.classList.add('printing-document');
    return () => document.body.classList.remove('printing-document');
  }, []);

  useEffect(() => {
    if (!urls || cancelled) return;
    let current = true;
    const imgs = Array.from(printRoot.current?.querySelectorAll('img') ?? []);
    void Promise.all(imgs.map((i) => i.decode().catch(() => undefined))).then(() => {
      if (!current) return;
      const previousTitle = document.title;
      document.title = title;
      window.print();
      document.title = previousTitle;
      onDone();
    });
    return () => {
      current = false;
    };
  }, [urls, cancelled, title, onDone]);

  useEffect(() => {
    if (cancelled) onDone();
  }, [cancelled, onDone]);

  return (
    <>
      <div className={styles.printProgress} role="status" data-testid="print-progress">
        {failed ? (
          <>
            <span>{t('print.failed')}</span>
            <button type="button" className="btn btn-small" onClick={onDone}>
              {t('close')}
            </button>
          </>
        ) : (
          <>
            <span className="spinner" aria-hidden="true" />
            <span>{t('print.preparing', { done, total })}</span>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setCancelled(true)}>
              {t('cancel')}
            </button>
          </>
        )}
      </div>
      {urls &&
        createPortal(
          <div className={styles.printRoot} ref={printRoot} aria-hidden="true">
            {urls.map((u, i) => (
              <div className={styles.printPage} key={u}>
                <img src={u} alt={t('page.label', { page: i + 1 })} />
              </div>
            ))}
          </div>,
          document.body,
        )}
    </>
  );
}
