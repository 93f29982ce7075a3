import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { openDocument, openDocumentHere } from '../../app/navigation';
import styles from './reader.module.css';
import { visibleText } from '../../app/visible-text';

interface Props {
  /** Omitted: the meeting on screen. */
  meetingId?: string;
  documentId: string;
  title: string;
  page?: number;
  /** A link-like title (default), or a small button beside other controls. */
  variant?: 'link' | 'button';
  children: ReactNode;
}

/** A document's title as the way into the reader; for any list that shows documents. */
export function OpenDocumentButton({ meetingId, documentId, title, page, variant = 'link', children }: Props) {
  const { t } = useTranslation('reader');
  return (
    <button
      type="button"
      className={variant === 'link' ? styles.openDocument : 'btn btn-small'}
      data-testid="open-document"
      data-document-id={documentId}
      title={t('openDocument', { title: visibleText(title) })}
      onClick={() => (meetingId ? openDocument(meetingId, documentId, page) : openDocumentHere(documentId, page))}
    >
      {children}
    </button>
  );
}
