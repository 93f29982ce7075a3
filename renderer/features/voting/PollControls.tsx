import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { PollView } from '../../../shared/ydoc/live';
import { useClient } from '../../app/connection';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { HallDisplay } from './HallDisplay';
import { HandsDialog } from './HandsDialog';
import { NotVoted, useVoters } from './NotVoted';
import { PollBuilder } from './PollBuilder';
import { visibleText } from '../../app/visible-text';
import styles from './voting.module.css';

type Step = 'open' | 'close' | 'publish' | 'remove';
type Panel = Step | 'edit' | 'hands' | 'hall' | null;

/** What the chair and secretariat do with a poll, one confirmed step at a time: draft → open → closed → published. */
export function PollControls({ view, poll }: { view: MeetingView; poll: PollView }) {
  const { t } = useTranslation('voting');
  const client = useClient();
  const [panel, setPanel] = useState<Panel>(null);
  const open = poll.status === 'open';
  const voters = useVoters(view, poll, open);
  const item = poll.agendaItemId ? view.content.agenda.find((a) => a.id === poll.agendaItemId) : null;
  const ref = { meetingId: view.id, pollId: poll.id };

  const steps: Record<Step, { run(): Promise<unknown>; danger?: boolean }> = {
    open: { run: () => client.polls.open(ref) },
    close: { run: () => client.polls.close(ref), danger: true },
    publish: { run: () => client.polls.publish(ref) },
    remove: { run: () => client.polls.remove(ref), danger: true },
  };

  // What may be done at each status, in the order the buttons stand.
  const buttons: { panel: Exclude<Panel, null>; className: string; shown: boolean }[] = [
    { panel: 'open', className: 'btn btn-primary', shown: poll.status === 'draft' },
    { panel: 'edit', className: 'btn', shown: poll.status === 'draft' },
    { panel: 'remove', className: 'btn btn-quiet-danger', shown: poll.status === 'draft' },
    { panel: 'close', className: 'btn btn-accent', shown: open },
    { panel: 'hands', className: 'btn', shown: open },
    { panel: 'publish', className: 'btn btn-primary', shown: poll.status === 'closed' },
    { panel: 'hall', className: 'btn', shown: poll.status !== 'draft' },
  ];

  return (
    <div className={styles.vtControls}>
      {open && !poll.definition.secret && <NotVoted view={view} voters={voters} />}
      <div className={styles.vtControlButtons}>
        {buttons
          .filter((b) => b.shown)
          .map((b) => (
            <button key={b.panel} type="button" className={b.className} data-testid={`poll-${b.panel}`} onClick={() => setPanel(b.panel)}>
              {t(`controls.${b.panel}`)}
            </button>
          ))}
      </div>

      {panel === 'open' || panel === 'close' || panel === 'publish' || panel === 'remove' ? (
        <ConfirmDialog testId="poll-confirm-dialog" confirmTestId="poll-confirm"
          title={t(`confirm.${panel}.title`)}
          confirmLabel={t(`confirm.${panel}.button`)}
          danger={steps[panel].danger}
          onConfirm={steps[panel].run}
          onClose={() => setPanel(null)}
        >
          <p className={styles.vtConfirmQuestion}>“{visibleText(poll.definition.question)}”</p>
          <p>{t(`confirm.${panel}.text`, { voted: poll.votedCount, eligible: poll.eligibleCount })}</p>
        </ConfirmDialog>
      ) : null}
      {panel === 'edit' && <PollBuilder view={view} poll={poll} onClose={() => setPanel(null)} />}
      {panel === 'hands' && <HandsDialog view={view} poll={poll} voters={voters} onClose={() => setPanel(null)} />}
      {panel === 'hall' && (
        <HallDisplay poll={poll} meetingTitle={view.content.meta.title} itemLabel={item ? `${item.number}. ${visibleText(item.title)}` : null} onClose={() => setPanel(null)} />
      )}
    </div>
  );
}
