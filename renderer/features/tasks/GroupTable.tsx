import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { percentages } from '../../../shared/domain/tasks';
import type { Group } from './dashboardModel';
import { formatInt, formatPercent } from './format';
import styles from './tasks.module.css';
import { DataTable } from '../../app/DataTable';

interface Props {
  title: string;
  keyHeader: string;
  groups: Group[];
  rowTestId?: string;
  /** Picks the group as a filter (clicking a unit narrows the whole dashboard to it). */
  onPick?(key: string): void;
  formatKey?(label: string): string;
}

const shown = 12;

/**
 * Counts and shares per unit, meeting or month, as the monthly report lays them out.
 * Memoised: a recount redraws a table only when its groups changed.
 */
export const GroupTable = memo(function GroupTable({ title, keyHeader, groups, rowTestId, onPick, formatKey }: Props) {
  const { t } = useTranslation('followup');
  const [all, setAll] = useState(false);
  const visible = all ? groups : groups.slice(0, shown);
  return (
    <section className={`panel ${styles.fuGroup}`} aria-label={title}>
      <h3 className="panel-title small">{title}</h3>
      <DataTable columns={[keyHeader, { label: t('table.total'), className: 'num' }, { label: t('table.onTime'), className: 'num' }, { label: t('table.late'), className: 'num' }, { label: t('table.inProgress'), className: 'num' }, { label: t('table.overdue'), className: 'num' }, { label: t('table.doneRate'), className: 'num' }]} className={styles.fuGroupTable}>
        {visible.map((g, i) => {
          const pct = percentages(g.counts);
          const label = formatKey ? formatKey(g.label) : g.label;
          // Keyed by position: groups re-sort on every filter, and rewriting a row's text
          // costs less than moving rows about (rows hold no state).
          return (
            <tr key={i} data-testid={rowTestId} data-key={g.key} className={g.counts.overdue > 0 ? styles.fuRowOverdue : undefined}>
              <th scope="row">
                {onPick ? (
                  <button type="button" className={`btn-link ${styles.fuGroupPick}`} title={t('table.pick', { name: label })} onClick={() => onPick(g.key)}>
                    {label}
                  </button>
                ) : (
                  label
                )}
              </th>
              <td className="num">{formatInt(g.counts.total)}</td>
              <td className="num">{formatInt(g.counts.done_on_time)}</td>
              <td className="num">{formatInt(g.counts.done_late)}</td>
              <td className="num">{formatInt(g.counts.in_progress)}</td>
              <td className={`num${g.counts.overdue > 0 ? ` ${styles.fuLate}` : ''}`}>{formatInt(g.counts.overdue)}</td>
              <td className="num">
                <span className={styles.fuRate}>
                  <span className={styles.fuRateBar} aria-hidden="true">
                    <span className={styles.fuRateOn} style={{ width: `${pct.done_on_time}%` }} />
                    <span className={styles.fuRateLate} style={{ width: `${pct.done_late}%` }} />
                  </span>
                  {formatPercent(pct.done)}
                </span>
              </td>
            </tr>
          );
        })}
      </DataTable>
      {groups.length > shown && (
        <button type="button" className="btn btn-small show-more" onClick={() => setAll((a) => !a)}>
          {all ? t('table.fewer') : t('table.all', { count: groups.length })}
        </button>
      )}
    </section>
  );
});
