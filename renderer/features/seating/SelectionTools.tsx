import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomView, SeatKind, SeatView } from '../../../shared/ydoc/seating';
import type { SeatIndex } from './seatIndex';
import styles from './seating.module.css';

interface Props {
  room: RoomView;
  seats: SeatView[];
  index: SeatIndex;
  busy: boolean;
  onKind(kind: SeatKind): void;
  onRelabel(label: string): void;
  onClearPeople(): void;
  onDelete(): void;
  onDeselect(): void;
}

/** What can be done to the selected seats: change their kind, relabel one, empty them, delete them. */
export function SelectionTools({ seats, index, busy, onKind, onRelabel, onClearPeople, onDelete, onDeselect }: Props) {
  const { t } = useTranslation('seating');
  const single = seats.length === 1 ? seats[0]! : null;
  const [label, setLabel] = useState(single?.label ?? '');
  useEffect(() => setLabel(single?.label ?? ''), [single?.id, single?.label]);
  const occupied = seats.filter((s) => s.participantId).length;
  const occupant = single?.participantId ? index.people.get(single.participantId) : undefined;

  function relabel(e: FormEvent) {
    e.preventDefault();
    if (label.trim() && label.trim() !== single?.label) onRelabel(label.trim());
  }

  return (
    <section className={`panel ${styles.seatingSidePanel}`} data-testid="seat-selection" aria-labelledby="selection-title">
      <div className={styles.selectionHead}>
        <h3 id="selection-title" className="panel-title small">
          {single ? t('selection.one', { label: single.label }) : t('selection.many', { count: seats.length })}
        </h3>
        <button type="button" className="btn-link" onClick={onDeselect}>
          {t('selection.deselect')}
        </button>
      </div>
      {single && <p className={styles.selectionOccupant}>{occupant ? occupant.name : t('search.empty')}</p>}
      <p className="field-hint">{t('selection.hint')}</p>
      <label className={styles.inlineField}>
        <span>{t('block.kind')}</span>
        <select
          data-testid="selection-kind"
          value={seats.every((s) => s.kind === seats[0]?.kind) ? seats[0]?.kind : ''}
          onChange={(e) => e.target.value && onKind(e.target.value as SeatKind)}
          disabled={busy}
        >
          <option value="">—</option>
          <option value="seat">{t('kind.seat')}</option>
          <option value="presidium">{t('kind.presidium')}</option>
          <option value="podium">{t('kind.podium')}</option>
        </select>
      </label>
      {single && (
        <form className={styles.inlineField} onSubmit={relabel}>
          <span>{t('selection.label')}</span>
          <input data-testid="selection-label" value={label} maxLength={40} onChange={(e) => setLabel(e.target.value)} />
          <button type="submit" className="btn btn-small" disabled={busy}>
            {t('common.save')}
          </button>
        </form>
      )}
      <div className="form-actions">
        {occupied > 0 && (
          <button type="button" className="btn btn-small" data-testid="selection-clear" onClick={onClearPeople} disabled={busy}>
            {t('selection.clear', { count: occupied })}
          </button>
        )}
        <button type="button" className="btn btn-small btn-quiet-danger" data-testid="selection-delete" onClick={onDelete} disabled={busy}>
          {t('selection.delete', { count: seats.length })}
        </button>
      </div>
    </section>
  );
}
