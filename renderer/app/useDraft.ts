import { useState } from 'react';

/**
 * An edit in place: a copy of the value taken when the person starts editing (so what
 * changed meanwhile is picked up then, not when the screen opened), changed on its own,
 * and dropped when the edit ends. `draft` is null while not editing.
 */
export function useDraft<T extends object | string>() {
  const [draft, setDraft] = useState<T | null>(null);
  return {
    draft,
    start: (from: T) => setDraft(from),
    /** Changes the draft (a new value, or one made from it); nothing while not editing. */
    change: (next: T | ((d: T) => T)) => setDraft((d) => (d === null ? d : typeof next === 'function' ? next(d) : next)),
    stop: () => setDraft(null),
  };
}
