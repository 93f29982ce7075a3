import { useDeferredValue, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/http';
import { formatDateTime } from '../../app/format';
import { ErrorNotice } from '../../app/ErrorNotice';
import { currentLanguage } from '../../i18n';
import { DashboardCounts } from './DashboardCounts';
import { DashboardFilters } from './DashboardFilters';
import { choices, noFilters, prepareRows, recount, type Filters } from './dashboardModel';
import { formatMonth } from './format';
import { GroupTable } from './GroupTable';
import { MonthlyReport } from './MonthlyReport';
import { TaskTable } from './TaskTable';
import { useNowIso } from './useNowIso';
import { useTaskList } from './useTaskList';
import './tasks.css';

/** "Theo dõi nhiệm vụ": every task across meetings, counted by the one status function. */
export function Dashboard() {
  const { t } = useTranslation('followup');
  const list = useTaskList('all');
  const lang = currentLanguage();
  return (
    <div className="page fu-page fu-dashboard-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('dashboard.title')}</h1>
          <p className="page-subtitle">{t('dashboard.lead')}</p>
        </div>
      </div>
      {list.fromCache && (
        <div className="notice notice-cache" data-testid="tasks-from-cache">
          {t('dashboard.fromCache', { time: list.asOf ? formatDateTime(list.asOf, lang) : '—' })}
        </div>
      )}
      <ErrorNotice error={list.error} />
      {list.tasks === null ? list.error === null && <p className="loading">{t('dashboard.loading')}</p> : <DashboardBody tasks={list.tasks} onChanged={list.reload} />}
    </div>
  );
}

function DashboardBody({ tasks, onChanged }: { tasks: Task[]; onChanged(): void }) {
  const { t } = useTranslation('followup');
  const now = useNowIso();
  const [filters, setFilters] = useState<Filters>(noFilters);
  // Typing stays instant; the recount follows the text a frame behind.
  const text = useDeferredValue(filters.text);
  const rows = useMemo(() => prepareRows(tasks, now), [tasks, now]);
  const options = useMemo(() => choices(rows), [rows]);
  const result = useMemo(() => recount(rows, { ...filters, text }, now), [rows, filters.status, filters.unit, filters.meetingId, filters.month, text, now]);
  return (
    <div className="fu-dashboard" data-testid="dashboard" data-recount-ms={result.ms.toFixed(2)} data-total={result.counts.total}>
      <DashboardCounts counts={result.counts} />
      <DashboardFilters filters={filters} choices={options} onChange={setFilters} />
      <MonthlyReport />
      <div className="fu-dash-grid">
        <GroupTable title={t('table.byUnit')} keyHeader={t('table.unit')} groups={result.byUnit} rowTestId="dashboard-unit-row" onPick={(unit) => setFilters((f) => ({ ...f, unit }))} />
        <GroupTable title={t('table.byMonth')} keyHeader={t('table.month')} groups={result.byMonth} rowTestId="dashboard-month-row" formatKey={formatMonth} onPick={(month) => setFilters((f) => ({ ...f, month }))} />
      </div>
      <GroupTable title={t('table.byMeeting')} keyHeader={t('table.meeting')} groups={result.byMeeting} rowTestId="dashboard-meeting-row" onPick={(meetingId) => setFilters((f) => ({ ...f, meetingId }))} />
      <TaskTable rows={result.rows} onChanged={onChanged} />
    </div>
  );
}
