import type { KeyboardEvent } from 'react';

/** A seating side panel's search box; its placeholder is also its accessible name. */
export function SearchInput({ label, value, onChange, testId, onKeyDown }: { label: string; value: string; onChange(text: string): void; testId: string; onKeyDown?(e: KeyboardEvent<HTMLInputElement>): void }) {
  return <input className="seating-input" type="search" data-testid={testId} placeholder={label} aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} />;
}
