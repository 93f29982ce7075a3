/**
 * What the signed-in person is across meetings (shared/roles Standing): their global role,
 * organisation secretariat, and their role in each meeting on their list. Screens ask
 * shared/roles with it before offering an action, the same rules the server enforces, so
 * nobody fills in a form only to be refused.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { SessionInfo } from '../../shared/contract';
import type { MeetingSummary } from '../../shared/api/meetings';
import { standingOf, type Standing } from '../../shared/roles';
import { useClient, useCore, useCoreEvent } from './connection';

interface StandingValue {
  standing: Standing | null;
  /** The person's role in one meeting of their list, or null. */
  roles: ReadonlyMap<string, MeetingSummary['role']>;
}

const StandingContext = createContext<StandingValue>({ standing: null, roles: new Map() });

/** Mounted once in the app shell; null while signed out or before the meeting list is known. */
export function StandingProvider({ session, children }: { session: SessionInfo | null; children: ReactNode }) {
  const client = useClient();
  const { epoch } = useCore();
  const [meetings, setMeetings] = useState<MeetingSummary[] | null>(null);
  useEffect(() => {
    setMeetings(null);
    if (!session) return;
    let current = true;
    client.meetings.list({}).then(
      (l) => current && setMeetings(l.meetings),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, session, epoch]);
  useCoreEvent('meetings.changed', (l) => setMeetings(l.meetings));
  const value = useMemo(
    () => ({ standing: session && meetings ? standingOf(session.user, meetings) : null, roles: new Map((meetings ?? []).map((m) => [m.id, m.role])) }),
    [session, meetings],
  );
  return <StandingContext.Provider value={value}>{children}</StandingContext.Provider>;
}

export function useStanding(): Standing | null {
  return useContext(StandingContext).standing;
}

/** The signed-in person's role in a meeting (null when it is not on their list). */
export function useMeetingRoles(): ReadonlyMap<string, MeetingSummary['role']> {
  return useContext(StandingContext).roles;
}
