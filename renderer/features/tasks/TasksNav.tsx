import { useTranslation } from 'react-i18next';
import { useStanding } from '../../app/standing';
import { canKeepOrganisations } from '../../../shared/roles';
import styles from './tasks.module.css';

export type TopScreen = 'meetings' | 'my-tasks' | 'dashboard' | 'conclusion-register' | 'organisations';

/** The header's links: the meetings, and the follow-up screens that live outside any one meeting. */
export function TasksNav({ screen, onNavigate }: { screen: TopScreen; onNavigate(screen: TopScreen): void }) {
  const { t } = useTranslation('followup');
  const { t: tr } = useTranslation('records');
  const { t: to } = useTranslation('organisations');
  const standing = useStanding();
  // The register of conclusions is the organisation secretariat's (and an admin's).
  const keepsRegister = standing !== null && canKeepOrganisations(standing);
  return (
    <nav className={styles.fuNav} aria-label={t('nav.label')}>
      <button type="button" className={`${styles.fuNavLink}${screen === 'meetings' ? ' is-current' : ''}`} aria-current={screen === 'meetings' ? 'page' : undefined} data-testid="nav-meetings" onClick={() => onNavigate('meetings')}>
        {t('nav.meetings')}
      </button>
      <button type="button" className={`${styles.fuNavLink}${screen === 'my-tasks' ? ' is-current' : ''}`} aria-current={screen === 'my-tasks' ? 'page' : undefined} data-testid="nav-my-tasks" onClick={() => onNavigate('my-tasks')}>
        {t('nav.mine')}
      </button>
      <button type="button" className={`${styles.fuNavLink}${screen === 'dashboard' ? ' is-current' : ''}`} aria-current={screen === 'dashboard' ? 'page' : undefined} data-testid="nav-dashboard" onClick={() => onNavigate('dashboard')}>
        {t('nav.dashboard')}
      </button>
      {keepsRegister && (
        <button type="button" className={`${styles.fuNavLink}${screen === 'conclusion-register' ? ' is-current' : ''}`} aria-current={screen === 'conclusion-register' ? 'page' : undefined} data-testid="nav-conclusion-register" onClick={() => onNavigate('conclusion-register')}>
          {tr('nav')}
        </button>
      )}
      {standing && canKeepOrganisations(standing) && (
        <button type="button" className={`${styles.fuNavLink}${screen === 'organisations' ? ' is-current' : ''}`} aria-current={screen === 'organisations' ? 'page' : undefined} data-testid="nav-organisations" onClick={() => onNavigate('organisations')}>
          {to('nav')}
        </button>
      )}
    </nav>
  );
}
