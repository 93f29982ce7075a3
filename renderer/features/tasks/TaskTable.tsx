import { Fragment, memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { taskStatuses, vietnamDay, type TaskStatus } from '../../../shared/domain/tasks';
import type { Row } from './dashboardModel';
import { ExtendDialog } from './ExtendDialog';
import { formatInt } from './format';
import { TaskHistory } from './TaskHistory';
import { formatDay, ownerLine } from './taskModel';
import type { Task } from '../../../shared/api/tasks';
import { canEditMeeting } from '../../../shared/roles';
import { useMeetingRoles } from '../../app/standing';
import { toneClass } from '../../app/tone';
import { STATUS_TONE } from './StatusChip';
import styles from './tasks.module.css';
import { TableHead } from '../../app/TableHead';
import { DataTable } from '../../app/DataTable';

const pageSize = 25;

/**
 * The filtered tasks, a page at a time: 25,000 rows in the DOM would take seconds to lay
 * out, a screenful takes nothing. A row opens to show its record and the extension action.
 * Memoised: it redraws when the filtered rows change, not when the search box does.
 */
export const TaskTable = memo(function TaskTable({ rows, onChanged }: { rows: Row[]; onChanged(): void }) {
  const { t, i18n } = useTranslation('followup');
  // The texts every row repeats, looked up once per language instead of three times per row.
  const labels = useMemo(
    () => ({
      status: Object.fromEntries(taskStatuses.map((s) => [s, t(`status.${s}`)])) as Record<TaskStatus, string>,
      high: t('priority.high'),
      urgent: t('priority.urgent'),
      details: t('table.details'),
      hide: t('table.hide'),
    }),
    [t, i18n.language],
  );
  const [page, setPage] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const [extending, setExtending] = useState<Task | null>(null);
  const roles = useMeetingRoles();
  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  // A narrower filter may leave fewer pages than the one on screen.
  useEffect(() => setPage((p) => Math.min(p, pages - 1)), [pages]);
  const current = Math.min(page, pages - 1);
  const slice = rows.slice(current * pageSize, current * pageSize + pageSize);

  return (
    <section className={`panel ${styles.fuTablePanel}`} aria-labelledby="fu-task-table-title" data-testid="task-table" data-total={rows.length}>
      <div className={styles.fuTableHead}>
        <h3 className="panel-title small" id="fu-task-table-title">
          {t('table.tasks', { count: rows.length, formatted: formatInt(rows.length) })}
        </h3>
        <Pager page={current} pages={pages} onPage={setPage} />
      </div>
      {rows.length === 0 ? (
        <p className="empty-inline">{t('table.noTasks')}</p>
      ) : (
        <DataTable columns={[{ label: '#', className: styles.fuColNo }, t('table.task'), t('table.owner'), t('table.assigned'), t('table.deadline'), t('table.status'), { label: t('table.actions'), hidden: true }]} className={styles.fuTaskTable}>
          {slice.map((r, i) => {
            const expanded = open === r.task.id;
            // Keyed by position: a new filter then rewrites the text of the rows on screen
            // instead of removing a page of rows and building another (rows hold no state).
            return (
              <Fragment key={i}>
                <tr data-testid="task-row" data-task-id={r.task.id} data-status={r.status} className={`fu-trow ${styles[`fu-trow-${r.status}`] ?? ''}`}>
                  <td className={styles.fuColNo}>{current * pageSize + i + 1}</td>
                  <td>
                    <div className={styles.fuTrowTitle}>
                      {r.task.priority !== 'normal' && <span className={`${styles.fuPriority} ${styles[`fu-priority-${r.task.priority}`] ?? ''}`}>{labels[r.task.priority]}</span>}
                      {r.task.title}
                    </div>
                    <div className={styles.fuTrowMeeting}>{r.task.meetingTitle}</div>
                  </td>
                  <td>{ownerLine(r.task) || '—'}</td>
                  <td className={styles.fuNowrap}>{formatDay(vietnamDay(r.createdAt))}</td>
                  <td className={`${styles.fuNowrap}${r.status === 'overdue' ? ` ${styles.fuLate}` : ''}`}>
                    {formatDay(r.deadline)}
                    {r.task.extensions.length > 0 && <span className={styles.fuExtended} title={t('task.extendedFrom', { date: formatDay(r.task.deadline) })}> *</span>}
                  </td>
                  <td>
                    <span className={`${styles.fuChip} ${toneClass(STATUS_TONE[r.status])}`}>{labels.status[r.status]}</span>
                  </td>
                  <td>
                    <button type="button" className="btn btn-small" aria-expanded={expanded} onClick={() => setOpen(expanded ? null : r.task.id)}>
                      {expanded ? labels.hide : labels.details}
                    </button>
                  </td>
                </tr>
                {expanded && (
                  <tr className={styles.fuTrowDetails}>
                    <td />
                    <td colSpan={6}>
                      <TaskHistory task={r.task} />
                      {/* Only the secretariat of the task's meeting may extend it (the server's rule, shared/roles). */}
                      {!r.task.completedAt && canEditMeeting(roles.get(r.task.meetingId)) && (
                        <button type="button" className="btn btn-small" data-testid="task-extend" onClick={() => setExtending(r.task)}>
                          {t('task.extend')}
                        </button>
                      )}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </DataTable>
      )}
      {pages > 1 && (
        <div className={styles.fuTableFoot}>
          <Pager page={current} pages={pages} onPage={setPage} />
        </div>
      )}
      {extending && <ExtendDialog task={extending} onClose={() => setExtending(null)} onDone={onChanged} />}
    </section>
  );
});

function Pager({ page, pages, onPage }: { page: number; pages: number; onPage(p: number): void }) {
  const { t } = useTranslation('followup');
  if (pages <= 1) return null;
  return (
    <nav className={styles.fuPager} aria-label={t('table.pages')}>
      <button type="button" className="btn btn-small" disabled={page === 0} onClick={() => onPage(page - 1)} aria-label={t('table.prev')}>
        ‹
      </button>
      <span className={styles.fuPagerText}>{t('table.page', { page: page + 1, pages })}</span>
      <button type="button" className="btn btn-small" disabled={page >= pages - 1} onClick={() => onPage(page + 1)} aria-label={t('table.next')}>
        ›
      </button>
    </nav>
  );
}
