import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConclusionRegister as Register, OrganisationList } from '../../../shared/organisations';
import { useClient } from '../../app/connection';
import { ErrorNotice } from '../../app/ErrorNotice';
import { formatDateTime, formatDay } from '../../app/format';
import { saveFile } from '../../app/save-file';
import { useAction } from '../../app/useAction';
import { currentLanguage } from '../../i18n';
import styles from './notices.module.css';
import { PageHead } from '../../app/PageHead';
import { TableHead } from '../../app/TableHead';

type Org = OrganisationList['organisations'][number];
const statuses = ['', 'overdue', 'in_progress', 'done_on_time', 'done_late', 'none'] as const;

/**
 * "Sổ theo dõi kết luận": every final conclusion of an organisation's meetings, with its
 * notice and the status of its tasks, for the organisation's secretariat; filtered by year,
 * meeting, task status and a search without diacritics; exported to CSV or Excel.
 */
export function ConclusionRegister() {
  const { t } = useTranslation('records');
  const client = useClient();
  const lang = currentLanguage();
  const [orgs, setOrgs] = useState<Org[] | null>(null);
  const [orgId, setOrgId] = useState('');
  const [year, setYear] = useState('');
  const [meetingId, setMeetingId] = useState('');
  const [taskStatus, setTaskStatus] = useState<(typeof statuses)[number]>('');
  const [q, setQ] = useState('');
  const [data, setData] = useState<Register | null>(null);
  const [error, setError] = useState<unknown>(null);
  const exporting = useAction();

  useEffect(() => {
    client.organisations.list({}).then(
      (list) => {
        // The register is the secretariat's: organisations where the person is secretariat (an admin: all).
        const own = list.organisations.filter((o) => o.role === 'secretariat' || o.role === null);
        setOrgs(own);
        setOrgId((cur) => cur || own[0]?.id || '');
      },
      setError,
    );
  }, [client]);

  const filter = useCallback(
    () => ({ organisationId: orgId, ...(year ? { year: Number(year) } : {}), ...(meetingId ? { meetingId } : {}), ...(taskStatus ? { taskStatus } : {}), ...(q.trim() ? { q: q.trim() } : {}) }),
    [orgId, year, meetingId, taskStatus, q],
  );

  useEffect(() => {
    if (!orgId) return;
    let current = true;
    const timer = setTimeout(() => {
      client.reports.conclusions(filter()).then(
        (r) => current && (setData(r), setError(null)),
        (e) => current && setError(e),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, orgId, filter]);

  function exportAs(format: 'csv' | 'xlsx') {
    return exporting.run(async () => {
      const f = await client.reports.conclusionsExport({ ...filter(), format });
      saveFile(f.fileName, f.mimeType, f.base64);
    });
  }
  const busy = exporting.busy;

  const org = orgs?.find((o) => o.id === orgId) ?? null;
  const meetings = [...new Map((data?.rows ?? []).map((r) => [r.meetingId, r.meetingTitle])).entries()];
  return (
    <div className="page" data-testid="conclusion-register">
      <PageHead title={t('register.title')} subtitle={t('register.lead')} />
      <ErrorNotice error={exporting.error ?? error} onDismiss={() => (setError(null), exporting.clearError())} />
      {orgs && orgs.length === 0 && <p className="notice notice-warn">{t('register.noOrganisation')}</p>}
      {orgs && orgs.length > 0 && (
        <div className={styles.ntRegisterFilters}>
          <label className="field">
            <span>{t('register.organisation')}</span>
            <select className="input" value={orgId} onChange={(e) => (setOrgId(e.target.value), setMeetingId(''))}>
              {orgs.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('register.year')}</span>
            <input className="input" inputMode="numeric" value={year} placeholder="2026" maxLength={4} onChange={(e) => setYear(e.target.value.replace(/\D/g, ''))} data-testid="register-year" />
          </label>
          <label className="field">
            <span>{t('register.meeting')}</span>
            <select className="input" value={meetingId} onChange={(e) => setMeetingId(e.target.value)} data-testid="register-meeting">
              <option value="">{t('register.all')}</option>
              {meetings.map(([id, title]) => (
                <option key={id} value={id}>
                  {title}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>{t('register.taskStatus')}</span>
            <select className="input" value={taskStatus} onChange={(e) => setTaskStatus(e.target.value as (typeof statuses)[number])} data-testid="register-status">
              {statuses.map((s) => (
                <option key={s} value={s}>
                  {s ? t(`register.status.${s}`) : t('register.all')}
                </option>
              ))}
            </select>
          </label>
          <label className={`field ${styles.ntRegisterSearch}`}>
            <span>{t('register.search')}</span>
            <input className="input" type="search" value={q} maxLength={200} placeholder={t('register.searchHint')} onChange={(e) => setQ(e.target.value)} data-testid="register-search" />
          </label>
          <div className={styles.ntActions}>
            <button type="button" className="btn" disabled={busy || !orgId} onClick={() => void exportAs('csv')} data-testid="register-csv">
              {t('register.exportCsv')}
            </button>
            <button type="button" className="btn" disabled={busy || !orgId} onClick={() => void exportAs('xlsx')} data-testid="register-xlsx">
              {t('register.exportXlsx')}
            </button>
          </div>
        </div>
      )}
      {data && (
        <table className={`table ${styles.ntRegister}`} data-testid="register-table">
          <TableHead columns={[t('register.col.date'), t('register.col.meeting'), t('register.col.conclusion'), t('register.col.notice'), t('register.col.tasks')]} />
          <tbody>
            {data.rows.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  {t('register.empty')}
                </td>
              </tr>
            )}
            {data.rows.map((r) => (
              <tr key={r.conclusionId} data-testid="register-row">
                <td>{formatDateTime(r.meetingDate, lang, org?.timeZone)}</td>
                <td>
                  {r.meetingTitle}
                  <div className="muted">
                    {r.agendaNumber}. {r.agendaTitle}
                  </div>
                </td>
                <td>{r.text}</td>
                <td>{r.notice ? t('number', { number: r.notice.number }) : '—'}</td>
                <td>
                  {r.tasks.length === 0 ? (
                    <span className="muted">{t('register.status.none')}</span>
                  ) : (
                    <ul className={styles.ntRegisterTasks}>
                      {r.tasks.map((task) => (
                        <li key={task.id}>
                          {task.title}
                          {task.assignee ? ` (${task.assignee})` : ''} · {formatDay(task.deadline, lang)} · <span className={`tag ${styles[`nt-status-${task.status}`] ?? ''}`}>{t(`register.status.${task.status}`)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
