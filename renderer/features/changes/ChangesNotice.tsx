import { useTranslation } from 'react-i18next';
import type { MeetingChanges } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDateTime } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { useAction } from '../../app/useAction';
import styles from './changes.module.css';

/**
 * What changed in a published meeting since this delegate last looked. A replaced document
 * comes first and is worded plainly: reading the old version is the mistake to prevent.
 */
export function ChangesNotice({ meetingId, changes }: { meetingId: string; changes: MeetingChanges }) {
  const { t } = useTranslation();
  const client = useClient();
  const { run, error, busy, clearError } = useAction();
  const since = formatDateTime(changes.since, currentLanguage());

  async function acknowledge() {
    await run(() => client.meetings.acknowledgeChanges({ meetingId }));
  }

  return (
    <section className={styles.changesNotice} data-testid="changes-notice" role="region" aria-labelledby="changes-title">
      <div className={styles.changesHead}>
        <span className={styles.changesMark} aria-hidden="true">
          !
        </span>
        <div>
          <h2 id="changes-title" className={styles.changesTitle}>
            {t('changes.title')}
          </h2>
          {since && <p className={styles.changesSince}>{t('changes.since', { time: since })}</p>}
        </div>
        <button type="button" className="btn btn-primary btn-small" data-testid="changes-ack" disabled={busy} onClick={() => void acknowledge()}>
          {t('changes.ack')}
        </button>
      </div>
      <ul className={styles.changesList}>
        {changes.documentsReplaced.map((d) => (
          <li key={`r-${d.newId}`} className={`change ${styles.changeReplaced}`} data-testid="change-document-replaced" data-document-id={d.newId}>
            {t('changes.documentReplaced', { title: d.title, version: d.version })}
          </li>
        ))}
        {changes.documentsAdded.map((d) => (
          <li key={`d-${d.id}`} className="change">
            {t('changes.documentAdded', { title: d.title })}
          </li>
        ))}
        {changes.itemsAdded.map((title, i) => (
          <li key={`a-${i}`} className="change">
            {t('changes.itemAdded', { title })}
          </li>
        ))}
        {changes.itemsRenamed.map((r) => (
          <li key={`n-${r.id}`} className="change">
            {t('changes.itemRenamed', { from: r.from, to: r.to })}
          </li>
        ))}
        {changes.itemsRemoved.map((title, i) => (
          <li key={`x-${i}`} className={`change ${styles.changeRemoved}`}>
            {t('changes.itemRemoved', { title })}
          </li>
        ))}
      </ul>
      <ErrorNotice error={error} onDismiss={clearError} />
    </section>
  );
}
