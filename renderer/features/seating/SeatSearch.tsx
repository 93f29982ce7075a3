import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView } from '../../../shared/ydoc/meeting';
import type { RoomView, SeatView } from '../../../shared/ydoc/seating';
import { matchesName, type SeatIndex } from './seatIndex';
import { PersonHit } from './SearchParts';
import styles from './seating.module.css';

interface Props {
  room: RoomView | null;
  participants: readonly ParticipantView[];
  index: SeatIndex;
  /** The person being placed, if any: then the box takes a seat label. */
  selectedPerson: string | null;
  /** The single selected seat, if any: then picking a name seats that person there. */
  selectedSeat: SeatView | null;
  onAssign(seat: SeatView, participantId: string): void;
  onSelectPerson(userId: string | null): void;
  onFocusSeat(seat: SeatView): void;
}

const maxResults = 8;

/**
 * Assigning by search, and the keyboard path to everything the map does: type a name to
 * pick a person (or seat them in the selected seat), type a seat label to jump to it (or,
 * with a person picked, seat them there). Enter takes the first result.
 */
export function SeatSearch({ room, participants, index, selectedPerson, selectedSeat, onAssign, onSelectPerson, onFocusSeat }: Props) {
  const { t } = useTranslation('seating');
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const person = selectedPerson ? index.people.get(selectedPerson) : undefined;
  const q = text.trim().toUpperCase();

  const seatHits = useMemo(() => (q && room ? room.seats.filter((s) => s.label.toUpperCase().startsWith(q)).slice(0, maxResults) : []), [q, room]);
  const personHits = useMemo(() => (text.trim() && !person ? participants.filter((p) => matchesName(p, text)).slice(0, maxResults) : []), [text, person, participants]);

  function pickSeat(seat: SeatView) {
    if (person) {
      onAssign(seat, person.id);
      setMessage(t('search.assigned', { name: person.name, label: seat.label }));
      onSelectPerson(null);
    } else onFocusSeat(seat);
    setText('');
  }

  function pickPerson(p: ParticipantView) {
    if (selectedSeat && selectedSeat.kind !== 'podium') {
      onAssign(selectedSeat, p.id);
      setMessage(t('search.assigned', { name: p.name, label: selectedSeat.label }));
    } else {
      onSelectPerson(p.id);
      const at = index.seatOf.get(p.id);
      if (at && at.room.id === room?.id) onFocusSeat(at.seat);
      setMessage(at ? t('search.seatedAt', { name: p.name, label: at.seat.label, room: at.room.name }) : t('search.nowPickSeat', { name: p.name }));
    }
    setText('');
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      setText('');
      onSelectPerson(null);
      return;
    }
    if (e.key !== 'Enter') return;
    e.preventDefault();
    // An exact label wins over a prefix, so "A-01-1" never lands on A-01-10.
    const exact = room?.seats.find((s) => s.label.toUpperCase() === q);
    if (exact) pickSeat(exact);
    else if (person && seatHits[0]) pickSeat(seatHits[0]);
    else if (personHits[0]) pickPerson(personHits[0]);
    else if (seatHits[0]) pickSeat(seatHits[0]);
    else if (q) setMessage(t('search.nothing', { text: text.trim() }));
  }

  const placeholder = person ? t('search.placeholderSeat', { name: person.name }) : selectedSeat ? t('search.placeholderForSeat', { label: selectedSeat.label }) : t('search.placeholder');
  return (
    <section className={`panel ${styles.seatingSidePanel} seat-search`} aria-labelledby="seat-search-title">
      <h3 id="seat-search-title" className="panel-title small">
        {t('search.title')}
      </h3>
      {person && (
        <p className={styles.placing} data-testid="seat-search-person">
          {t('search.placing', { name: person.name })}
          <button type="button" className="btn-link" onClick={() => onSelectPerson(null)}>
            {t('search.stopPlacing')}
          </button>
        </p>
      )}
      <input
        className="seating-input"
        type="search"
        data-testid="seat-search"
        value={text}
        placeholder={placeholder}
        aria-label={placeholder}
        onChange={(e) => {
          setText(e.target.value);
          setMessage(null);
        }}
        onKeyDown={onKeyDown}
      />
      {(seatHits.length > 0 || personHits.length > 0) && (
        <ul className={styles.searchResults} role="listbox" aria-label={t('search.results')}>
          {seatHits.map((s) => {
            const occupant = s.participantId ? index.people.get(s.participantId)?.name : null;
            return (
              <li key={s.id} role="option" aria-selected={false}>
                <button type="button" data-testid="seat-search-seat" data-seat-id={s.id} onClick={() => pickSeat(s)}>
                  <strong>{s.label}</strong> <span className="person-sub">{occupant ?? t('search.empty')}</span>
                </button>
              </li>
            );
          })}
          {personHits.map((p) => (
            <PersonHit key={p.id} person={p} at={index.seatOf.get(p.id)} testId="seat-search-person-hit" option onPick={() => pickPerson(p)} />
          ))}
        </ul>
      )}
      <p className="field-hint" role="status" data-testid="seat-search-status">
        {message ?? ''}
      </p>
    </section>
  );
}
