import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { NoticeResponse } from '../../../shared/http';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { openDocument } from '../reader/navigation';

/**
 * "Tạo thông báo kết luận": the server writes the numbered notice as a PDF document of the
 * meeting. While items still lack a final conclusion it is marked a draft, and we say which.
 */
export function NoticePanel({ view }: { view: MeetingView }) {
  const { t } = useTranslation('followup');
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<NoticeResponse | null>(null);
  const missingTitles = (notice?.missing ?? []).map((id) => {
    const item = view.content.agenda.find((a) => a.id === id);
    return item ? `${item.number}. ${item.title}` : id;
  });

  async function generate() {
    setBusy(true);
    setError(null);
    try {
      setNotice(await client.notices.generate({ meetingId: view.id }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="panel fu-notice" aria-labelledby="fu-notice-title">
      <div className="fu-notice-head">
        <div>
          <h3 className="panel-title" id="fu-notice-title">
            {t('notice.title')}
          </h3>
          <p className="panel-subtitle">{t('notice.lead')}</p>
        </div>
        <button type="button" className="btn btn-primary" data-testid="notice-generate" disabled={busy} onClick={() => void generate()}>
          {busy ? t('notice.generating') : notice ? t('notice.again') : t('notice.generate')}
        </button>
      </div>
      <ErrorNotice error={error} onDismiss={() => setError(null)} />
      {notice && (
        <div className="fu-notice-result" data-testid="notice-result" data-number={notice.number} data-draft={notice.draft}>
          <span className="fu-notice-doc" aria-hidden="true">PDF</span>
          <div className="fu-notice-body">
            <strong>{t('notice.number', { number: notice.number })}</strong>
            <span className="muted">{notice.document.title}</span>
          </div>
          {notice.draft && <span className="fu-draft-stamp">{t('notice.draftStamp')}</span>}
          <button type="button" className="btn btn-small" data-testid="notice-open" onClick={() => openDocument(view.id, notice.document.id)}>
            {t('notice.open')}
          </button>
        </div>
      )}
      {notice?.draft && (
        <div className="notice notice-warn fu-notice-warn" data-testid="notice-draft-warning" role="status">
          <div>
            <strong>{t('notice.draftWarning')}</strong>
            <ul className="fu-missing">
              {missingTitles.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
    </section>
  );
}
