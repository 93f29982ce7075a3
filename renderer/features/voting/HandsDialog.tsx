import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { VotersResponse } from '../../../shared/api/voting';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { ballotOptions, votingMembers } from './pollRules';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';
import { TableHead } from '../../app/TableHead';

interface Props {
  view: MeetingView;
  poll: PollView;
  voters: VotersResponse | null;
  onClose(): void;
}

/**
 * The chair records, by show of hands, the votes of present members who have no device.
 * Only rows given a choice are sent; they are marked "giơ tay" in the result and the log.
 */
export function HandsDialog({ view, poll, voters, onClose }: Props) {
  const { t } = useTranslation('voting');
  const client = useClient();
  const [choices, setChoices] = useState<Record<string, string[]>>({});
  const options = ballotOptions(poll, t);
  const multi = poll.definition.kind === 'multiple' || poll.definition.kind === 'election';
  const max = poll.definition.maxChoices;

  const people = useMemo(() => {
    const notVoted = voters ? new Set(voters.notVoted) : null;
    return votingMembers(view).filter((p) => view.attendance.marks[p.id]?.status === 'present' && (!notVoted || notVoted.has(p.id)));
  }, [view, voters]);

  function pick(userId: string, optionId: string) {
    setChoices((c) => {
      const now = c[userId] ?? [];
      if (!multi) return { ...c, [userId]: now[0] === optionId ? [] : [optionId] };
      if (now.includes(optionId)) return { ...c, [userId]: now.filter((o) => o !== optionId) };
      return now.length >= max ? c : { ...c, [userId]: [...now, optionId] };
    });
  }

  const entries = Object.entries(choices)
    .filter(([, c]) => c.length > 0)
    .map(([userId, c]) => ({ userId, choices: c }));

  async function save() {
    await client.polls.recordHands({ meetingId: view.id, pollId: poll.id, entries });
  }


  return (
    <ConfirmDialog
      title={t('hands.title')}
      onClose={onClose}
      wide
      closeOnEscape={false}
      testId="poll-hands-dialog"
      confirmTestId="poll-hands-save"
      confirmLabel={t('hands.save')}
      disabled={entries.length === 0}
      footerNote={<span className={`muted ${styles.vtFooterNote}`}>{t('hands.selected', { count: entries.length })}</span>}
      onConfirm={save}
    >
      <p className="dialog-lead">{t('hands.lead')}</p>
      {people.length === 0 ? (
        <p className="empty-inline">{t('hands.nobody')}</p>
      ) : (
        <table className={`data-table ${styles.vtHandsTable}`}>
          <TableHead columns={[t('hands.member'), t('hands.choice')]} />
          <tbody>
            {people.map((p) => {
              const mine = choices[p.id] ?? [];
              return (
                <tr key={p.id} data-testid="poll-hands-row" data-user-id={p.id}>
                  <th scope="row">
                    {visibleText(p.name)}
                    {p.unit && <span className={`muted ${styles.vtUnit}`}>{p.unit}</span>}
                  </th>
                  <td>
                    <div className={styles.vtHandChoices} role="group" aria-label={t('hands.choiceFor', { name: visibleText(p.name) })}>
                      {options.map((o) => (
                        <button
                          key={o.id}
                          type="button"
                          className={`${styles.vtChip} ${styles[`vt-tone-${o.tone}`] ?? ''}${mine.includes(o.id) ? ` ${styles.isPicked}` : ''}`}
                          aria-pressed={mine.includes(o.id)}
                          data-option-id={o.id}
                          onClick={() => pick(p.id, o.id)}
                        >
                          {visibleText(o.label)}
                        </button>
                      ))}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </ConfirmDialog>
  );
}
