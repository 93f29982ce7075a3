import { useTranslation } from 'react-i18next';
import type { MeetingView } from '../../../shared/contract';
import { meetingRoles, type MeetingRole } from '../../../shared/roles';
import { visibleText } from '../../app/visible-text';
import styles from './agenda.module.css';
import { Panel } from '../../app/Panel';

/** Who takes part and where from; a summary, not the seating plan. */
export function SidePanel({ view }: { view: MeetingView }) {
  const { t } = useTranslation();
  const { participants, sites } = view.content;
  const byRole = new Map<MeetingRole, number>();
  for (const p of participants) byRole.set(p.role, (byRole.get(p.role) ?? 0) + 1);

  return (
    <aside className={styles.sidePanel}>
      <Panel title={t('meeting.role')} small>
        <p className={styles.roleLine}>
          <strong>{t(`roles.${view.role}`)}</strong>
        </p>
      </Panel>

      <Panel title={t('meeting.participants')} small testId="participants">
        <p className={styles.bigNumber} data-testid="participants-count" data-count={participants.length}>
          {t('meeting.participantsCount', { count: participants.length })}
        </p>
        {participants.length > 0 && (
          <dl className={styles.roleCounts}>
            {meetingRoles
              .filter((r) => byRole.has(r))
              .map((r) => (
                <div key={r}>
                  <dt>{t(`roles.${r}`)}</dt>
                  <dd>{byRole.get(r)}</dd>
                </div>
              ))}
          </dl>
        )}
      </Panel>

      <Panel title={<>{t('meeting.sites')} <span className="muted">({sites.length})</span></>} small testId="sites">
        {sites.length === 0 ? (
          <p className="muted">{t('meeting.noSites')}</p>
        ) : (
          <ul className={styles.siteList}>
            {sites.map((s) => (
              <li key={s.id} className={`${styles.site} ${styles[`site-${s.kind}`] ?? ''}`}>
                <span className={styles.siteName}>{visibleText(s.name)}</span>
                <span className={styles.siteKind}>{s.kind === 'main' ? t('meeting.siteMain') : t('meeting.siteBridge')}</span>
              </li>
            ))}
          </ul>
        )}
      </Panel>
    </aside>
  );
}
