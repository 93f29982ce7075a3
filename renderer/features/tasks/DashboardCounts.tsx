import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { percentages, type StatusCounts } from '../../../shared/domain/tasks';
import { formatInt, formatPercent } from './format';
import styles from './tasks.module.css';

/** The four big numbers of the government's report, each with its share of the total. */
export const DashboardCounts = memo(function DashboardCounts({ counts }: { counts: StatusCounts }) {
  const { t } = useTranslation('followup');
  const pct = percentages(counts);
  return (
    <div className={styles.fuCounts} role="group" aria-label={t('dashboard.countsLabel')}>
      <div className={`${styles.fuCount} fu-count-total`}>
        <span className={styles.fuCountLabel}>{t('dashboard.total')}</span>
        <span className={styles.fuCountNum} data-testid="dashboard-total">
          {formatInt(counts.total)}
        </span>
        <span className={styles.fuCountSub}>{t('dashboard.totalSub')}</span>
      </div>
      <div className={`${styles.fuCount} ${styles.fuCountDone}`}>
        <span className={styles.fuCountLabel}>{t('dashboard.done')}</span>
        <span className={styles.fuCountNum} data-testid="dashboard-count" data-status="done">
          {formatInt(counts.done)}
        </span>
        <span className={styles.fuCountPct}>{formatPercent(pct.done)}</span>
        <span className={styles.fuCountSplit}>
          <span>
            {t('dashboard.onTime')}{' '}
            <strong data-testid="dashboard-count" data-status="done_on_time">
              {formatInt(counts.done_on_time)}
            </strong>{' '}
            <span className={styles.fuCountPctSmall}>({formatPercent(pct.done_on_time)})</span>
          </span>
          <span>
            {t('dashboard.late')}{' '}
            <strong data-testid="dashboard-count" data-status="done_late">
              {formatInt(counts.done_late)}
            </strong>{' '}
            <span className={styles.fuCountPctSmall}>({formatPercent(pct.done_late)})</span>
          </span>
        </span>
      </div>
      <div className={`${styles.fuCount} ${styles.fuCountIn_progress}`}>
        <span className={styles.fuCountLabel}>{t('status.in_progress')}</span>
        <span className={styles.fuCountNum} data-testid="dashboard-count" data-status="in_progress">
          {formatInt(counts.in_progress)}
        </span>
        <span className={styles.fuCountPct}>{formatPercent(pct.in_progress)}</span>
      </div>
      <div className={`${styles.fuCount} ${styles.fuCountOverdue}${counts.overdue > 0 ? ` ${styles.hasOverdue}` : ''}`}>
        <span className={styles.fuCountLabel}>{t('status.overdue')}</span>
        <span className={styles.fuCountNum} data-testid="dashboard-count" data-status="overdue">
          {formatInt(counts.overdue)}
        </span>
        <span className={styles.fuCountPct}>{formatPercent(pct.overdue)}</span>
      </div>
    </div>
  );
});
