import { memo, type ReactNode } from 'react';
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
      <CountCard className={styles.fuCountDone} label={t('dashboard.done')} status="done" count={counts.done} pct={pct.done}>
        <span className={styles.fuCountSplit}>
          <SplitCount label={t('dashboard.onTime')} status="done_on_time" count={counts.done_on_time} pct={pct.done_on_time} />
          <SplitCount label={t('dashboard.late')} status="done_late" count={counts.done_late} pct={pct.done_late} />
        </span>
      </CountCard>
      <CountCard className={styles.fuCountIn_progress} label={t('status.in_progress')} status="in_progress" count={counts.in_progress} pct={pct.in_progress} />
      <CountCard className={`${styles.fuCountOverdue}${counts.overdue > 0 ? ` ${styles.hasOverdue}` : ''}`} label={t('status.overdue')} status="overdue" count={counts.overdue} pct={pct.overdue} />
    </div>
  );
});

/** One status's big number and its share of the total. */
function CountCard({ className, label, status, count, pct, children }: { className: string | undefined; label: string; status: string; count: number; pct: number; children?: ReactNode }) {
  return (
    <div className={`${styles.fuCount} ${className}`}>
      <span className={styles.fuCountLabel}>{label}</span>
      <span className={styles.fuCountNum} data-testid="dashboard-count" data-status={status}>
        {formatInt(count)}
      </span>
      <span className={styles.fuCountPct}>{formatPercent(pct)}</span>
      {children}
    </div>
  );
}

/** On time or late, under "done". */
function SplitCount({ label, status, count, pct }: { label: string; status: string; count: number; pct: number }) {
  return (
    <span>
      {label}{' '}
      <strong data-testid="dashboard-count" data-status={status}>
        {formatInt(count)}
      </strong>{' '}
      <span className={styles.fuCountPctSmall}>({formatPercent(pct)})</span>
    </span>
  );
}
