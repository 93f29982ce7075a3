import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { formatMeetingWhen, zoneOf } from '../../app/format';
import { currentLanguage } from '../../i18n';
import { WhenWhere } from './MeetingCard';
import { kindLabel } from './MeetingFields';
import { MetaEditor } from './MetaEditor';
import { PublishButton } from './PublishButton';
import { StatusBadge } from './StatusBadge';
import styles from './meetings.module.css';

export function MeetingHeader({ view, onBack }: { view: MeetingView; onBack(): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const { meta } = view.content;
  const when = formatMeetingWhen(meta.startsAt, meta.endsAt, currentLanguage(), zoneOf(meta));
  return (
    <header className={styles.meetingHeader}>
      <button type="button" className={styles.backLink} data-testid="meeting-back" onClick={onBack}>
        <span aria-hidden="true">←</span> {t('meeting.back')}
      </button>
      {editing ? (
        <MetaEditor meetingId={view.id} meta={meta} onDone={() => setEditing(false)} />
      ) : (
        <>
          <div className={styles.meetingHeaderRow}>
            <h1 className={styles.meetingHeading} data-testid="meeting-title">
              {meta.title}
            </h1>
            <div className={styles.meetingBadges}>
              <StatusBadge status={meta.status} />
              {meta.confidentiality !== 'public' && (
                <span className={`badge badge-${meta.confidentiality}`}>{t(`confidentiality.${meta.confidentiality}`)}</span>
              )}
            </div>
          </div>
          <div className={`${styles.meetingHeaderRow} ${styles.meetingHeaderSecond}`}>
            <p className={`${styles.meetingMeta} ${styles.meetingMetaLarge}`}>
              {kindLabel(meta.kind, t) && <span className={`${styles.metaItem} ${styles.meetingKind}`}>{kindLabel(meta.kind, t)}</span>}
              <WhenWhere when={when} venue={meta.venue} />
              {!view.synced && (
                <span className={styles.syncingHint} data-testid="meeting-syncing" role="status">
                  <span className="spinner" aria-hidden="true" />
                  {t('meeting.syncing')}
                </span>
              )}
            </p>
            {view.canEdit && (
              <div className={styles.meetingHeaderTools}>
                <button type="button" className="btn btn-small" data-testid="meeting-edit" onClick={() => setEditing(true)}>
                  {t('meetingForm.edit')}
                </button>
                {meta.status === 'draft' && <PublishButton view={view} />}
              </div>
            )}
          </div>
        </>
      )}
      {meta.status === 'draft' && (
        <div className={styles.draftBanner} data-testid="meeting-draft-banner" role="note">
          <span className={styles.draftBannerMark} aria-hidden="true">
            ✎
          </span>
          <span>
            <strong>{t('meeting.draftBanner')}</strong> {view.canEdit && t('meeting.draftBannerHint')}
          </span>
        </div>
      )}
    </header>
  );
}
