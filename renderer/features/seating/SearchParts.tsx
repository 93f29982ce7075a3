import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SeatOf } from './seatIndex';

/** A seating side panel's search box; its placeholder is also its accessible name. */
export function SearchInput({ label, value, onChange, testId, onKeyDown }: { label: string; value: string; onChange(text: string): void; testId: string; onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void }) {
  return <input className="seating-input" type="search" data-testid={testId} placeholder={label} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} />;
}

/** A person found by a search, with where they sit (or that they have no seat yet). */
export function PersonWhere({ name, at }: { name: string; at: SeatOf | undefined }) {
  const { t } = useTranslation('seating');
  return (
    <>
      <strong>{name}</strong> <span className="person-sub">{at ? `${at.seat.label} · ${at.room.name}` : t('search.noSeat')}</span>
    </>
  );
}
