import { useTranslation } from 'react-i18next';
import { errorText } from '../../app/errors';
import { currentLanguage } from '../../i18n';
import { formatBytes } from '../../app/file-size';
import { NotPdfError, type UploadEntry } from './useUploads';
import styles from './documents.module.css';

export function UploadRow({ entry }: { entry: UploadEntry }) {
  const { t } = useTranslation();
  const lang = currentLanguage();
  const { state } = entry;
  const pct = entry.total > 0 ? Math.min(100, Math.round((entry.sent / entry.total) * 100)) : 0;
  const shownPct = state === 'done' ? 100 : state === 'processing' ? 100 : pct;
  const message = entry.error instanceof NotPdfError ? t('documents.notPdf') : errorText(t, entry.error);
  return (
    <li className={`${styles.uploadRow} ${styles[`upload-${state}`] ?? ''}`} data-testid="upload-row" data-state={state} data-file-name={entry.fileName}>
      <div className={styles.uploadLine}>
        <span className={styles.uploadName} title={entry.fileName}>
          {entry.replaces && <span className={`tag ${styles.tagReplace}`}>{t('documents.newVersion')}</span>}
          {entry.fileName}
        </span>
        <span className={styles.uploadSize}>{formatBytes(entry.size, lang)}</span>
        <span className={styles.uploadState} role={state === 'done' || state === 'failed' ? 'status' : undefined}>
          {state === 'done'
            ? entry.deduplicated
              ? t('documents.state.deduplicated')
              : t('documents.state.done')
            : state === 'uploading' || state === 'staging'
              ? `${t(`documents.state.${state}`)} ${pct}%`
              : t(`documents.state.${state}`)}
        </span>
      </div>
      {state !== 'failed' && (
        <div
          className="progress"
          role="progressbar"
          aria-label={t('documents.progressOf', { name: entry.fileName })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={shownPct}
          aria-valuetext={state === 'processing' ? t('documents.state.processing') : `${shownPct}%`}
        >
          <span className={`${styles.progressBar}${state === 'processing' ? ` ${styles.isIndeterminate}` : ''}`} style={{ width: `${shownPct}%` }} />
        </div>
      )}
      {state === 'failed' && (
        <p className={styles.uploadError} data-testid="upload-error" role="alert">
          {t('documents.uploadFailed', { name: entry.fileName, message })}
        </p>
      )}
    </li>
  );
}
