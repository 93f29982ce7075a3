import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { useAction } from '../../app/useAction';
import { ErrorNotice } from '../../app/ErrorNotice';
import { DocumentRow, SupersededRow } from './DocumentRow';
import { groupDocuments, itemIdOf } from './grouping';
import { UploadPanel } from './UploadPanel';
import type { useUploads } from './useUploads';
import { visibleText } from '../../app/visible-text';
import styles from './documents.module.css';
import { PanelHead } from '../../app/PageHead';

interface Props {
  view: MeetingView;
  /** Kept by the meeting screen, so uploads carry on while another tab is shown. */
  uploads: ReturnType<typeof useUploads>;
}

export function DocumentsTab({ view, uploads }: Props) {
  const { t } = useTranslation();
  const client = useClient();
  const { run, error, clearError } = useAction();
  const meetingId = view.id;
  const { agenda, documents } = view.content;
  const editable = view.canEdit;
  const groups = useMemo(() => groupDocuments(agenda, documents), [agenda, documents]);
  const filedUnder = useMemo(() => itemIdOf(groups), [groups]);
  const currentCount = groups.reduce((n, g) => n + g.chains.length, 0);


  function moveTo(documentId: string, from: string | null, to: string | null) {
    if (from === to) return;
    void run(async () => {
      // Attach first: if the second call fails the paper is on two items, never on none.
      if (to) await client.agenda.attachDocument({ meetingId, itemId: to, documentId });
      if (from) await client.agenda.detachDocument({ meetingId, itemId: from, documentId });
    });
  }

  return (
    <div className={editable ? 'documents-layout' : undefined}>
      {editable && (
        <UploadPanel
          agenda={agenda}
          meetingConfidentiality={view.content.meta.confidentiality}
          entries={uploads.entries}
          onFiles={(files, options) => uploads.start(files, options)}
          onClearFinished={uploads.clearFinished}
        />
      )}
      <section className={`panel ${styles.documentsPanel}`} aria-labelledby="documents-heading" data-testid="documents-list">
        <PanelHead title={t('documents.title')} titleId="documents-heading" subtitle={t('documents.count', { count: currentCount })}>
          {!editable && <span className="tag tag-readonly">{t('agenda.readOnly')}</span>}
        </PanelHead>
        <ErrorNotice error={error} onDismiss={clearError} testId="documents-error" />
        {groups.length === 0 ? (
          <p className="empty-inline">{editable ? t('documents.emptyEditor') : t('documents.empty')}</p>
        ) : (
          groups.map((g) => (
            <div key={g.item?.id ?? 'none'} className={styles.documentGroup}>
              <h3 className={styles.documentGroupTitle}>
                {g.item ? (
                  <>
                    <span className={styles.groupNumber}>{g.item.number}</span> {visibleText(g.item.title)}
                  </>
                ) : (
                  t('documents.unassigned')
                )}
              </h3>
              <ul className={styles.documentList}>
                {g.chains.map(({ current, older }) => (
                  <li key={current.id} className={styles.documentChain}>
                    <ul className="plain-list">
                      <DocumentRow
                        doc={current}
                        editable={editable}
                        agenda={agenda}
                        itemId={filedUnder.get(current.id) ?? null}
                        onRename={(title) => void run(() => client.documents.update({ meetingId, documentId: current.id, title }))}
                        onConfidentiality={(confidentiality) => void run(() => client.documents.update({ meetingId, documentId: current.id, confidentiality }))}
                        onMove={(to) => moveTo(current.id, filedUnder.get(current.id) ?? null, to)}
                        onReplace={(file) => uploads.start([file], { agendaItemId: filedUnder.get(current.id) ?? null, confidentiality: current.confidentiality, replaces: current.id })}
                      />
                      {older.map((d, i) => (
                        <SupersededRow key={d.id} doc={d} replacedBy={(i === 0 ? current : older[i - 1]!).version} />
                      ))}
                    </ul>
                  </li>
                ))}
              </ul>
            </div>
          ))
        )}
      </section>
    </div>
  );
}
