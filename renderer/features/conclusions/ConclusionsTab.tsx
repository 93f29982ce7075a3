import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { canRecordConclusions, finalOf } from './conclusionModel';
import { ConclusionItem } from './ConclusionItem';
import { OfficialRecords } from '../notices';
import { AuditPanel } from '../audit';
import styles from './conclusions.module.css';

/** "Kết luận": per agenda item the conclusion (drafted, final or corrected) and its tasks; the official record (notice, minutes) on top. */
export function ConclusionsTab({ view }: { view: MeetingView }) {
  const { t } = useTranslation('followup');
  const recorder = canRecordConclusions(view.role);
  const items = view.content.agenda;
  const finals = items.filter((i) => finalOf(view, i.id)).length;
  return (
    <div className={styles.fuTab} data-testid="conclusions-tab">
      <div className={styles.fuTabHead}>
        <div>
          <h2 className="panel-title">{t('tab.title')}</h2>
          <p className="panel-subtitle">{recorder ? t('tab.leadRecorder') : t('tab.lead')}</p>
        </div>
        <div className={styles.fuProgress} aria-label={t('tab.progressLabel')}>
          <span className={styles.fuProgressNum}>
            {finals}/{items.length}
          </span>
          <span className={styles.fuProgressLabel}>{t('tab.finals')}</span>
        </div>
      </div>
      <OfficialRecords view={view} />
      <AuditPanel view={view} />
      {items.length === 0 ? (
        <p className="empty-inline">{t('tab.empty')}</p>
      ) : (
        <div className={styles.fuItems}>
          {items.map((item) => (
            <ConclusionItem key={item.id} view={view} item={item} />
          ))}
        </div>
      )}
    </div>
  );
}

/** Badge on the tab: final conclusions out of items. */
export function conclusionsBadge(view: MeetingView): string {
  const finals = view.content.agenda.filter((i) => finalOf(view, i.id)).length;
  return `${finals}/${view.content.agenda.length}`;
}
