import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import styles from './meetings.module.css';

/**
 * Publishing cannot be undone and starts downloads on every participant's device, so the
 * confirmation says who will see the meeting and what happens next.
 */
export function PublishButton({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const { participants, documents, agenda } = view.content;
  const others = participants.filter((p) => p.role !== 'secretariat').length;

  return (
    <>
      <button type="button" className="btn btn-accent btn-small" data-testid="meeting-publish" onClick={() => setOpen(true)}>
        {t('publish.button')}
      </button>
      {open && (
        <ConfirmDialog
          title={t('publish.title')}
          onClose={() => setOpen(false)}
          testId="meeting-publish-dialog"
          confirmTestId="meeting-publish-confirm"
          confirmLabel={t('publish.confirm')}
          busyLabel={t('publish.publishing')}
          onConfirm={() => client.meetings.publish({ meetingId: view.id })}
        >
          <p>{t('publish.lead', { count: others })}</p>
          <ul className={`plain-list ${styles.publishFacts}`}>
            <li>{t('publish.agenda', { count: agenda.length })}</li>
            <li>{t('publish.documents', { count: documents.filter((d) => d.supersededBy === null).length })}</li>
            <li>{t('publish.download')}</li>
            <li>{t('publish.changes')}</li>
          </ul>
          {others === 0 && <p className="notice notice-warn">{t('publish.noParticipants')}</p>}
        </ConfirmDialog>
      )}
    </>
  );
}
