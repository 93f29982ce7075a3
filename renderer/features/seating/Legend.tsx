import { useTranslation } from 'react-i18next';
import { seatPalette, seatStates, type SeatState } from './seatState';
import styles from './seating.module.css';

/** What each colour means; always visible next to the map (colour is never the only cue: labels and the list say it too). */
export function Legend({ counts }: { counts?: Partial<Record<SeatState, number>> }) {
  const { t } = useTranslation('seating');
  return (
    <ul className={styles.seatLegend} aria-label={t('legend.title')} data-testid="seat-legend">
      {seatStates.map((s) => (
        <li key={s}>
          <span className={styles.seatSwatch} style={{ background: seatPalette[s].fill, borderColor: seatPalette[s].stroke }} aria-hidden="true" />
          {t(`legend.${s}`)}
          {counts?.[s] !== undefined && <span className={styles.legendCount}>{counts[s]}</span>}
        </li>
      ))}
      <li>
        <span className={`${styles.seatSwatch} ${styles.seatSwatchPresidium}`} aria-hidden="true" />
        {t('kind.presidium')}
      </li>
    </ul>
  );
}
