import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { isVotingMember } from '../../../shared/domain/attendance';
import { runsMeeting } from '../../../shared/roles';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import styles from './recusals.module.css';
import { visibleMultiline, visibleText } from '../../app/visible-text';

/**
 * Conflicts of interest ("xung đột lợi ích"): a voting member declares one on an item (the
 * one under discussion by default), with the reason. It is a record: kept on the device
 * offline and sent with a receipt; from then on they take no part in that item's polls.
 * Whoever runs the meeting sees every declaration.
 */
export function Recusals({ view }: { view: MeetingView }) {
  const { t } = useTranslation('room');
  const client = useClient();
  const id = useId();
  const { run, busy, error, clearError } = useAction();
  const [open, setOpen] = useState(false);
  const [itemId, setItemId] = useState(view.live.currentItemId ?? view.content.agenda[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const me = view.content.participants.find((p) => p.id === view.me);
  const canDeclare = !!me && isVotingMember(me.role);
  const runs = runsMeeting(view.role);
  const itemLabel = (agendaItemId: string) => {
    const item = view.content.agenda.find((i) => i.id === agendaItemId);
    return item ? `${item.number}. ${visibleText(item.title)}` : t('recusal.itemGone');
  };
  const declaredByMe = view.recusals.filter((r) => r.userId === view.me);
  const sending = view.pendingRecords.filter((r) => r.kind === 'recusal' && r.state !== 'sent');
  const current = view.live.currentItemId;
  const onCurrent = view.recusals.filter((r) => r.agendaItemId === current);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = await run(() => client.recusals.declare({ meetingId: view.id, agendaItemId: itemId, reason }));
    if (ok) {
      setReason('');
      setOpen(false);
    }
  };

  if (!canDeclare && !runs) return null;
  return (
    <div className={styles.rc} data-testid="recusals">
      {declaredByMe.map((r) => (
        <span key={r.agendaItemId} className={styles.rcMine} data-testid="recusal-mine">
          {t('recusal.youRecused', { item: itemLabel(r.agendaItemId) })}
        </span>
      ))}
      {sending.map((r) => (
        <span key={r.key} className={r.state === 'refused' ? `${styles.rcMine} ${styles.isRefused}` : styles.rcMine} data-testid="recusal-sending" data-state={r.state}>
          {r.state === 'refused' ? t('recusal.refused', { reason: r.refusal ?? '' }) : t('recusal.sending')}
        </span>
      ))}
      {canDeclare && !open && (
        <button type="button" className="btn btn-small" data-testid="recusal-open" onClick={() => setOpen(true)}>
          {t('recusal.declare')}
        </button>
      )}
      {canDeclare && open && (
        <form className="rc-form" onSubmit={(e) => void submit(e)} data-testid="recusal-form">
          <label htmlFor={`${id}-item`}>{t('recusal.item')}</label>
          <select id={`${id}-item`} data-testid="recusal-item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
            {view.content.agenda.map((i) => (
              <option key={i.id} value={i.id}>
                {`${i.number}. ${visibleText(i.title)}`}
              </option>
            ))}
          </select>
          <label htmlFor={`${id}-reason`}>{t('recusal.reason')}</label>
          <input id={`${id}-reason`} data-testid="recusal-reason" required maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" className="btn btn-small btn-primary" data-testid="recusal-submit" disabled={busy || !reason.trim() || !itemId}>
            {t('recusal.submit')}
          </button>
          <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
            {t('recusal.cancel')}
          </button>
        </form>
      )}
      {runs && view.recusals.length > 0 && (
        <details className={styles.rcList} data-testid="recusal-list" open={onCurrent.length > 0}>
          <summary>{t('recusal.listTitle', { count: view.recusals.length })}</summary>
          <ul>
            {view.recusals.map((r) => (
              <li key={`${r.agendaItemId}/${r.userId}`} data-testid="recusal-row" data-current={r.agendaItemId === current ? 'true' : undefined}>
                <strong>{visibleText(r.name)}</strong> — {itemLabel(r.agendaItemId)}: {visibleMultiline(r.reason)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </div>
  );
}
