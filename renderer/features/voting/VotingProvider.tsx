import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { MeetingView } from '../../../shared/contract';
import { useCoreEvent } from '../../app/connection';
import { VotingStore } from './store';

interface VotingContextValue {
  store: VotingStore;
  /** The meeting on screen, if any. */
  openMeetingId: string | null;
  /** A poll the person asked to vote on now (from the written-poll banner). */
  requested: { meetingId: string; pollId: string } | null;
  request(target: { meetingId: string; pollId: string } | null): void;
}

const VotingContext = createContext<VotingContextValue | null>(null);

/** Mounted once in the app shell; hears every meeting view the core sends. */
export function VotingProvider({ openMeetingId, signedIn, children }: { openMeetingId: string | null; signedIn: boolean; children: ReactNode }) {
  const [store] = useState(() => new VotingStore());
  const [requested, setRequested] = useState<VotingContextValue['requested']>(null);
  useCoreEvent('meeting.changed', (v) => store.put(v));
  // Another person signing in on this device must never see the previous person's ballots.
  useCoreEvent('session.changed', () => store.clear());
  const value = useMemo(
    () => ({ store, openMeetingId: signedIn ? openMeetingId : null, requested: signedIn ? requested : null, request: setRequested }),
    [store, openMeetingId, requested, signedIn],
  );
  return <VotingContext.Provider value={value}>{children}</VotingContext.Provider>;
}

const detached: VotingContextValue = { store: new VotingStore(), openMeetingId: null, requested: null, request: () => undefined };

/**
 * Outside the provider (a screen rendered on its own, as in a benchmark) voting simply
 * shows nothing, rather than taking the screen down.
 */
export function useVoting(): VotingContextValue {
  return useContext(VotingContext) ?? detached;
}

/** The latest view of one meeting (re-renders on every change of any meeting). */
export function useMeetingView(meetingId: string | null): MeetingView | null {
  const { store } = useVoting();
  useSyncExternalStore(store.subscribe, store.getVersion);
  return store.get(meetingId);
}

/**
 * Re-renders only when `select` returns a different string: for the hundreds of agenda
 * rows, which must not all redraw each time a vote count moves.
 */
export function useVotingSelect(select: (store: VotingStore) => string): string {
  const { store } = useVoting();
  // The same snapshot for a server render (react-dom/server, as the display tests do).
  const snapshot = () => select(store);
  return useSyncExternalStore(store.subscribe, snapshot, snapshot);
}

/** All meeting views known (for the written-poll banner). */
export function useAllViews(): MeetingView[] {
  const { store } = useVoting();
  useSyncExternalStore(store.subscribe, store.getVersion);
  return store.all();
}
