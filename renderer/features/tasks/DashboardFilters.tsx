import { memo, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { taskStatuses } from '../../../shared/domain/tasks';
import type { Filters } from './dashboardModel';
import { formatMonth } from './format';
import styles from './tasks.module.css';
import { Options } from '../../app/Options';

interface Props {
  filters: Filters;
  choices: { units: string[]; meetings: { id: string; title: string }[]; months: string[] };
  onChange(next: Filters): void;
}

/** Status, unit, meeting, month and free text; every change recounts the whole dashboard. */
export const DashboardFilters = memo(function DashboardFilters({ filters, choices, onChange }: Props) {
  const { t } = useTranslation('followup');
  // The same option elements on every redraw, so React skips the ninety-odd options a filter change leaves as they were.
  const unitOptions = useMemo(
    () =>
      choices.units.map((u) => (
        <option key={u} value={u}>
          {u}
        </option>
      )),
    [choices.units],
  );
  const meetingOptions = useMemo(
    () =>
      choices.meetings.map((m) => (
        <option key={m.id} value={m.id}>
          {m.title}
        </option>
      )),
    [choices.meetings],
  );
  const monthOptions = useMemo(
    () =>
      choices.months.map((m) => (
        <option key={m} value={m}>
          {formatMonth(m)}
        </option>
      )),
    [choices.months],
  );
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) => onChange({ ...filters, [k]: v });
  const any = filters.status || filters.unit || filters.meetingId || filters.month || filters.text;
  return (
    <div className={`filters ${styles.fuFilters}`} role="search" aria-label={t('filters.label')}>
      <label className="filter filter-grow">
        <span className="filter-label">{t('filters.text')}</span>
        <input type="search" data-testid="dashboard-filter-text" value={filters.text} placeholder={t('filters.textPlaceholder')} onChange={(e) => set('text', e.target.value)} />
      </label>
      <FilterSelect label={t('filters.status')} testId="dashboard-filter-status" value={filters.status} all={t('filters.all')} onChange={(v) => set('status', v as Filters['status'])}>
        <option value="done">{t('dashboard.done')}</option>
        <Options values={taskStatuses} label={(s) => t(`status.${s}`)} />
      </FilterSelect>
      <FilterSelect label={t('filters.unit')} testId="dashboard-filter-unit" value={filters.unit} all={t('filters.allUnits')} onChange={(v) => set('unit', v)}>
        {unitOptions}
      </FilterSelect>
      <FilterSelect label={t('filters.meeting')} testId="dashboard-filter-meeting" value={filters.meetingId} all={t('filters.allMeetings')} onChange={(v) => set('meetingId', v)}>
        {meetingOptions}
      </FilterSelect>
      <FilterSelect label={t('filters.month')} testId="dashboard-filter-month" value={filters.month} all={t('filters.allMonths')} onChange={(v) => set('month', v)}>
        {monthOptions}
      </FilterSelect>
      {any && (
        <button type="button" className={`btn btn-small ${styles.fuClear}`} data-testid="dashboard-filter-clear" onClick={() => onChange({ status: '', unit: '', meetingId: '', month: '', text: '' })}>
          {t('filters.clear')}
        </button>
      )}
    </div>
  );
});

/** One select of the filter bar; the empty choice ("all …") leaves that filter off. */
function FilterSelect({ label, testId, value, all, onChange, children }: { label: string; testId: string; value: string; all: string; onChange(value: string): void; children: ReactNode }) {
  return (
    <label className="filter">
      <span className="filter-label">{label}</span>
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{all}</option>
        {children}
      </select>
    </label>
  );
}
