import { useTranslation } from 'react-i18next';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { formatMeetingWhen } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { PackBadge } from '../pack';
import { StatusBadge } from './StatusBadge';
import { visibleText } from '../../app/visible-text';
import styles from './meetings.module.css';

export function MeetingCard({ meeting, onOpen }: { meeting: MeetingSummary; onOpen(id: string): void }) {
  const { t } = useTranslation();
  const when = formatMeetingWhen(meeting.startsAt, meeting.endsAt, currentLanguage());
  return (
    <li>
      <button
        type="button"
        className={`${styles.meetingCard} ${styles[`status-${meeting.status}`] ?? ''}`}
        data-testid="meeting-card"
        data-meeting-id={meeting.id}
        data-status={meeting.status}
        onClick={() => onOpen(meeting.id)}
        // The card's own text (title first) is its name: an aria-label would hide the date,
        // place and status a screen reader should hear, and differ from what is seen.
        title={t('meetings.open', { title: visibleText(meeting.title) })}
      >
        <span className={styles.meetingDate} aria-hidden="true">
          {when ? (
            <>
              <span className={styles.meetingDateDay}>{when.day}</span>
              <span className={styles.meetingDateMonth}>{when.month}</span>
            </>
          ) : (
            <span className={styles.meetingDateMonth}>—</span>
          )}
        </span>
        <span className={styles.meetingMain}>
          <span className={styles.meetingCardTitle} data-testid="meeting-title">
            {visibleText(meeting.title)}
          </span>
          <span className={styles.meetingMeta}>
            <WhenWhere when={when} venue={meeting.venue} />
          </span>
        </span>
        <span className={styles.meetingSide}>
          <StatusBadge status={meeting.status} />
          {meeting.status !== 'draft' && <PackBadge meetingId={meeting.id} />}
          <span className={styles.meetingRole}>
            {t('meetings.yourRole')}: <strong>{t(`roles.${meeting.role}`)}</strong>
          </span>
        </span>
      </button>
    </li>
  );
}

/** When and where a meeting is, as the list and the meeting's own header say it. */
export function WhenWhere({ when, venue }: { when: ReturnType<typeof formatMeetingWhen>; venue: string | null | undefined }) {
  const { t } = useTranslation();
  return (
    <>
      <span className={styles.metaItem}>
        <ClockIcon />
        {when ? `${when.date} · ${when.time}` : t('meetings.noDate')}
      </span>
      <span className={styles.metaItem}>
        <PinIcon />
        {venue ?? t('meetings.noVenue')}
      </span>
    </>
  );
}

function ClockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <circle cx="8" cy="8" r="6.25" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

function PinIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
      <path d="M8 14.5s4.5-4.2 4.5-7.7a4.5 4.5 0 1 0-9 0c0 3.5 4.5 7.7 4.5 7.7z" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <circle cx="8" cy="6.8" r="1.6" fill="currentColor" />
    </svg>
  );
}
