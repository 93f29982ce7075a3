import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionInfo } from '../../shared/contract';
import { MeetingScreen } from '../features/meetings';
import { MeetingList } from '../features/meetings';
import { LoginScreen } from '../features/session';
import { DevicesScreen } from '../features/devices';
import { CoreBanner } from '../features/sync';
import { SyncBanner } from '../features/sync';
import { useSyncStatus } from '../features/sync';
import { BallotHost } from '../features/voting';
import { Dashboard } from '../features/tasks';
import { MyTasks } from '../features/tasks';
import { ConclusionRegister } from '../features/notices';
import { OrganisationsScreen } from '../features/organisations';
import { TasksNav, type TopScreen } from '../features/tasks';
import { VotingProvider } from '../features/voting';
import { useClient, useCore, useCoreEvent } from './connection';
import { Header } from './Header';
import { StandingProvider } from './standing';
import { OpenVoteBanner } from './OpenVoteBanner';

/** Screens are few and linear, so navigation is state rather than a router. */
export function App() {
  const { t } = useTranslation();
  const client = useClient();
  const { epoch } = useCore();
  const sync = useSyncStatus();
  // undefined while we ask the core whether a session survives from last time.
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [reauth, setReauth] = useState(false);
  const [meetingId, setMeetingId] = useState<string | null>(null);
  // The tab a meeting opens on: its voting tab when reached from the open-vote banner.
  const [meetingTab, setMeetingTab] = useState<'agenda' | 'polls'>('agenda');
  const [top, setTop] = useState<TopScreen>('meetings');
  const [devicesOpen, setDevicesOpen] = useState(false);

  useEffect(() => {
    let current = true;
    client.session.current({}).then(
      (s) => current && setSession(s),
      // Without an answer the login screen is the honest fallback; the core banner explains.
      () => current && setSession((prev) => prev ?? null),
    );
    return () => {
      current = false;
    };
  }, [client, epoch]);

  useCoreEvent('session.changed', (s) => {
    setSession(s);
    if (!s) {
      setMeetingId(null);
      setDevicesOpen(false);
    }
  });

  function signedIn(s: SessionInfo) {
    setSession(s);
    setReauth(false);
  }

  async function logout() {
    try {
      await client.session.logout({});
    } finally {
      setSession(null);
      setMeetingId(null);
      setReauth(false);
    }
  }

  let screen;
  if (session === undefined) screen = <p className="loading page">{t('app.loading')}</p>;
  else if (!session || reauth) screen = <LoginScreen key={reauth ? 'reauth' : 'login'} reauth={reauth} previous={session} onSignedIn={signedIn} />;
  else if (devicesOpen) screen = <DevicesScreen session={session} onSignOutThis={() => void logout()} />;
  else if (top === 'dashboard') screen = <Dashboard />;
  else if (top === 'my-tasks') screen = <MyTasks />;
  else if (top === 'conclusion-register') screen = <ConclusionRegister />;
  else if (top === 'organisations') screen = <OrganisationsScreen />;
  else if (meetingId) screen = <MeetingScreen key={meetingId} meetingId={meetingId} initialTab={meetingTab} onBack={() => setMeetingId(null)} />;
  else screen = <MeetingList onOpen={openMeeting} />;

  function openMeeting(id: string) {
    setMeetingTab('agenda');
    setMeetingId(id);
  }

  // From the open-vote banner: whatever is on screen, to that meeting's voting tab, where
  // the ballot comes up by itself (BallotHost) for the meeting on screen.
  function goVote(id: string) {
    setDevicesOpen(false);
    setTop('meetings');
    setMeetingTab('polls');
    setMeetingId(id);
  }

  function openDevices() {
    setMeetingId(null);
    setDevicesOpen(true);
  }

  // Leaving a meeting for a follow-up screen closes it, as going home does.
  function navigate(next: TopScreen) {
    setMeetingId(null);
    setDevicesOpen(false);
    setTop(next);
  }

  const showingLogin = session === null || reauth;
  // Voting sits around every screen: an open poll reaches the delegate wherever they are.
  return (
    <VotingProvider openMeetingId={meetingId} signedIn={!!session && !reauth}>
      <StandingProvider session={session && !reauth ? session : null}>
        <div className="app">
          <Header session={showingLogin ? null : (session ?? null)} sync={sync} onHome={() => navigate('meetings')} onLogout={() => void logout()} onDevices={openDevices} nav={<TasksNav screen={top} onNavigate={navigate} />} />
          <CoreBanner />
          {!showingLogin && <SyncBanner status={sync} onSignInAgain={session ? () => setReauth(true) : undefined} />}
          {!showingLogin && <OpenVoteBanner onScreen={meetingId} onVote={goVote} />}
          <main className="app-main" id="main">
            {screen}
          </main>
          {session && !reauth && <BallotHost />}
        </div>
      </StandingProvider>
    </VotingProvider>
  );
}
