/**
 * Subscribers per event for a bridge whose one transport listener (the IPC channel, the
 * loopback socket) fans out to every screen, so many React effects subscribing at once do
 * not pile up listeners on the transport. A subscriber that throws is reported through
 * `onError` and the others still hear the event.
 */
export function createEventFanout<E extends string>(onError: (event: E, err: unknown) => void) {
  const listeners = new Map<E, Set<(payload: unknown) => void>>();
  return {
    /** Subscribes; the returned function unsubscribes (a React effect's clean-up). */
    on(event: E, listener: (payload: never) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const entry = listener as (payload: unknown) => void;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event: E, payload: unknown): void {
      // A copy: a subscriber may unsubscribe, or subscribe another, while it is told.
      for (const listener of [...(listeners.get(event) ?? [])]) {
        try {
          listener(payload);
        } catch (err) {
          onError(event, err);
        }
      }
    },
  };
}
