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

  return (
    <div className={styles.vtControls}>
      {open && !poll.definition.secret && <NotVoted view={view} voters={voters} />}
      <div className={styles.vtControlButtons}>
        {poll.status === 'draft' && (
          <>
            <button type="button" className="btn btn-primary" data-testid="poll-open" onClick={() => setPanel('open')}>
              {t('controls.open')}
            </button>
            <button type="button" className="btn" data-testid="poll-edit" onClick={() => setPanel('edit')}>
              {t('controls.edit')}
            </button>
            <button type="button" className="btn btn-quiet-danger" data-testid="poll-remove" onClick={() => setPanel('remove')}>
              {t('controls.remove')}
            </button>
          </>
        )}
        {open && (
          <>
            <button type="button" className="btn btn-accent" data-testid="poll-close" onClick={() => setPanel('close')}>
              {t('controls.close')}
            </button>
            <button type="button" className="btn" data-testid="poll-hands" onClick={() => setPanel('hands')}>
              {t('controls.hands')}
            </button>
          </>
        )}
        {poll.status === 'closed' && (
          <button type="button" className="btn btn-primary" data-testid="poll-publish" onClick={() => setPanel('publish')}>
            {t('controls.publish')}
          </button>
        )}
        {poll.status !== 'draft' && (
          <button type="button" className="btn" data-testid="poll-hall" onClick={() => setPanel('hall')}>
            {t('controls.hall')}
          </button>
        )}
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
