import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { vietnamDay } from '../../../shared/domain/tasks';
import { useTranslation } from 'react-i18next';
import type { Task } from '../../../shared/api/tasks';
import { DashboardCounts } from './DashboardCounts';
import { DashboardFilters } from './DashboardFilters';
import { choices, noFilters, prepareRows, recount, type Filters } from './dashboardModel';
import { formatMonth } from './format';
import { GroupTable } from './GroupTable';
import { MonthlyReport } from './MonthlyReport';
import { TaskListPage } from './TaskListPage';
import { TaskTable } from './TaskTable';
import { useNowIso } from './useNowIso';
import { useTaskList } from './useTaskList';
import styles from './tasks.module.css';

/** "Theo dõi nhiệm vụ": every task across meetings, counted by the one status function. */
export function Dashboard() {
  const { t } = useTranslation('followup');
  const list = useTaskList('all');
  return (
    <TaskListPage title={t('dashboard.title')} lead={t('dashboard.lead')} list={list} className="fu-dashboard-page">
      {(tasks) => <DashboardBody tasks={tasks} onChanged={list.reload} />}
    </TaskListPage>
  );
}

function DashboardBody({ tasks, onChanged }: { tasks: Task[]; onChanged(): void }) {
  const { t } = useTranslation('followup');
  // Statuses change with the day in Vietnam, not with each minute the clock moves.
  const today = vietnamDay(useNowIso());
  const [filters, setFilters] = useState<Filters>(noFilters);
  const rows = useMemo(() => prepareRows(tasks, today), [tasks, today]);
  const options = useMemo(() => choices(rows), [rows]);
  // Recounting is a few milliseconds even for a search typed into 25,000 tasks (dashboardModel's text index), so the counts follow each key at once.
  const result = useMemo(() => recount(rows, filters), [rows, filters]);
  // What lies below the first screen (the per-meeting table, the task list) follows in a
  // render of its own, after the counts and the tables in view have been drawn: on a
  // filter change that is half the page's layout, done when no one is looking yet.
  const below = useDeferredValue(result);
  // Stable callbacks, so a recount redraws only the parts whose figures changed (every part below is memoised).
  const pickUnit = useCallback((unit: string) => setFilters((f) => ({ ...f, unit })), []);
  const pickMonth = useCallback((month: string) => setFilters((f) => ({ ...f, month })), []);
  const pickMeeting = useCallback((meetingId: string) => setFilters((f) => ({ ...f, meetingId })), []);
  return (
    <div className={styles.fuDashboard} data-testid="dashboard" data-recount-ms={result.ms.toFixed(2)} data-total={result.counts.total}>
      <DashboardCounts counts={result.counts} />
      <DashboardFilters filters={filters} choices={options} onChange={setFilters} />
      <MonthlyReport />
      <div className={styles.fuDashGrid}>
        <GroupTable title={t('table.byUnit')} keyHeader={t('table.unit')} groups={result.byUnit} rowTestId="dashboard-unit-row" onPick={pickUnit} />
        <GroupTable title={t('table.byMonth')} keyHeader={t('table.month')} groups={result.byMonth} rowTestId="dashboard-month-row" formatKey={formatMonth} onPick={pickMonth} />
      </div>
      <GroupTable title={t('table.byMeeting')} keyHeader={t('table.meeting')} groups={below.byMeeting} rowTestId="dashboard-meeting-row" onPick={pickMeeting} />
      <TaskTable rows={below.rows} onChanged={onChanged} />
    </div>
  );
}
