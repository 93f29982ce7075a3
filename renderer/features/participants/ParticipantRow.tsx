import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { MeetingRole } from '../../../shared/roles';
import type { ParticipantView, SiteView } from '../../../shared/ydoc/meeting';
import { RoleOptions } from './RoleOptions';
import { visibleText } from '../../app/visible-text';
import styles from './participants.module.css';
import { SiteOptions } from '../sites';
import { sameFields } from '../../app/sameFields';
import { toneClass, type Tone } from '../../app/tone';

/** A role as a chip: who runs the meeting red, the secretariat navy, everyone else plain. */
const ROLE_TONE: Record<MeetingRole, Tone> = { chair: 'red', vice_chair: 'red', secretariat: 'navy', delegate: 'plain', guest: 'plain', observer: 'plain' };

interface Props {
  participant: ParticipantView;
  username: string | undefined;
  sites: readonly SiteView[];
  siteName: string | null;
  editable: boolean;
  onRole(userId: string, role: MeetingRole): void;
  onSite(userId: string, siteId: string | null): void;
  onRemove(participant: ParticipantView): void;
}

function ParticipantRowImpl({ participant: p, username, sites, siteName, editable, onRole, onSite, onRemove }: Props) {
  const { t } = useTranslation();
  return (
    <tr data-testid="participant-row" data-user-id={p.id} data-username={username} data-role={p.role}>
      <th scope="row">
        <span className="person">
          <span className="person-name">{visibleText(p.name)}</span>
          {username && <span className={styles.personUsername}>{username}</span>}
        </span>
      </th>
      <td>{p.position}</td>
      <td>{p.unit}</td>
      <td>
        {editable ? (
          <select aria-label={t('participants.roleOf', { name: p.name })} data-testid="participant-role" value={p.role} onChange={(e) => onRole(p.id, MeetingRole.parse(e.target.value))}>
            <RoleOptions />
          </select>
        ) : (
          <span className={`${styles.roleChip} ${toneClass(ROLE_TONE[p.role])}`}>{t(`roles.${p.role}`)}</span>
        )}
      </td>
      <td>
        {editable ? (
          <select aria-label={t('participants.siteOf', { name: p.name })} data-testid="participant-site" value={p.siteId ?? ''} onChange={(e) => onSite(p.id, e.target.value || null)}>
            <option value="">{t('participants.noSite')}</option>
            <SiteOptions sites={sites} />
          </select>
        ) : (
          (siteName ?? <span className="muted">{t('participants.noSite')}</span>)
        )}
      </td>
      {editable && (
        <td className="row-actions">
          <button type="button" className="btn btn-small btn-quiet-danger" data-testid="participant-remove" aria-label={t('participants.removeOf', { name: p.name })} onClick={() => onRemove(p)}>
            {t('participants.remove')}
          </button>
        </td>
      )}
    </tr>
  );
}

/** What the row shows of its participant, and its own props. */
const participantFields = ['id', 'name', 'position', 'unit', 'role', 'siteId'] as const satisfies readonly (keyof ParticipantView)[];
const rowFields = ['username', 'sites', 'siteName', 'editable', 'onRole', 'onSite', 'onRemove'] as const satisfies readonly (keyof Props)[];

/** Thousands of rows at a congress: a role change elsewhere must not re-render them all. */
export const ParticipantRow = memo(
  ParticipantRowImpl,
  (a, b) => sameFields(a.participant, b.participant, participantFields) && sameFields(a, b, rowFields),
);
