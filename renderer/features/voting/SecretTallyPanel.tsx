import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView, PollVerification, TellerStatus } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { useAction } from '../../app/useAction';
import { canManagePolls } from './pollRules';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';

/**
 * A secret poll's tellers (issue 15): who has done their part of the key ceremony, the
 * sealed totals after the close and whose share is still missing, the buttons a teller
 * uses (take part, send my share), the chair's (restart the ceremony, declare void) and
 * anyone's "check the count", which downloads every encrypted ballot and proof and checks
 * them on this device.
 */
export function SecretTallyPanel({ view, poll }: { view: MeetingView; poll: PollView }) {
  const { t } = useTranslation('voting');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const [mine, setMine] = useState<TellerStatus | null>(null);
  const [check, setCheck] = useState<PollVerification | null>(null);
  const [voidReason, setVoidReason] = useState('');
  /** Once the teller has joined, this device takes each next step as soon as the others have moved. */
  const [joined, setJoined] = useState(false);
  const tally = poll.tally;
  const steps = tally?.tellers.map((x) => x.step).join(',') ?? '';
  useEffect(() => {
    if (!joined || !tally || tally.state !== 'keys' || tally.note) return;
    let current = true;
    client.polls.takePart({ meetingId: view.id, pollId: poll.id }).then(
      (s) => current && setMine(s),
      () => undefined, // shown when the teller presses the button again
    );
    return () => {
      current = false;
    };
    // Re-run whenever a teller's step changes in live/<id>.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [joined, steps, tally?.state, tally?.note, client, view.id, poll.id]);
  if (!tally) return null;
  const me = tally.tellers.find((x) => x.userId === view.me);
  const manager = canManagePolls(view.role);
  const ids = { meetingId: view.id, pollId: poll.id };
  const shared = tally.tellers.filter((x) => x.step === 'shared').length;
  const missing = tally.tellers.filter((x) => x.step !== 'shared');
  const tracker = view.myBallots[poll.id]?.tracker ?? null;

  return (
    <section className="vt-tellers" data-testid="secret-tally" data-state={tally.state} aria-label={t('tellers.title')}>
      <h4>{t('tellers.title')}</h4>
      <p className="muted">{t(`tellers.state.${tally.state}`, { threshold: tally.threshold, count: tally.tellers.length, shared })}</p>
      <ul className={styles.vtNameList}>
        {tally.tellers.map((x) => (
          <li key={x.index} data-testid="teller" data-step={x.step}>
            {visibleText(x.name)} — {t(`tellers.step.${x.step}`)}
          </li>
        ))}
      </ul>
      {tally.note && <p className="notice notice-warn">{tally.note}</p>}

      {me && (tally.state === 'keys' || tally.state === 'ready') && (
        <div className="vt-teller-actions">
          <button type="button" className="btn btn-primary" data-testid="teller-take-part" disabled={busy || tally.state === 'ready'} onClick={() => void run(async () => {
              setJoined(true);
              setMine(await client.polls.takePart(ids));
            })}>
            {t('tellers.takePart')}
          </button>
          {mine && <span className="muted">{t(`tellers.next.${mine.next}`)}</span>}
        </div>
      )}

      {tally.state === 'awaiting' && (
        <>
          {poll.encryptedTotals && (
            <details>
              <summary>{t('tellers.totals', { count: poll.encryptedTotals.length })}</summary>
              <ul className={styles.vtNameList}>
                {poll.encryptedTotals.map((c, i) => (
                  <li key={i}>
                    <code className={styles.vtReceipt}>{c.slice(0, 24)}…</code>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <p data-testid="tellers-missing">{t('tellers.waiting', { shared, threshold: tally.threshold, names: missing.map((x) => visibleText(x.name)).join(', ') })}</p>
          {me && me.step !== 'shared' && (
            <button type="button" className="btn btn-primary" data-testid="teller-open" disabled={busy} onClick={() => void run(() => client.polls.openResult(ids))}>
              {t('tellers.sendShare')}
            </button>
          )}
          {manager && (
            <div className="vt-teller-actions">
              <input type="text" value={voidReason} placeholder={t('tellers.voidReason')} aria-label={t('tellers.voidReason')} onChange={(e) => setVoidReason(e.target.value)} />
              <button type="button" className="btn btn-danger" data-testid="poll-void" disabled={busy || !voidReason.trim()} onClick={() => void run(() => client.polls.declareVoid({ ...ids, reason: voidReason }))}>
                {t('tellers.declareVoid')}
              </button>
            </div>
          )}
        </>
      )}

      {manager && tally.state === 'keys' && tally.note && (
        <button type="button" className="btn" data-testid="ceremony-restart" disabled={busy} onClick={() => void run(() => client.polls.restartCeremony(ids))}>
          {t('tellers.restart')}
        </button>
      )}

      {tally.state === 'opened' && missing.length > 0 && <p data-testid="tellers-missing">{t('tellers.openedWithout', { names: missing.map((x) => visibleText(x.name)).join(', ') })}</p>}

      {(tally.state === 'opened' || tally.state === 'awaiting') && (
        <div className="vt-teller-actions">
          <button type="button" className="btn btn-small" data-testid="poll-verify" disabled={busy} onClick={() => void run(async () => setCheck(await client.polls.verify(ids)))}>
            {t('tellers.verify')}
          </button>
          {check && (
            <div role="status" data-testid="poll-verify-result" data-ok={String(check.ok)}>
              <strong>{check.ok ? t('tellers.verifyOk', { count: check.ballots }) : t('tellers.verifyFailed', { count: check.problems.length })}</strong>
              {tracker && <span> {check.trackers.includes(tracker) ? t('tellers.trackerFound') : t('tellers.trackerMissing')}</span>}
              {!check.ok && (
                <ul>
                  {check.problems.slice(0, 20).map((p, i) => (
                    <li key={i}>{p}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
    </section>
  );
}
