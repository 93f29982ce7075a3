import { CurrentItem } from '../agenda';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { useClient, useCore, useCoreEvent } from '../../app/connection';
import { errorText } from '../../app/errors';
import { Tabs, type TabDef } from '../../app/Tabs';
import { AgendaTree } from '../agenda';
import { SidePanel } from '../agenda';
import { ChangesNotice } from '../changes';
import { DocumentsTab } from '../documents';
import { useUploads } from '../documents';
import { ParticipantsTab } from '../participants';
import { SitesTab } from '../sites';
import { ReadingTools } from '../reader';
import { PollsTab, pollsBadge } from '../voting';
import { SeatingTab } from '../seating';
import { AttendanceTab } from '../attendance';
import { RoomOverview } from '../attendance';
import { seesAttendanceTab } from '../attendance';
import { ConclusionsTab, conclusionsBadge } from '../conclusions';
import { MeetingHeader } from './MeetingHeader';
import styles from './meetings.module.css';
import { useLoad } from '../../app/useLoad';

export type TabKey = 'agenda' | 'documents' | 'participants' | 'sites' | 'polls' | 'seating' | 'attendance' | 'conclusions';

/** One open meeting: the core keeps its replica live between `open` and `close`. */
export function MeetingScreen({ meetingId, initialTab = 'agenda', onBack }: { meetingId: string; initialTab?: TabKey; onBack(): void }) {
  const { t } = useTranslation();
  const client = useClient();
  const { epoch } = useCore();
  const [view, setView] = useState<MeetingView | null>(null);
  const [tab, setTab] = useState<TabKey>(initialTab);
  const uploads = useUploads(meetingId);

  const { error, reload } = useLoad(() => client.meetings.open({ meetingId }), setView, [client, meetingId, epoch]);
  // What was opened is closed when the screen goes or opens another meeting.
  useEffect(
    () => () => {
      void client.meetings.close({ meetingId }).catch(() => {
        /* nothing to release if the core is gone */
      });
    },
    [client, meetingId, epoch],
  );

  useCoreEvent('meeting.changed', (v) => {
    if (v.id === meetingId) setView(v);
  });

  if (!view) {
    return (
      <div className="page">
        <button type="button" className={styles.backLink} data-testid="meeting-back" onClick={onBack}>
          <span aria-hidden="true">←</span> {t('meeting.back')}
        </button>
        {error !== null ? (
          <div className="notice notice-error" data-testid="meeting-error" role="alert">
            <span>{errorText(t, error)}</span>
            <button type="button" className="btn btn-small" onClick={reload}>
              {t('app.retry')}
            </button>
          </div>
        ) : (
          <p className="loading">{t('meeting.loading')}</p>
        )}
      </div>
    );
  }

  const { content } = view;
  const tabs: TabDef<TabKey>[] = [
    { key: 'agenda', label: t('tabs.agenda'), badge: content.agenda.length },
    { key: 'documents', label: t('tabs.documents'), badge: content.documents.filter((d) => d.supersededBy === null).length },
    { key: 'participants', label: t('tabs.participants'), badge: content.participants.length },
    { key: 'sites', label: t('tabs.sites'), badge: content.sites.length },
    { key: 'seating', label: t('seating:tab.seating'), badge: view.seating.rooms.reduce((n, r) => n + r.seats.length, 0) || undefined },
    ...(seesAttendanceTab(view.role) ? [{ key: 'attendance' as const, label: t('seating:tab.attendance'), badge: `${view.attendance.present}/${view.attendance.expected}` }] : []),
    { key: 'polls', label: t('voting:tab.label'), badge: pollsBadge(view) },
    { key: 'conclusions', label: t('followup:tab.label'), badge: conclusionsBadge(view) },
  ];
  const idPrefix = `meeting-${meetingId}`;

  return (
    <div className="page meeting-page" data-testid="meeting-view" data-meeting-id={meetingId} data-synced={view.synced} data-can-edit={view.canEdit}>
      <MeetingHeader view={view} onBack={onBack} />
      <CurrentItem view={view} />
      <ReadingTools view={view} />
      {view.changes && <ChangesNotice meetingId={meetingId} changes={view.changes} />}
      <Tabs<TabKey> tabs={tabs} selected={tab} onSelect={setTab} label={t('tabs.label')} idPrefix={idPrefix} />
      <div role="tabpanel" id={`${idPrefix}-panel-${tab}`} aria-labelledby={`${idPrefix}-tab-${tab}`} className="tab-panel">
        {tab === 'agenda' && <RoomOverview view={view} />}
        {tab === 'agenda' && (
          <div className={styles.meetingLayout}>
            <AgendaTree view={view} />
            <SidePanel view={view} />
          </div>
        )}
        {tab === 'documents' && <DocumentsTab view={view} uploads={uploads} />}
        {tab === 'participants' && <ParticipantsTab view={view} />}
        {tab === 'sites' && <SitesTab view={view} />}
        {tab === 'polls' && <PollsTab view={view} />}
        {tab === 'conclusions' && <ConclusionsTab view={view} />}
        {tab === 'seating' && <SeatingTab view={view} />}
        {tab === 'attendance' && <AttendanceTab view={view} />}
      </div>
    </div>
  );
}
