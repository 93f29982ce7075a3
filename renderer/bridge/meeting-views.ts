/**
 * Makes `meeting.changed` whole again on the window's side (see MeetingViewWire in
 * shared/contract.ts): an event without content or seating gets the ones this window was
 * last sent for that meeting, the same objects, so screens that memoise on them do not
 * redraw for a check-in. Should this window not hold that revision (its page reloaded
 * while the core kept sending to the same window), it asks the core for the whole view.
 */
import type { Bridge, EventName, Events, MeetingView, MeetingViewWire, WireBridge } from '../../shared/contract';

type Listener = (payload: unknown) => void;

export function wholeMeetingViews(wire: WireBridge): Bridge {
  const held = new Map<string, { rev: number; content: MeetingView['content']; seating: MeetingView['seating'] }>();
  const listeners = new Set<(view: MeetingView) => void>();
  /** Meetings whose whole view has been asked for: the answer covers every change sent before it. */
  const asking = new Set<string>();
  let unsubscribe: (() => void) | null = null;

  const emit = (view: MeetingView) => {
    for (const l of [...listeners]) {
      // One faulty screen must not stop the others from hearing the change.
      try {
        l(view);
      } catch (err) {
        console.error('A listener for meeting.changed failed.', err);
      }
    }
  };

  const receive = (v: MeetingViewWire) => {
    if (v.content !== null) {
      held.set(v.id, { rev: v.contentRev, content: v.content, seating: v.seating });
      emit(v);
      return;
    }
    const h = held.get(v.id);
    if (h?.rev === v.contentRev) {
      emit({ ...v, content: h.content, seating: h.seating });
      return;
    }
    if (asking.has(v.id)) return;
    asking.add(v.id);
    void (wire.invoke('meetings.view', { meetingId: v.id }) as Promise<MeetingView>).then(
      (whole) => {
        asking.delete(whole.id);
        // A newer whole view may have come in while this one was on its way.
        const now = held.get(whole.id);
        if (now && now.rev > whole.contentRev) return;
        held.set(whole.id, { rev: whole.contentRev, content: whole.content, seating: whole.seating });
        emit(whole);
      },
      // Closed meanwhile (not open on the core any more): no one is showing it.
      () => asking.delete(v.id),
    );
  };

  return {
    invoke: (channel, input) => wire.invoke(channel, input),
    ...(wire.pathForFile ? { pathForFile: wire.pathForFile.bind(wire) } : {}),
    on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
      if (event !== 'meeting.changed') return wire.on(event, listener as Listener as (p: unknown) => void);
      const l = listener as (view: MeetingView) => void;
      listeners.add(l);
      unsubscribe ??= wire.on('meeting.changed', receive);
      return () => {
        listeners.delete(l);
        if (listeners.size === 0) {
          unsubscribe?.();
          unsubscribe = null;
        }
      };
    },
  };
}
