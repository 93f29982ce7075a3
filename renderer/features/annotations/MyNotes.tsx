import { useTranslation } from 'react-i18next';
import type { Annotation, MeetingView } from '../../../shared/contract';
import { Dialog } from '../../app/Dialog';
import { errorText } from '../../app/errors';
import { openDocument } from '../../app/navigation';
import { AnnotationItem } from './AnnotationItem';
import { byPage } from './AnnotationsPanel';
import { useAnnotations } from './useAnnotations';
import styles from './annotations.module.css';

/** "My notes": every annotation of mine in this meeting, grouped by document. */
export function MyNotes({ view, onClose }: { view: MeetingView; onClose(): void }) {
  const { t } = useTranslation('reader');
  const { t: tc } = useTranslation();
  const { list, loaded, error } = useAnnotations(view.id);
  const groups = new Map<string, Annotation[]>();
  for (const a of list) {
    if (!a.mine) continue;
    const g = groups.get(a.documentId) ?? [];
    g.push(a);
    groups.set(a.documentId, g);
  }
  const titleOf = (id: string) => view.content.documents.find((d) => d.id === id)?.title ?? t('unknownDocument');

  function open(documentId: string, page: number) {
    onClose();
    openDocument(view.id, documentId, page);
  }

  return (
    <Dialog title={t('annotations.mine')} onClose={onClose} testId="my-notes" wide>
      {error !== null && (
        <p className="notice notice-error" role="alert">
          {errorText(tc, error)}
        </p>
      )}
      {loaded && groups.size === 0 && error === null && <p className={styles.annPanelEmpty}>{t('annotations.mineEmpty')}</p>}
      {[...groups].map(([documentId, items]) => {
        const here = items.filter((a) => a.carryOver !== 'not_found').sort(byPage);
        const lost = items.filter((a) => a.carryOver === 'not_found').sort(byPage);
        return (
          <section key={documentId} className={styles.myNotesGroup} data-testid="my-notes-group" data-document-id={documentId}>
            <h3 className={styles.myNotesTitle}>
              <button type="button" className={styles.rdLink} onClick={() => open(documentId, here[0]?.page ?? 1)}>
                {titleOf(documentId)}
              </button>
              <span className="rd-count">{items.length}</span>
            </h3>
            <ul className={styles.annotationList}>
              {here.map((a) => (
                <AnnotationItem key={a.id} annotation={a} onOpen={(page) => open(documentId, page)} />
              ))}
            </ul>
            {lost.length > 0 && (
              <>
                <h4 className={styles.annPanelSubtitle}>{t('annotations.notFound')}</h4>
                <ul className={styles.annotationList}>
                  {lost.map((a) => (
                    <AnnotationItem key={a.id} annotation={a} onOpen={(page) => open(documentId, page)} />
                  ))}
                </ul>
              </>
            )}
          </section>
        );
      })}
    </Dialog>
  );
}
