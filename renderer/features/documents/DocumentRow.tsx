import { useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Confidentiality } from '../../../shared/meeting-enums';
import type { AgendaItemView, DocumentView } from '../../../shared/ydoc/meeting';
import { currentLanguage } from '../../i18n';
import { OpenDocumentButton } from '../reader';
import { AgendaOptions } from './agendaOptions';
import { formatBytes } from '../../app/file-size';
import { visibleText } from '../../app/visible-text';
import styles from './documents.module.css';
import { ConfidentialityOptions } from '../../app/ConfidentialityOptions';
import { FileButton } from '../../app/FileButton';

interface Props {
  doc: DocumentView;
  editable: boolean;
  agenda: readonly AgendaItemView[];
  itemId: string | null;
  onRename(title: string): void;
  onConfidentiality(value: Confidentiality): void;
  onMove(itemId: string | null): void;
  onReplace(file: File): void;
}

/** The current version of one document, with the secretariat's controls. */
export function DocumentRow({ doc, editable, agenda, itemId, onRename, onConfidentiality, onMove, onReplace }: Props) {
  const { t } = useTranslation();
  const [renaming, setRenaming] = useState(false);

  return (
    <li className="document-row" data-testid="document-row" data-document-id={doc.id} data-version={doc.version} data-superseded="false">
      <DocIcon />
      <div className={styles.documentMain}>
        {renaming ? (
          <TitleInput initial={doc.title} onDone={(title) => {
              setRenaming(false);
              if (title && title !== doc.title) onRename(title);
            }} />
        ) : editable ? (
          <button type="button" className={`title-button ${styles.documentTitle}`} data-testid="document-title" title={t('documents.rename')} onClick={() => setRenaming(true)}>
            {visibleText(doc.title)}
          </button>
        ) : (
          <ReadableTitle doc={doc} testId="document-title" />
        )}
        <div className={styles.documentMeta}>
          <PagesAndSize doc={doc} />
          <span className={`version-badge${doc.version > 1 ? ' is-new' : ''}`} data-testid="document-version">
            {t('documents.version', { version: doc.version })}
          </span>
          {!editable && <span className={`conf-badge conf-${doc.confidentiality}`}>{t(`confidentiality.${doc.confidentiality}`)}</span>}
        </div>
      </div>
      {editable && (
        <div className="document-controls">
          <label className="compact-field">
            <span className="visually-hidden">{t('documents.itemOf', { title: visibleText(doc.title) })}</span>
            <select value={itemId ?? ''} data-testid="document-item" onChange={(e) => onMove(e.target.value || null)}>
              <option value="">{t('documents.noItem')}</option>
              <AgendaOptions agenda={agenda} />
            </select>
          </label>
          <label className="compact-field">
            <span className="visually-hidden">{t('documents.confidentialityOf', { title: visibleText(doc.title) })}</span>
            <select
              className={`${styles.confSelect} conf-${doc.confidentiality}`}
              value={doc.confidentiality}
              data-testid="document-confidentiality"
              onChange={(e) => onConfidentiality(Confidentiality.parse(e.target.value))}
            >
              <ConfidentialityOptions />
            </select>
          </label>
          <OpenDocumentButton documentId={doc.id} title={doc.title} variant="button">
            {t('reader:read')}
          </OpenDocumentButton>
          {/* Renaming was only a click on the title, which nobody found: it is a button of its own. */}
          <button type="button" className="btn btn-small" data-testid="document-rename" aria-label={t('documents.renameOf', { title: visibleText(doc.title) })} disabled={renaming} onClick={() => setRenaming(true)}>
            {t('documents.renameButton')}
          </button>
          <FileButton
            className="btn btn-small"
            testId="document-replace"
            accept="application/pdf"
            inputLabel={t('documents.replaceWith', { title: visibleText(doc.title) })}
            inputTestId="document-replace-input"
            onFiles={([file]) => onReplace(file!)}
          >
            {t('documents.replace')}
          </FileButton>
        </div>
      )}
    </li>
  );
}

/** The title as a button that opens the document in the reader. */
function ReadableTitle({ doc, testId }: { doc: DocumentView; testId?: string }) {
  return (
    <span className={styles.documentTitle} data-testid={testId}>
      <OpenDocumentButton documentId={doc.id} title={doc.title}>
        {visibleText(doc.title)}
      </OpenDocumentButton>
    </span>
  );
}

function PagesAndSize({ doc }: { doc: DocumentView }) {
  const { t } = useTranslation();
  return (
    <>
      <span>{t('documents.pages', { count: doc.pages })}</span>
      <span>{formatBytes(doc.size, currentLanguage())}</span>
    </>
  );
}

/** An older version, kept readable but clearly not the one to read. */
export function SupersededRow({ doc, replacedBy }: { doc: DocumentView; replacedBy: number }) {
  const { t } = useTranslation();
  return (
    <li className={`document-row ${styles.isSuperseded}`} data-testid="document-row" data-document-id={doc.id} data-version={doc.version} data-superseded="true">
      <DocIcon />
      <div className={styles.documentMain}>
        <ReadableTitle doc={doc} />
        <div className={styles.documentMeta}>
          <PagesAndSize doc={doc} />
          <span className="version-badge">{t('documents.version', { version: doc.version })}</span>
        </div>
      </div>
      <span className={styles.replacedBadge} data-testid="document-replaced-notice">
        {t('documents.replacedBy', { version: replacedBy })}
      </span>
    </li>
  );
}

function TitleInput({ initial, onDone }: { initial: string; onDone(title: string | null): void }) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const finished = useRef(false);
  const finish = (title: string | null) => {
    if (finished.current) return;
    finished.current = true;
    onDone(title);
  };
  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Enter') {
      e.preventDefault();
      finish(value.trim() || null);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      finish(null);
    }
  }
  return (
    <input
      className="rename-input"
      data-testid="document-title-input"
      value={value}
      maxLength={500}
      autoFocus
      aria-label={t('documents.titleLabel')}
      title={t('agenda.renameHint')}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={() => finish(value.trim() || null)}
    />
  );
}

function DocIcon() {
  return (
    <svg className={styles.docIcon} viewBox="0 0 24 28" aria-hidden="true">
      <path d="M3 1.5h12l6 6v19H3z" fill="#fff" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <path d="M15 1.5v6h6" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <rect x="5.5" y="16" width="13" height="6" rx="1" fill="currentColor" />
      <text x="12" y="20.6" textAnchor="middle" fontSize="5" fontWeight="700" fill="#fff" fontFamily="Arial, sans-serif">
        PDF
      </text>
    </svg>
  );
}
