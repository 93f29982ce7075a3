/**
 * How tall an agenda row is: "comfortable" shows each item's documents, polls and
 * conclusion under its title; "compact" one line per item (number, title, presenter,
 * time, document count), so a 150-item agenda fits a screen. Remembered on this device.
 */
import { useCallback, useState } from 'react';

export type AgendaDensity = 'comfortable' | 'compact';

const storageKey = 'opencabinet.agendaDensity';

function stored(): AgendaDensity {
  try {
    return localStorage.getItem(storageKey) === 'compact' ? 'compact' : 'comfortable';
  } catch {
    // Storage can be unavailable (a locked-down profile): the default is a fine answer.
    return 'comfortable';
  }
}

export function useAgendaDensity(): [AgendaDensity, (d: AgendaDensity) => void] {
  const [density, setDensity] = useState<AgendaDensity>(stored);
  const choose = useCallback((d: AgendaDensity) => {
    setDensity(d);
    try {
      localStorage.setItem(storageKey, d);
    } catch {
      // Not remembered, but still applied for this session.
    }
  }, []);
  return [density, choose];
}
