import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import type { AttendanceStatus } from '../../../shared/domain/attendance';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { indexSeating, matchesName } from '../seating';
import { useAction } from '../../app/useAction';
import { AttendanceRow } from './AttendanceRow';
import styles from './attendance.module.css';
import { SiteOptions } from '../sites';
import { TableHead } from '../../app/TableHead';

type StatusFilter = 'all' | 'present' | 'excused' | 'absent' | 'none';

const page = 200;

/**
 * Who is here: filter by site, status and name. The secretariat marks one person, the
 * checked ones, or a whole site at once ("all present at site X", then the exceptions);
 * the chair follows the same list without the marking.
 */
export function AttendanceList({ view }: { view: MeetingView }) {
  const { t } = useTranslation('seating');
  const client = useClient();
  const { run, error, clearError, busy } = useAction();
  const readOnly = !view.canEdit;
  const { content, seating } = view;
  // Keyed on the meeting's content and seating, which a check-in leaves as the same objects.
  const index = useMemo(() => indexSeating({ content, seating }), [content, seating]);
  const [site, setSite] = useState<string>('all');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [name, setName] = useState('');
  const [limit, setLimit] = useState(page);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [bulkSite, setBulkSite] = useState<string>(() => view.content.sites.find((s) => s.kind === 'main')?.id ?? view.content.sites[0]?.id ?? '');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    if (site !== 'all' && site !== 'none') setBulkSite(site);
  }, [site]);

  const markOf = (id: string) => view.attendance.pending[id] ?? view.attendance.marks[id];
  const rows = useMemo(
    () =>
      view.content.participants.filter((p) => {
        if (site === 'none' ? p.siteId !== null : site !== 'all' && p.siteId !== site) return false;
        const s = (view.attendance.pending[p.id] ?? view.attendance.marks[p.id])?.status ?? 'none';
        if (status !== 'all' && s !== status) return false;
        return matchesName(p, name);
      }),
    [view, site, status, name],
  );

  function mark(userIds: string[], s: AttendanceStatus, substitute: string | null = null) {
    if (!userIds.length) return Promise.resolve(false);
    return run(() => client.attendance.mark({ meetingId: view.id, userIds, status: s, substitute }));
  }

  async function markSite() {
    const ids = view.content.participants.filter((p) => p.siteId === bulkSite && markOf(p.id)?.status !== 'present').map((p) => p.id);
    const siteName = index.siteName.get(bulkSite) ?? '';
    if (!ids.length) return setMessage(t('list.bulkNothing', { site: siteName }));
    if (await mark(ids, 'present')) setMessage(t('list.bulkDone', { count: ids.length, site: siteName }));
  }

  async function markChecked(s: AttendanceStatus) {
    if (await mark([...checked], s)) setChecked(new Set());
  }

  const shown = rows.slice(0, limit);
  const allShownChecked = shown.length > 0 && shown.every((p) => checked.has(p.id));
  return (
    <section className={`panel ${styles.attendanceListPanel}`} aria-labelledby="attendance-list-title">
      <div className="panel-head">
        <h2 id="attendance-list-title" className="panel-title">
          {t('list.title')}
        </h2>
        {readOnly ? (
          <span className="tag tag-readonly">{t('list.readOnly')}</span>
        ) : (
          <div className={`wrap-row ${styles.bulkSite}`}>
            <select className="seating-input" data-testid="attendance-bulk-site-select" value={bulkSite} onChange={(e) => setBulkSite(e.target.value)} aria-label={t('list.bulkSite')}>
              <SiteOptions sites={view.content.sites} />
            </select>
            <button type="button" className="btn btn-small btn-primary" data-testid="attendance-bulk-site" disabled={busy || !bulkSite} onClick={() => void markSite()}>
              {t('list.bulkPresent', { site: index.siteName.get(bulkSite) ?? '' })}
            </button>
          </div>
        )}
      </div>
      <div className={`wrap-row ${styles.attendanceFilters}`} role="search">
        <select className="seating-input" data-testid="attendance-filter-site" value={site} onChange={(e) => setSite(e.target.value)} aria-label={t('list.filterSite')}>
          <option value="all">{t('list.allSites')}</option>
          <SiteOptions sites={view.content.sites} />
          <option value="none">{t('summary.noSite')}</option>
        </select>
        <select className="seating-input" data-testid="attendance-filter-status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)} aria-label={t('list.filterStatus')}>
          {(['all', 'present', 'none', 'absent', 'excused'] as const).map((s) => (
            <option key={s} value={s}>
              {s === 'all' ? t('list.allStatuses') : t(`status.${s}`)}
            </option>
          ))}
        </select>
        <input className="seating-input" type="search" data-testid="attendance-filter-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('list.filterName')} aria-label={t('list.filterName')} />
        <span className="person-sub">{t('list.count', { count: rows.length })}</span>
      </div>
      {checked.size > 0 && (
        <div className={`wrap-row ${styles.bulkChecked}`} role="group" aria-label={t('list.checkedActions')}>
          <span>{t('list.checked', { count: checked.size })}</span>
          <button type="button" className="btn btn-small" data-testid="attendance-checked-present" disabled={busy} onClick={() => void markChecked('present')}>
            {t('list.checkIn')}
          </button>
          <button type="button" className="btn btn-small" data-testid="attendance-checked-absent" disabled={busy} onClick={() => void markChecked('absent')}>
            {t('list.checkOut')}
          </button>
          <button type="button" className="btn btn-small" data-testid="attendance-checked-excused" disabled={busy} onClick={() => void markChecked('excused')}>
            {t('list.excused')}
          </button>
          <button type="button" className="btn-link" onClick={() => setChecked(new Set())}>
            {t('selection.deselect')}
          </button>
        </div>
      )}
      <ErrorNotice error={error} onDismiss={clearError} />
      {message && (
        <p className="field-hint" role="status">
          {message}
        </p>
      )}
      {/* It scrolls; read-only it holds nothing focusable, so it takes focus itself for the keyboard (axe scrollable-region-focusable). */}
      <div className={styles.attendanceTableWrap} role="region" aria-label={t('list.title')} tabIndex={0}>
        <table className={styles.attendanceTable} data-testid="attendance-list">
          <TableHead
            columns={[
              !readOnly && {
                label: (
                  <input
                    type="checkbox"
                    checked={allShownChecked}
                    aria-label={t('list.selectAll')}
                    onChange={(e) => setChecked(e.target.checked ? new Set([...checked, ...shown.map((p) => p.id)]) : new Set())}
                  />
                ),
              },
              t('list.person'),
              t('summary.site'),
              t('list.status'),
              !readOnly && t('list.actions'),
            ]}
          />
          <tbody>
            {shown.map((p) => (
              <AttendanceRow
                key={p.id}
                person={p}
                mark={markOf(p.id)}
                pending={p.id in view.attendance.pending}
                siteName={p.siteId ? index.siteName.get(p.siteId) : undefined}
                seatLabel={index.seatOf.get(p.id)?.seat.label}
                readOnly={readOnly}
                checked={checked.has(p.id)}
                onCheck={(on) =>
                  setChecked((prev) => {
                    const next = new Set(prev);
                    if (on) next.add(p.id);
                    else next.delete(p.id);
                    return next;
                  })
                }
                onMark={(s, substitute) => void mark([p.id], s, substitute ?? null)}
              />
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > limit && (
        <button type="button" className="btn btn-small" onClick={() => setLimit((l) => l + 500)}>
          {t('list.more', { count: rows.length - limit })}
        </button>
      )}
    </section>
  );
}
