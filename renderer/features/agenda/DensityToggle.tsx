import { useTranslation } from 'react-i18next';
import type { AgendaDensity } from './density';
import styles from './agenda.module.css';

const choices: AgendaDensity[] = ['comfortable', 'compact'];

/** Two pressed-or-not buttons: both choices visible, one Tab stop each, no menu to open. */
export function DensityToggle({ density, onChange }: { density: AgendaDensity; onChange(d: AgendaDensity): void }) {
  const { t } = useTranslation();
  return (
    <div className={`${styles.buttonGroup} ${styles.densityToggle}`} role="group" aria-label={t('agenda.density')} data-testid="agenda-density">
      {choices.map((d) => (
        <button
          key={d}
          type="button"
          className={`btn btn-small${density === d ? ` ${styles.isPressed}` : ''}`}
          data-testid={`agenda-density-${d}`}
          aria-pressed={density === d}
          onClick={() => onChange(d)}
        >
          {d === 'compact' ? t('agenda.densityCompact') : t('agenda.densityComfortable')}
        </button>
      ))}
    </div>
  );
}
