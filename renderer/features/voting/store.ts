/**
 * The latest view of every meeting the core tells us about, kept at the app shell level.
 *
 * The core emits `meeting.changed` for the meeting on screen and for those it keeps open in
 * the background (for their packs), so the shell can put an open poll in front of a
 * delegate whatever screen they are on, and list written opinion polls on the meeting
 * list, without opening anything itself.
 */
import type { MeetingView } from '../../../shared/contract';

type Listener = () => void;

export class VotingStore {
  private views = new Map<string, MeetingView>();
  private listeners = new Set<Listener>();
  /** Bumped on every change: a cheap snapshot for useSyncExternalStore. */
  private version = 0;

  put(view: MeetingView): void {
    this.views.set(view.id, view);
    this.version++;
    for (const l of this.listeners) l();
  }

  clear(): void {
    this.views.clear();
    this.version++;
    for (const l of this.listeners) l();
  }

  get(meetingId: string | null): MeetingView | null {
    return meetingId ? (this.views.get(meetingId) ?? null) : null;
  }

  all(): MeetingView[] {
    return [...this.views.values()];
  }

  getVersion = (): number => this.version;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
