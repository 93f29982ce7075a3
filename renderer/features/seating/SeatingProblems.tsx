import { useTranslation } from 'react-i18next';
import type { SeatingProblem } from '../../../shared/ydoc/seating';
import type { SeatIndex } from './seatIndex';
import styles from './seating.module.css';
import { Panel } from '../../app/Panel';

/** A burst of conflicts (a bad import) must not bury the map under a thousand rows. */
const shownProblems = 20;

interface Props {
  problems: readonly SeatingProblem[];
  index: SeatIndex;
  editable: boolean;
  busy: boolean;
  onFix(problem: SeatingProblem): void;
  onShow(seatId: string): void;
}

/**
 * Conflicts two secretaries created at once, already repaired in what everyone sees (the
 * same way on every device); "fix" writes the repair into the plan so it stops showing.
 */
export function SeatingProblems({ problems, index, editable, busy, onFix, onShow }: Props) {
  const { t } = useTranslation('seating');
  if (!problems.length) return null;
  const label = (seatId: string) => index.bySeatId.get(seatId)?.seat.label ?? seatId.slice(0, 6);
  const where = (seatId: string) => {
    const at = index.bySeatId.get(seatId);
    return at ? `${at.seat.label} · ${at.room.name}` : seatId.slice(0, 6);
  };
  return (
    <Panel title={t('problems.title', { count: problems.length })} level={3} small className={`${styles.seatingSidePanel} ${styles.seatingProblems}`} role="alert">
      <ul>
        {problems.slice(0, shownProblems).map((p) => {
          const key = p.kind === 'seated_twice' ? `twice-${p.participantId}` : p.kind === 'seat_overlap' ? `overlap-${p.keptSeatId}` : `gone-${p.seatId}`;
          const text =
            p.kind === 'seated_twice'
              ? t('problems.seatedTwice', {
                  name: index.people.get(p.participantId)?.name ?? p.participantId,
                  seats: p.seatIds.map(label).join(', '),
                  kept: where(p.keptSeatId),
                })
              : p.kind === 'seat_overlap'
                ? t('problems.overlap', { kept: where(p.keptSeatId), count: p.extraSeatIds.length, extra: p.extraSeatIds.map(label).join(', ') })
                : t('problems.removed', { label: where(p.seatId) });
          const seatId = p.kind === 'participant_removed' ? p.seatId : p.keptSeatId;
          return (
            <li key={key} data-testid="seating-problem" data-kind={p.kind}>
              <span>{text}</span>
              <span className={styles.problemActions}>
                <button type="button" className="btn-link" onClick={() => onShow(seatId)}>
                  {t('problems.show')}
                </button>
                {editable && (
                  <button type="button" className="btn btn-small" data-testid="seating-problem-fix" onClick={() => onFix(p)} disabled={busy}>
                    {t('problems.fix')}
                  </button>
                )}
              </span>
            </li>
          );
        })}
      </ul>
      {problems.length > shownProblems && <p className="field-hint">{t('problems.more', { count: problems.length - shownProblems })}</p>}
    </Panel>
  );
}
