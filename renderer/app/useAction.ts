import { useCallback, useRef, useState } from 'react';

/**
 * Runs a core call, keeping its error for an ErrorNotice; resolves true on success. `busy`
 * is true while one runs; `running` names it when the caller gave a key (which of a
 * screen's buttons says "preparing…"). Runs may overlap (a loader asked again before its
 * last answer came): `busy` stays true until the last of them has ended.
 */
export function useAction<K extends string = string>() {
  const [error, setError] = useState<unknown>(null);
  const [running, setRunning] = useState<{ key: K | null } | null>(null);
  const inFlight = useRef(0);
  const run = useCallback(async (action: () => Promise<unknown>, key?: K): Promise<boolean> => {
    setError(null);
    inFlight.current++;
    setRunning({ key: key ?? null });
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      if (--inFlight.current === 0) setRunning(null);
    }
  }, []);
  const clearError = useCallback(() => setError(null), []);
  return { run, error, busy: running !== null, running: running?.key ?? null, clearError };
}
