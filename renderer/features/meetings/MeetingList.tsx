import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { Icon } from '../../app/icons';
import { useClient, useCore, useCoreEvent } from '../../app/connection';
import { errorText } from '../../app/errors';
import { useStanding } from '../../app/standing';
import { canCreateMeeting } from '../../../shared/roles';
import { WrittenPollBanner } from '../voting';
import { CreateMeetingDialog } from './CreateMeetingDialog';
import { MeetingCard } from './MeetingCard';
import { sortMeetings } from './sortMeetings';
import styles from './meetings.module.css';
import { PageHead } from '../../app/PageHead';
import { useLoad } from '../../app/useLoad';

interface ListState {
  meetings: MeetingSummary[];
  fromCache: boolean;
}

export function MeetingList({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const { epoch } = useCore();
  const [list, setList] = useState<ListState | null>(null);
  const [creating, setCreating] = useState(false);
  const standing = useStanding();

  const { error, clearError, reload } = useLoad(() => client.meetings.list({}), setList, [client, epoch]);

  // Nothing pushes a colleague's new meeting or a publication to this list: ask again now
  // and then while it is on screen, and whenever the window comes back to the front.
  useEffect(() => {
    const again = () => {
      if (document.visibilityState === 'visible') client.meetings.list({}).catch(() => undefined);
    };
    const timer = setInterval(again, 30_000);
    window.addEventListener('focus', again);
    document.addEventListener('visibilitychange', again);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', again);
      document.removeEventListener('visibilitychange', again);
    };
  }, [client]);

  useCoreEvent('meetings.changed', (l) => {
    setList(l);
    clearError();
  });

  return (
    <div className="page">
      <PageHead title={t('meetings.title')} subtitle={t('meetings.subtitle')}>
        <div className="page-head-tools">
          {list && list.meetings.length > 0 && <span className={styles.countPill}>{t('meetings.count', { count: list.meetings.length })}</span>}
          {/* Offered only to those the server lets create one (shared/roles, the same rule). */}
          {standing && canCreateMeeting(standing) && (
            <button type="button" className="btn btn-primary" data-testid="meeting-create" onClick={() => setCreating(true)}>
              <Icon name="add" />
              {t('meetings.create')}
            </button>
          )}
        </div>
      </PageHead>
      {creating && (
        <CreateMeetingDialog
          onClose={() => setCreating(false)}
          onCreated={(m) => {
            setCreating(false);
            onOpen(m.id);
          }}
        />
      )}

      <WrittenPollBanner />

      {list?.fromCache && (
        <p className="notice notice-cache" data-testid="meetings-from-cache" role="status">
          {t('meetings.fromCache')}
        </p>
      )}

      {error !== null && !list && (
        <div className="notice notice-error" role="alert">
          <span>{errorText(t, error)}</span>
          <button type="button" className="btn btn-small" onClick={reload}>
            {t('app.retry')}
          </button>
        </div>
      )}

      {!list && error === null && <p className="loading">{t('meetings.loading')}</p>}

      {list && (
        <section data-testid="meeting-list" aria-label={t('meetings.title')}>
          {list.meetings.length === 0 ? (
            <div className="empty-state" data-testid="meetings-empty">
              <h2>{t('meetings.empty')}</h2>
              <p>{t('meetings.emptyHint')}</p>
            </div>
          ) : (
            <ul className={styles.meetingList}>
              {sortMeetings(list.meetings).map((m) => (
                <MeetingCard key={m.id} meeting={m} onOpen={onOpen} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
