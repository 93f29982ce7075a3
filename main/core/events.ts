import type { EventName, Events } from '../../shared/contract';

type Listener<E extends EventName> = (payload: Events[E]) => void;

/** Typed event hub; `on` returns the unsubscribe function React effects need. */
export class EventHub {
  private readonly listeners = new Map<EventName, Set<Listener<never>>>();

  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener as Listener<never>);
    return () => set.delete(listener as Listener<never>);
  }

  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        (l as Listener<E>)(payload);
      } catch {
        // A listener's failure (e.g. a closed window) must not stop the others.
      }
    }
  }
}
