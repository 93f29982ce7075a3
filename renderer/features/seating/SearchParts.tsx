import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeatOf } from './seatIndex';

/** A seating side panel's search box; its placeholder is also its accessible name. */
export function SearchInput({ label, value, onChange, testId, onKeyDown }: { label: string; value: string; onChange(text: string): void; testId: string; onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void }) {
  return <input className="seating-input" type="search" data-testid={testId} placeholder={label} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} />;
}

/** A person found by a search, with where they sit (or that they have no seat yet). */
function PersonWhere({ name, at }: { name: string; at: SeatOf | undefined }) {
  const { t } = useTranslation('seating');
  return (
    <>
      <strong>{name}</strong> <span className="person-sub">{at ? `${at.seat.label} · ${at.room.name}` : t('search.noSeat')}</span>
    </>
  );
}

/** One found person as a list entry to pick; `option` when the list is a listbox. */
export function PersonHit({ person, at, testId, option, onPick }: { person: { id: string; name: string }; at: SeatOf | undefined; testId: string; option?: boolean; onPick(): void }) {
  return (
    <li role={option ? 'option' : undefined} aria-selected={option ? false : undefined}>
      <button type="button" data-testid={testId} data-user-id={person.id} onClick={onPick}>
        <PersonWhere name={person.name} at={at} />
      </button>
    </li>
  );
}
