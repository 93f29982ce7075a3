import { useTranslation } from 'react-i18next';
import type { DocumentView } from '../../../shared/ydoc/meeting';
import { Icon } from '../../app/icons';
import { OpenDocumentButton } from '../reader';
import { visibleText } from '../../app/visible-text';
import styles from './agenda.module.css';

interface Props {
  itemNumber: string;
  docs: readonly DocumentView[];
  editable: boolean;
  onDetach(documentId: string): void;
}

/** The papers for one agenda item, always their current version. */
export function ItemDocuments({ itemNumber, docs, editable, onDetach }: Props) {
  const { t } = useTranslation();
  if (docs.length === 0) return null;
  return (
    <ul className={styles.itemDocs} aria-label={t('agenda.itemDocuments', { number: itemNumber })}>
      {docs.map((d) => (
        <li key={d.id} className={styles.itemDoc} data-testid="agenda-item-document" data-document-id={d.id}>
          <Icon name="doc" />
          <span className={styles.itemDocTitle}>
            <OpenDocumentButton documentId={d.id} title={d.title}>
              {visibleText(d.title)}
            </OpenDocumentButton>
          </span>
          <span className={styles.itemDocMeta}>{t('documents.pages', { count: d.pages })}</span>
          {d.version > 1 && <span className="version-badge">{t('documents.versionShort', { version: d.version })}</span>}
          <span className={`conf-badge conf-${d.confidentiality}`}>{t(`confidentiality.${d.confidentiality}`)}</span>
          {editable && (
            <button type="button" className="icon-button icon-button-small" data-testid="agenda-detach" aria-label={t('agenda.detach', { title: visibleText(d.title) })} title={t('agenda.detach', { title: visibleText(d.title) })} onClick={() => onDetach(d.id)}>
              <Icon name="close" />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
