import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantView } from '../../../shared/ydoc/meeting';
import { matchesName, type SeatIndex, type SeatOf } from './seatIndex';
import styles from './seating.module.css';
import { PersonHit, SearchInput } from './SearchParts';

const maxResults = 6;

/** "Where does X sit?": a name box; picking a person centres the map on their seat. */
export function FindSeat({ participants, index, onFound }: { participants: readonly ParticipantView[]; index: SeatIndex; onFound(at: SeatOf, person: ParticipantView): void }) {
  const { t } = useTranslation('seating');
  const [text, setText] = useState('');
  const [status, setStatus] = useState('');
  const hits = useMemo(() => (text.trim() ? participants.filter((p) => matchesName(p, text)).slice(0, maxResults) : []), [text, participants]);

  function pick(p: ParticipantView) {
    const at = index.seatOf.get(p.id);
    if (at) {
      onFound(at, p);
      setStatus(t('find.found', { name: p.name, label: at.seat.label, room: at.room.name }));
    } else setStatus(t('find.noSeat', { name: p.name }));
    setText('');
  }

  return (
    <div className={styles.findSeat}>
      <SearchInput
        testId="participant-seat-search"
        label={t('find.placeholder')}
        value={text}
        onChange={setText}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && hits[0]) {
            e.preventDefault();
            pick(hits[0]);
          }
        }}
      />
      {hits.length > 0 && (
        <ul className={styles.searchResults} aria-label={t('search.results')}>
          {hits.map((p) => (
            <PersonHit key={p.id} person={p} at={index.seatOf.get(p.id)} testId="participant-seat-hit" onPick={() => pick(p)} />
          ))}
        </ul>
      )}
      <p className="field-hint" role="status" data-testid="participant-seat-status">
        {status}
      </p>
    </div>
  );
}
