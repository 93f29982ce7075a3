import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PollView } from '../../../shared/ydoc/live';
import { PollBuilder } from './PollBuilder';
import { canManagePolls, pollsOfItem } from './pollRules';
import { useMeetingView, useVoting, useVotingSelect } from './VotingProvider';
import styles from './voting.module.css';
import { visibleText } from '../../app/visible-text';

/**
 * Under an agenda item: its polls in one line each (the result once known), and for those
 * who run polls, "Thêm biểu quyết". Reads the meeting from the voting store with a narrow
 * selector, so a moving vote count does not redraw the whole agenda.
 */
export function ItemPolls({ itemId }: { itemId: string }) {
  const { openMeetingId } = useVoting();
  const key = useVotingSelect((store) => {
    const v = store.get(openMeetingId);
    if (!v) return '';
    const polls = pollsOfItem(v.polls, itemId).map((p) => `${p.id}:${p.status}:${p.result?.passed ?? ''}:${p.definition.question}`);
    return `${v.role}|${polls.join('|')}`;
  });
  if (!key) return null;
  return <ItemPollsList itemId={itemId} />;
}

function ItemPollsList({ itemId }: { itemId: string }) {
  const { t } = useTranslation('voting');
  const { openMeetingId, store } = useVoting();
  // Read, not subscribed: ItemPolls redraws this when anything shown here changes, and
  // 500 rows each subscribed to the whole view would all redraw on every edit.
  const view = store.get(openMeetingId);
  const [adding, setAdding] = useState(false);
  if (!view) return null;
  const manager = canManagePolls(view.role);
  const polls = pollsOfItem(view.polls, itemId).filter((p) => manager || p.status !== 'draft');
  if (!manager && polls.length === 0) return null;
  return (
    <div className={styles.vtItemPolls} data-testid="item-polls">
      {polls.length > 0 && (
        <ul className={styles.vtItemPollList}>
          {polls.map((p) => (
            <ItemPollLine key={p.id} poll={p} showResult={manager || p.status === 'published'} />
          ))}
        </ul>
      )}
      {manager && (
        <button type="button" className={`btn btn-small btn-link ${styles.vtAddPoll}`} data-testid="agenda-add-poll" onClick={() => setAdding(true)}>
          + {t('item.add')}
        </button>
      )}
      {adding && <LivePollBuilder meetingId={view.id} agendaItemId={itemId} onClose={() => setAdding(false)} />}
    </div>
  );
}

/** The builder, open under one row, follows the meeting as it changes. */
function LivePollBuilder({ meetingId, agendaItemId, onClose }: { meetingId: string; agendaItemId: string; onClose(): void }) {
  const view = useMeetingView(meetingId);
  return view ? <PollBuilder view={view} agendaItemId={agendaItemId} onClose={onClose} /> : null;
}

function ItemPollLine({ poll, showResult }: { poll: PollView; showResult: boolean }) {
  const { t } = useTranslation('voting');
  const r = poll.result;
  return (
    <li className={styles.vtItemPoll} data-testid="item-poll" data-poll-id={poll.id} data-status={poll.status}>
      <span className={`${styles.vtStatus} ${styles[`vt-status-badge-${poll.status}`] ?? ''}`}>{t(`status.${poll.status}`)}</span>
      <span className={styles.vtItemPollQ}>{visibleText(poll.definition.question)}</span>
      {showResult && r && (
        <span className={`${styles.vtItemVerdict} ${r.passed ? styles.isPassed : styles.isFailed}`} data-passed={String(r.passed)}>
          {r.passed ? t(`verdict.passed.${poll.definition.kind}`) : t(`verdict.failed.${poll.definition.kind}`)}
          {poll.definition.kind === 'approve' && ` · ${r.counts.yes ?? 0}/${r.counts.no ?? 0}/${r.counts.abstain ?? 0}`}
        </span>
      )}
    </li>
  );
}
