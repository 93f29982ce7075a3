import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConclusionDraft } from '../../../shared/contract';
import { useClient } from '../../app/connection';

/** Long enough not to write on every key, short enough that a crash loses a few words at most. */
const debounceMs = 500;

/**
 * The item's draft as the person types: kept in the component for instant typing and
 * written to the device's store (conclusions.saveDraft) half a second after the last key,
 * and at once when the editor goes away, so a crash or a closed window loses nothing.
 */
export function useDraft(meetingId: string, itemId: string, initial: ConclusionDraft | undefined) {
  const client = useClient();
  const [text, setText] = useState(initial?.text ?? '');
  const [pollRefs, setPollRefs] = useState<string[]>(initial?.pollRefs ?? []);
  const [savedAt, setSavedAt] = useState<string | null>(initial?.savedAt ?? null);
  const [error, setError] = useState<unknown>(null);
  const latest = useRef({ text, pollRefs });
  const timer = useRef<number | null>(null);
  const dirty = useRef(false);

  const save = useCallback(async () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    if (!dirty.current) return;
    dirty.current = false;
    try {
      const draft = await client.conclusions.saveDraft({ meetingId, agendaItemId: itemId, text: latest.current.text, pollRefs: latest.current.pollRefs });
      setSavedAt(draft.savedAt);
      setError(null);
    } catch (err) {
      // Keep it marked unsaved so the next key (or leaving) tries again.
      dirty.current = true;
      setError(err);
    }
  }, [client, meetingId, itemId]);

  const change = useCallback(
    (nextText: string, nextRefs?: string[]) => {
      latest.current = { text: nextText, pollRefs: nextRefs ?? latest.current.pollRefs };
      setText(nextText);
      if (nextRefs) setPollRefs(nextRefs);
      dirty.current = true;
      if (timer.current !== null) window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void save(), debounceMs);
    },
    [save],
  );

  // Leaving the tab or the meeting writes what is still waiting.
  useEffect(() => () => void save(), [save]);

  return { text, pollRefs, savedAt, error, change, flush: save };
}
