import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { moveInOrder } from '../../../shared/domain/speaking';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { KindBadge } from './SpeakerBar';
import styles from './speakers.module.css';
import { visibleText } from '../../app/visible-text';

/**
 * The chair's list: give the floor, take a request off, reorder by drag or with the up and
 * down buttons (the keyboard way), and put a remote site on the list as a site. Points of
 * order stay on top (the server keeps them there whatever the order).
 */
export function SpeakerQueue({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const { run, busy, error, clearError } = useAction();
  const [dragging, setDragging] = useState<string | null>(null);
  const [siteId, setSiteId] = useState('');
  const meetingId = view.id;
  const waiting = view.speakers.filter((r) => r.status === 'waiting');
  const ids = waiting.map((r) => r.id);
  const bridges = view.content.sites.filter((s) => s.kind !== 'main');

  const reorder = (order: string[]) => {
    if (order.join() !== ids.join()) void run(() => client.speakers.order({ meetingId, order }));
  };
  const onDrop = (e: DragEvent, target: string) => {
    e.preventDefault();
    if (!dragging || dragging === target) return;
    const order = ids.filter((id) => id !== dragging);
    order.splice(order.indexOf(target), 0, dragging);
    setDragging(null);
    reorder(order);
  };

  return (
    <div className={styles.spQueue}>
      {waiting.length > 0 && (
        <ol className={`${styles.speakersList} ${styles.spList}`} aria-label={t('queue.list')}>
          {waiting.map((r, i) => (
            <li
              key={r.id}
              data-testid="speaker-row"
              data-status={r.status}
              data-kind={r.kind}
              draggable={!busy}
              className={dragging === r.id ? 'is-dragging' : undefined}
              onDragStart={(e) => {
                setDragging(r.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => onDrop(e, r.id)}
            >
              <span className={styles.spPlace}>{i + 1}.</span>
              <span>{visibleText(r.name)}</span>
              <KindBadge r={r} />
              {r.siteName && <span className={r.remote ? `${styles.spSite} ${styles.isRemote}` : styles.spSite}>{r.userId === null ? t('queue.wholeSite') : visibleText(r.siteName)}</span>}
              <button type="button" className="btn btn-small btn-icon" data-testid="speaker-up" aria-label={t('queue.up', { name: visibleText(r.name) })} disabled={busy || i === 0} onClick={() => reorder(moveInOrder(ids, r.id, -1))}>
                ↑
              </button>
              <button type="button" className="btn btn-small btn-icon" data-testid="speaker-down" aria-label={t('queue.down', { name: visibleText(r.name) })} disabled={busy || i === ids.length - 1} onClick={() => reorder(moveInOrder(ids, r.id, 1))}>
                ↓
              </button>
              <button type="button" className="btn btn-small btn-primary" data-testid="speaker-grant" disabled={busy} onClick={() => void run(() => client.speakers.grant({ meetingId, requestId: r.id }))}>
                {t('queue.grant')}
              </button>
              <button type="button" className="btn btn-small" data-testid="speaker-remove" aria-label={t('queue.remove', { name: visibleText(r.name) })} disabled={busy} onClick={() => void run(() => client.speakers.withdraw({ meetingId, requestId: r.id }))}>
                ×
              </button>
            </li>
          ))}
        </ol>
      )}
      {bridges.length > 0 && (
        <form
          className="sp-site-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (siteId) void run(() => client.speakers.giveSite({ meetingId, siteId }));
          }}
        >
          <label>
            <span className="visually-hidden">{t('queue.site')}</span>
            <select data-testid="speaker-site-select" value={siteId} onChange={(e) => setSiteId(e.target.value)} aria-label={t('queue.site')}>
              <option value="">{t('queue.sitePick')}</option>
              {bridges.map((s) => (
                <option key={s.id} value={s.id}>
                  {visibleText(s.name)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn btn-small" data-testid="speaker-site-add" disabled={busy || !siteId}>
            {t('queue.siteAdd')}
          </button>
        </form>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
