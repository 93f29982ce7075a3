import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackFile, PackStatus } from '../../../shared/contract';
import { currentLanguage } from '../../i18n';
import { formatEta } from './format';
import { formatBytes } from '../../app/file-size';
import type { PackState } from './usePackStatus';
import { toneClass, type Tone } from '../../app/tone';
import styles from './pack.module.css';

/** A file's state as a chip: on the device green, downloading blue, waiting grey, failed red. */
const FILE_TONE: Record<PackFile['state'], Tone> = { on_device: 'green', downloading: 'blue', queued: 'quiet', failed: 'red' };

/** The meeting pack's download at a glance, with the per-document detail one click away. */
export function PackProgress({ pack }: { pack: PackState }) {
  const { t } = useTranslation('reader');
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const { status } = pack;

  useEffect(() => {
    if (!open) return;
    function onDown(e: MouseEvent) {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') setOpen(false);
    }
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);
  if (!status || status.files.length === 0) return null;
  const lang = currentLanguage();
  const onDevice = status.files.filter((f) => f.state === 'on_device').length;
  const failed = status.files.filter((f) => f.state === 'failed').length;
  const percent = status.totalBytes > 0 ? Math.round((status.receivedBytes / status.totalBytes) * 100) : 100;

  return (
    <div ref={root} className={styles.packProgress} data-testid="pack-progress" data-ready-offline={status.readyOffline}>
      <button type="button" className={styles.packSummary} aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {status.readyOffline ? (
          <span className={styles.readyOffline} data-testid="ready-offline">
            <CheckIcon /> {t('pack.readyOffline')}
          </span>
        ) : (
          <>
            <span className={styles.packLabel}>{failed > 0 ? t('pack.someFailed', { count: failed }) : t('pack.downloading')}</span>
            <span className={styles.packBar} role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} aria-label={t('pack.progressLabel')}>
              <span className={`${styles.packBarFill}${failed > 0 ? ` ${styles.hasFailed}` : ''}`} style={{ width: `${percent}%` }} />
            </span>
            <span className={styles.packNumbers}>
              {t('pack.files', { done: onDevice, total: status.files.length })} · {formatBytes(status.receivedBytes, lang)} / {formatBytes(status.totalBytes, lang)}
              {status.etaSeconds !== null && status.etaSeconds > 0 && <> · {t('pack.eta', { time: formatEta(status.etaSeconds, t) })}</>}
            </span>
          </>
        )}
        <span className={styles.packCaret} aria-hidden="true">
          {open ? '▴' : '▾'}
        </span>
      </button>
      {open && <PackPanel status={status} onRetry={pack.retry} />}
    </div>
  );
}

function PackPanel({ status, onRetry }: { status: PackStatus; onRetry(): Promise<void> }) {
  const { t } = useTranslation('reader');
  const [retrying, setRetrying] = useState(false);
  const failed = status.files.some((f) => f.state === 'failed');
  return (
    <div className={styles.packPanel} data-testid="pack-panel">
      <div className={styles.packAnnPanelHead}>
        <h3>{t('pack.title')}</h3>
        {failed && (
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="pack-retry"
            disabled={retrying}
            onClick={() => {
              setRetrying(true);
              void onRetry().finally(() => setRetrying(false));
            }}
          >
            {t('pack.retry')}
          </button>
        )}
      </div>
      <ul className={styles.packFiles}>
        {status.files.map((f) => (
          <PackFileRow key={f.documentId} file={f} />
        ))}
      </ul>
    </div>
  );
}

function PackFileRow({ file }: { file: PackFile }) {
  const { t } = useTranslation('reader');
  const lang = currentLanguage();
  return (
    <li className={styles.packFile} data-testid="pack-file" data-state={file.state} data-document-id={file.documentId}>
      <span className={styles.packFileTitle} title={file.title}>
        {file.title}
      </span>
      <span className={styles.packFileSize}>
        {file.state === 'downloading' ? `${formatBytes(file.received, lang)} / ${formatBytes(file.size, lang)}` : formatBytes(file.size, lang)}
      </span>
      <span className={`${styles.stateChip} ${toneClass(FILE_TONE[file.state])}`}>{t(`pack.state.${file.state}`)}</span>
      {file.state === 'failed' && file.error && <span className={styles.packFileError}>{file.error.message}</span>}
    </li>
  );
}

function CheckIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
