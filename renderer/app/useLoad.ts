import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { useAction } from './useAction';

/**
 * Asks the core for what a screen shows: at once, again whenever `deps` change, and on
 * `reload()` (the "try again" of an error). An answer overtaken by a newer question is
 * dropped, answer or failure, so a slow old one never overwrites a fresh one. The error is
 * kept for an ErrorNotice, as useAction keeps an action's.
 */
export function useLoad<T>(load: () => Promise<T>, onLoaded: (value: T) => void, deps: DependencyList) {
  const { run, error, busy, clearError } = useAction();
  const [attempt, setAttempt] = useState(0);
  // The functions of the latest render; only `deps` say when to ask again.
  const latest = useRef({ load, onLoaded });
  latest.current = { load, onLoaded };

  useEffect(() => {
    let current = true;
    void run(async () => {
      try {
        const value = await latest.current.load();
        if (current) latest.current.onLoaded(value);
      } catch (err) {
        if (current) throw err;
      }
    });
    return () => {
      current = false;
    };
    // The caller's deps are the question; `load` and `onLoaded` are read from the latest render.
  }, [run, attempt, ...deps]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { error, loading: busy, clearError, reload };
}
