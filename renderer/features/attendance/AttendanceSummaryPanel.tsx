import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { formatCount } from './format';
import { QuorumIndicator } from './QuorumIndicator';
import styles from './attendance.module.css';
import { TableHead } from '../../app/TableHead';
import { Panel } from '../../app/Panel';

/**
 * Live attendance: total and per site, with who is missing (expandable per site), excused
 * and substitutes, and the quorum. Compact: the totals and the quorum line only.
 */
export function AttendanceSummaryPanel({ view, compact = false }: { view: MeetingView; compact?: boolean }) {
  const { t } = useTranslation('seating');
  const a = view.attendance;
  const [openSite, setOpenSite] = useState<string | null>(null);
  const siteName = new Map(view.content.sites.map((s) => [s.id, s.name]));
  const names = new Map(view.content.participants.map((p) => [p.id, p.name]));
  const sites = [...a.bySite].sort((x, y) => y.expected - x.expected || (siteName.get(x.siteId ?? '') ?? '').localeCompare(siteName.get(y.siteId ?? '') ?? '', 'vi'));

  return (
    <Panel title={t('summary.title')} small className={`attendance-summary${compact ? ` ${styles.isCompact}` : ''}`} testId="attendance-summary">
      <QuorumIndicator quorum={a.quorum} compact={compact} />
      <dl className={`figures ${styles.attendanceTotals}`}>
        <div>
          <dt>{t('summary.present')}</dt>
          <dd data-testid="attendance-present">
            {formatCount(a.present)}/{formatCount(a.expected)}
          </dd>
        </div>
        <div>
          <dt>{t('summary.excused')}</dt>
          <dd>{formatCount(a.excused)}</dd>
        </div>
        <div>
          <dt>{t('summary.absent')}</dt>
          <dd>{formatCount(a.missing.length - a.excused)}</dd>
        </div>
        <div>
          <dt>{t('summary.substitutes')}</dt>
          <dd>{formatCount(a.substitutes)}</dd>
        </div>
      </dl>
      {!compact && sites.length > 0 && (
        <table className={styles.siteAttendance} data-testid="attendance-by-site">
          <TableHead columns={[t('summary.site'), t('summary.present'), t('summary.missing')]} />
          <tbody>
            {sites.slice(0, 300).map((s) => {
              const key = s.siteId ?? '';
              const open = openSite === key;
              return (
                <tr key={key} data-testid="attendance-site" data-site-id={key}>
                  <th scope="row">{s.siteId ? (siteName.get(s.siteId) ?? '?') : t('summary.noSite')}</th>
                  <td>
                    <span className={styles.siteBar} aria-hidden="true">
                      <span style={{ width: `${s.expected ? (100 * s.present) / s.expected : 0}%` }} />
                    </span>
                    {formatCount(s.present)}/{formatCount(s.expected)}
                  </td>
                  <td>
                    {s.missing.length === 0 ? (
                      '—'
                    ) : (
                      <>
                        <button type="button" className="btn-link" aria-expanded={open} onClick={() => setOpenSite(open ? null : key)}>
                          {t('summary.missingCount', { count: s.missing.length })}
                        </button>
                        {open && (
                          <ul className={styles.missingNames}>
                            {s.missing.map((id) => (
                              <li key={id}>
                                {names.get(id) ?? id}
                                {view.attendance.marks[id]?.status === 'excused' && <span className="person-sub"> · {t('status.excused')}</span>}
                              </li>
                            ))}
                          </ul>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Panel>
  );
}
