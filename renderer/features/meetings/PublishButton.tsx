import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { useClient } from '../../app/connection';
import { Dialog } from '../../app/Dialog';
import { ErrorNotice } from '../../app/ErrorNotice';

/**
 * Publishing cannot be undone and starts downloads on every participant's device, so the
 * confirmation says who will see the meeting and what happens next.
 */
export function PublishButton({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const client = useClient();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { participants, documents, agenda } = view.content;
  const others = participants.filter((p) => p.role !== 'secretariat').length;

  async function publish() {
    setBusy(true);
    setError(null);
    try {
      await client.meetings.publish({ meetingId: view.id });
      setOpen(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="btn btn-accent btn-small" data-testid="meeting-publish" onClick={() => setOpen(true)}>
        {t('publish.button')}
      </button>
      {open && (
        <Dialog
          title={t('publish.title')}
          onClose={() => setOpen(false)}
          testId="meeting-publish-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setOpen(false)} autoFocus>
                {t('common.cancel')}
              </button>
              <button type="button" className="btn btn-accent" data-testid="meeting-publish-confirm" disabled={busy} onClick={() => void publish()}>
                {busy ? t('publish.publishing') : t('publish.confirm')}
              </button>
            </>
          }
        >
          <p className="dialog-lead">{t('publish.lead', { count: others })}</p>
          <ul className="plain-list publish-facts">
            <li>{t('publish.agenda', { count: agenda.length })}</li>
            <li>{t('publish.documents', { count: documents.filter((d) => d.supersededBy === null).length })}</li>
            <li>{t('publish.download')}</li>
            <li>{t('publish.changes')}</li>
          </ul>
          {others === 0 && <p className="notice notice-warn">{t('publish.noParticipants')}</p>}
          <ErrorNotice error={error} />
        </Dialog>
      )}
    </>
  );
}
