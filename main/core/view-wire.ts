/**
 * The per-window side of `MeetingViewWire` (shared/contract.ts): each window (an Electron
 * webContents, a browser-mode socket) gets its own thinner, which leaves a meeting's
 * content and seating out of an event when it already sent that window the same
 * revision. A live tick of a 3,152-delegate congress is then a few hundred kilobytes
 * instead of two megabytes, and the window keeps the objects it already has.
 */
import type { MeetingView, MeetingViewWire } from '../../shared/contract';

export function meetingViewThinner(): (view: MeetingView) => MeetingViewWire {
  const sent = new Map<string, number>();
  return (view) => {
    if (sent.get(view.id) === view.contentRev) return { ...view, content: null, seating: null };
    sent.set(view.id, view.contentRev);
    return view;
  };
}
