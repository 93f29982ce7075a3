import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { percentages, type StatusCounts } from '../../../shared/domain/tasks';
import { formatInt, formatPercent } from './format';

/** The four big numbers of the government's report, each with its share of the total. */
export const DashboardCounts = memo(function DashboardCounts({ counts }: { counts: StatusCounts }) {
  const { t } = useTranslation('followup');
  const pct = percentages(counts);
  return (
    <div className="fu-counts" role="group" aria-label={t('dashboard.countsLabel')}>
      <div className="fu-count fu-count-total">
        <span className="fu-count-label">{t('dashboard.total')}</span>
        <span className="fu-count-num" data-testid="dashboard-total">
          {formatInt(counts.total)}
        </span>
        <span className="fu-count-sub">{t('dashboard.totalSub')}</span>
      </div>
      <div className="fu-count fu-count-done">
        <span className="fu-count-label">{t('dashboard.done')}</span>
        <span className="fu-count-num" data-testid="dashboard-count" data-status="done">
          {formatInt(counts.done)}
        </span>
        <span className="fu-count-pct">{formatPercent(pct.done)}</span>
        <span className="fu-count-split">
          <span>
            {t('dashboard.onTime')}{' '}
            <strong data-testid="dashboard-count" data-status="done_on_time">
              {formatInt(counts.done_on_time)}
            </strong>{' '}
            <span className="fu-count-pct-small">({formatPercent(pct.done_on_time)})</span>
          </span>
          <span>
            {t('dashboard.late')}{' '}
            <strong data-testid="dashboard-count" data-status="done_late">
              {formatInt(counts.done_late)}
            </strong>{' '}
            <span className="fu-count-pct-small">({formatPercent(pct.done_late)})</span>
          </span>
        </span>
      </div>
      <div className="fu-count fu-count-in_progress">
        <span className="fu-count-label">{t('status.in_progress')}</span>
        <span className="fu-count-num" data-testid="dashboard-count" data-status="in_progress">
          {formatInt(counts.in_progress)}
        </span>
        <span className="fu-count-pct">{formatPercent(pct.in_progress)}</span>
      </div>
      <div className={`fu-count fu-count-overdue${counts.overdue > 0 ? ' has-overdue' : ''}`}>
        <span className="fu-count-label">{t('status.overdue')}</span>
        <span className="fu-count-num" data-testid="dashboard-count" data-status="overdue">
          {formatInt(counts.overdue)}
        </span>
        <span className="fu-count-pct">{formatPercent(pct.overdue)}</span>
      </div>
    </div>
  );
});
