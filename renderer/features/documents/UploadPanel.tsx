import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultDocumentConfidentiality } from '../../../shared/domain/documents';
import { Confidentiality } from '../../../shared/meeting-enums';
import type { AgendaItemView } from '../../../shared/ydoc/meeting';
import { AgendaOptions } from './agendaOptions';
import { UploadRow } from './UploadRow';
import type { UploadEntry, UploadOptions } from './useUploads';
import styles from './documents.module.css';
import { ConfidentialityOptions } from '../../app/ConfidentialityOptions';
import { FileButton } from '../../app/FileButton';
import { Field } from '../../app/Field';

interface Props {
  agenda: readonly AgendaItemView[];
  /** The meeting's own level: a "Mật" meeting's papers start "Mật" (shared/domain/documents). */
  meetingConfidentiality: Confidentiality;
  entries: readonly UploadEntry[];
  onFiles(files: File[], options: UploadOptions): void;
  onClearFinished(): void;
}

/** Drop several PDFs at once, or pick them; each gets its own progress bar. */
export function UploadPanel({ agenda, meetingConfidentiality, entries, onFiles, onClearFinished }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [agendaItemId, setAgendaItemId] = useState('');
  const [confidentiality, setConfidentiality] = useState<Confidentiality>(() => defaultDocumentConfidentiality(meetingConfidentiality));
  // The meeting made "Mật" (or no longer) while the form is open: follow it unless chosen by hand.
  const [chosen, setChosen] = useState(false);
  useEffect(() => {
    if (!chosen) setConfidentiality(defaultDocumentConfidentiality(meetingConfidentiality));
  }, [meetingConfidentiality, chosen]);
  const [over, setOver] = useState(false);
  // dragenter/leave fire for every child element crossed; count them to know when we really left.
  const depth = useRef(0);

  const options = (): UploadOptions => ({ agendaItemId: agendaItemId || null, confidentiality });
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

  function onDrop(e: DragEvent) {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth.current = 0;
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length) onFiles(files, options());
  }

  const finished = entries.some((e) => e.state === 'done' || e.state === 'failed');

  return (
    <section className={`panel ${styles.uploadPanel}`} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="panel-title">
        {t('documents.uploadTitle')}
      </h2>
      <div className={styles.uploadOptions}>
        <Field htmlFor={`${id}-item`} label={t('documents.forItem')}>
          <select id={`${id}-item`} data-testid="documents-agenda-select" value={agendaItemId} onChange={(e) => setAgendaItemId(e.target.value)}>
            <option value="">{t('documents.noItem')}</option>
            <AgendaOptions agenda={agenda} />
          </select>
        </Field>
        <Field htmlFor={`${id}-conf`} label={t('documents.confidentiality')}>
          <select id={`${id}-conf`} data-testid="documents-confidentiality-select" value={confidentiality} onChange={(e) => {
              setChosen(true);
              setConfidentiality(Confidentiality.parse(e.target.value));
            }}>
            <ConfidentialityOptions />
          </select>
        </Field>
      </div>
      <div
        className={`${styles.dropZone}${over ? ' is-over' : ''}`}
        data-testid="documents-drop"
        onDragEnter={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          depth.current++;
          setOver(true);
        }}
        onDragOver={(e) => {
          if (!hasFiles(e)) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setOver(false);
        }}
        onDrop={onDrop}
      >
        <svg className={styles.dropIcon} viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 15V4M7.5 8.5 12 4l4.5 4.5M4 15v4a1 1 0 0 0 1 1h14a1 1 0 0 0 1-1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <p className={styles.dropText}>{t('documents.dropHere')}</p>
        <FileButton className="btn btn-small" accept="application/pdf" multiple inputLabel={t('documents.choose')} inputTestId="documents-file-input" onFiles={(files) => onFiles(files, options())}>
          {t('documents.choose')}
        </FileButton>
        <p className={styles.dropHint}>{t('documents.dropHint')}</p>
      </div>
      {entries.length > 0 && (
        <div className={styles.uploads}>
          <div className={styles.uploadsHead}>
            <h3 className={styles.subheading}>{t('documents.uploads')}</h3>
            {finished && (
              <button type="button" className="btn btn-small btn-link" onClick={onClearFinished}>
                {t('documents.clearFinished')}
              </button>
            )}
          </div>
          <ul className={styles.uploadList} aria-live="polite">
            {entries.map((e) => (
              <UploadRow key={e.uploadId} entry={e} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
