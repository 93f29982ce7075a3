import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView } from '../../../shared/ydoc/meeting';
import type { RoomView } from '../../../shared/ydoc/seating';
import { matchesName, type SeatIndex } from './seatIndex';
import { personDragType } from './SeatMap';
import styles from './seating.module.css';
import { SearchInput } from './SearchParts';

interface Props {
  participants: readonly ParticipantView[];
  index: SeatIndex;
  room: RoomView | null;
  selectedPerson: string | null;
  onSelectPerson(userId: string | null): void;
}

/** Rendering thousands of rows would cost more than it helps; the filter narrows them. */
const shown = 200;

/**
 * People without a seat. Drag one onto a seat, or select one (click / Enter) and then type
 * a seat label in the seat search: the keyboard path to the same result.
 */
export function UnassignedList({ participants, index, room, selectedPerson, onSelectPerson }: Props) {
  const { t } = useTranslation('seating');
  const [allSites, setAllSites] = useState(false);
  const [filter, setFilter] = useState('');
  const siteId = room?.siteId ?? null;
  const people = useMemo(
    () => participants.filter((p) => !index.seatOf.has(p.id) && (allSites || siteId === null || p.siteId === siteId) && matchesName(p, filter)),
    [participants, index, allSites, siteId, filter],
  );

  return (
    <section className={`panel ${styles.seatingSidePanel}`} aria-labelledby="unassigned-title">
      <h3 id="unassigned-title" className="panel-title small">
        {t('unassigned.title', { count: people.length })}
      </h3>
      <SearchInput testId="unassigned-filter" label={t('unassigned.filter')} value={filter} onChange={setFilter} />
      {siteId !== null && (
        <label className="row check-row">
          <input type="checkbox" checked={allSites} onChange={(e) => setAllSites(e.target.checked)} />
          {t('unassigned.allSites')}
        </label>
      )}
      <p className="field-hint">{t('unassigned.hint')}</p>
      <ul className={styles.unassignedList} data-testid="unassigned-list" aria-label={t('unassigned.title', { count: people.length })}>
        {people.slice(0, shown).map((p) => (
          <li key={p.id}>
            <button
              type="button"
              className={`${styles.personChip}${selectedPerson === p.id ? ' is-selected' : ''}`}
              data-testid="unassigned-person"
              data-user-id={p.id}
              aria-pressed={selectedPerson === p.id}
              draggable
              onDragStart={(e) => {
                e.dataTransfer.setData(personDragType, p.id);
                e.dataTransfer.setData('text/plain', p.name);
                e.dataTransfer.effectAllowed = 'move';
              }}
              onClick={() => onSelectPerson(selectedPerson === p.id ? null : p.id)}
            >
              <span className="person-name">{p.name}</span>
              <span className="person-sub">{[t(`role.${p.role}`), p.unit].filter(Boolean).join(' · ')}</span>
            </button>
          </li>
        ))}
      </ul>
      {people.length > shown && <p className="field-hint">{t('unassigned.more', { count: people.length - shown })}</p>}
      {people.length === 0 && <p className="empty-inline">{t('unassigned.none')}</p>}
    </section>
  );
}
