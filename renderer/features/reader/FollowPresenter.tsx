import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { followStep } from '../../../shared/domain/presenting';
import { runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { currentReading, openDocument, useReading } from '../../app/navigation';
import styles from './reader.module.css';

/**
 * Follow the presenter: while someone presents a document of the pack, every delegate's
 * reader opens it at the presenter's page and follows the turns ("Đang theo người trình
 * bày"), until they stop following and read freely; they can return at any time. The
 * presenter's own page turns are sent from here, one at a time, latest wins. Only the
 * document id and the page travel; the file is already on the device.
 *
 * Shown over the reader (a portal, like the reader itself), so it is visible while reading.
 */
export function FollowPresenter({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const reading = useReading();
  const presenting = view.presenting;
  const me = view.me;
  const runs = runsMeeting(view.role);
  const iPresent = presenting?.presenterId === me;
  const [following, setFollowing] = useState(true);
  const [presenterId, setPresenterId] = useState('');
  const meetingId = view.id;

  // A new presentation: everyone follows again.
  useEffect(() => setFollowing(true), [presenting?.since]);

  // Follow: only when the presenter's document or page changes (or one returns), never
  // because the follower scrolled; their own scrolling is read through currentReading.
  useEffect(() => {
    if (!presenting || iPresent) return;
    const r = currentReading();
    const step = followStep(presenting, following, r && r.meetingId === meetingId ? r : null);
    if (step) openDocument(meetingId, step.documentId, step.page);
  }, [presenting?.documentId, presenting?.page, following, iPresent, meetingId]);

  // Named to present: the document opens on the presenter's own device too, at the page.
  useEffect(() => {
    if (!presenting || !iPresent) return;
    const r = currentReading();
    if (!r || r.meetingId !== meetingId || r.documentId !== presenting.documentId) openDocument(meetingId, presenting.documentId, presenting.page);
  }, [presenting?.since, iPresent, meetingId]);

  // Closing the reader while following means "stop following", not "reopen it at the next page".
  const wasOpen = useRef(false);
  useEffect(() => {
    const open = reading !== null && reading.meetingId === meetingId;
    if (wasOpen.current && !open && presenting && !iPresent) setFollowing(false);
    wasOpen.current = open;
  }, [reading, meetingId, presenting, iPresent]);

  // The presenter's turns: one request at a time, then the latest page if it moved meanwhile.
  const sending = useRef(false);
  const wanted = useRef<number | null>(null);
  useEffect(() => {
    if (!iPresent || !presenting || !reading || reading.meetingId !== meetingId || reading.documentId !== presenting.documentId) return;
    if (reading.page === presenting.page && wanted.current === null) return;
    wanted.current = reading.page;
    if (sending.current) return;
    const pump = async () => {
      sending.current = true;
      try {
        while (wanted.current !== null) {
          const page = wanted.current;
          wanted.current = null;
          await client.presenting.turn({ meetingId, page }).catch(() => undefined);
        }
      } finally {
        sending.current = false;
      }
    };
    void pump();
  }, [iPresent, presenting, reading, meetingId, client]);

  const readingHere = reading && reading.meetingId === meetingId ? reading : null;
  const canPresent = readingHere !== null && (runs || iPresent) && presenting?.documentId !== readingHere.documentId;
  if (!presenting && !canPresent) return null;
  const title = presenting ? (view.content.documents.find((d) => d.id === presenting.documentId)?.title ?? '') : '';

  return createPortal(
    <div className={styles.followBar} data-testid="follow-bar" data-following={presenting && !iPresent ? String(following) : undefined} role="status" aria-live="polite">
      {presenting && iPresent && (
        <span data-testid="follow-presenting">{t('present.youPresent', { title, page: presenting.page })}</span>
      )}
      {presenting && !iPresent && following && (
        <>
          <span data-testid="follow-state">{t('present.following', { name: presenting.presenterName, title, page: presenting.page })}</span>
          <button type="button" className="btn btn-small" data-testid="follow-stop" onClick={() => setFollowing(false)}>
            {t('present.stopFollowing')}
          </button>
        </>
      )}
      {presenting && !iPresent && !following && (
        <>
          <span data-testid="follow-state">{t('present.notFollowing', { name: presenting.presenterName, title })}</span>
          <button type="button" className="btn btn-small btn-primary" data-testid="follow-return" onClick={() => setFollowing(true)}>
            {t('present.return')}
          </button>
        </>
      )}
      {presenting && (iPresent || runs) && (
        <button type="button" className="btn btn-small" data-testid="present-stop" disabled={busy} onClick={() => void run(() => client.presenting.stop({ meetingId }))}>
          {t('present.stop')}
        </button>
      )}
      {canPresent && readingHere && (
        <span className={styles.followStart}>
          {runs && (
            <select data-testid="present-as" aria-label={t('present.presenter')} value={presenterId} onChange={(e) => setPresenterId(e.target.value)}>
              <option value="">{t('present.myself')}</option>
              {view.content.participants
                .filter((p) => p.id !== me)
                .map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
            </select>
          )}
          <button
            type="button"
            className="btn btn-small btn-primary"
            data-testid="present-start"
            disabled={busy}
            onClick={() => void run(() => client.presenting.start({ meetingId, documentId: readingHere.documentId, page: readingHere.page, presenterId: presenterId || null }))}
          >
            {t('present.start')}
          </button>
        </span>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>,
    document.body,
  );
}
