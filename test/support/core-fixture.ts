/**
 * The harness of the core's integration tests, as Vitest fixtures: a real server with the
 * demo data on 127.0.0.1 and real desktop cores (browser mode) signed in to it, each in a
 * fresh temporary folder. Everything a test starts is closed after it, last started first;
 * the folders are left in the temp directory, as the tests always did.
 *
 *   import { test as it } from '../../support/core-fixture';
 *   it('…', async ({ serverWith }) => {
 *     const { srv, chair, del } = await serverWith({ chair: 'chair', del: 'delegate01' });
 *   });
 *
 * `serverWith` is the usual start: one server and the devices signed in to it. `server` and
 * `device` are its parts, for what it does not cover: a device behind a proxy or a second
 * address, one that joins later or with its own clock or folder, a bare `newCore`.
 * Every test in test/integration/core/ that needs a server takes it from here; those that
 * start them through `server` and `device` rather than `serverWith` do so because each
 * device is more than a signed-in core: close.test.ts (a device whose log is read),
 * core-sync.test.ts (a meeting list that must not be empty), shared-annotations.test.ts
 * (a device with an annotation lister), at-rest.test.ts and undo-scope.test.ts (a meeting
 * prepared before the next device joins), failover.test.ts (several addresses),
 * remote-wipe.test.ts (bare cores), document-defaults.test.ts (its own meetings).
 */
import { test as base } from 'vitest';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/app';
import { createCore, type Core } from '../../main/core';
import type { CoreOptions } from '../../main/core/types';
import type { MeetingView, PackStatus, SessionInfo } from '../../shared/contract';
import type { MeetingSummary } from '../../shared/api/meetings';
import { currentMeeting, tempDir, waitUntil } from './temp';

export type TestServer = RunningServer & {
  dataDir: string;
  /** Once this one is closed: the server back on the same folder and port, with the same options (gone, then returned). */
  startAgain: () => Promise<TestServer>;
};

/** startServer's options, all optional: a new temp folder, any free port, the demo data, no log. */
export type ServerOptions = Partial<StartServerOptions>;

export interface CoreFixtureOptions {
  /** Default: a new temp folder. Pass an earlier device's folder to start it again. */
  dataDir?: string;
  /** Where the core's log lines go (default: nowhere), for tests that read them. */
  log?: CoreOptions['log'];
  /** The core's clock (the offline lease); default Date.now. */
  now?: () => number;
}

/**
 * How far `device` takes the core before it hands it over, each step including the ones
 * before it: signed in (skipped when the data folder already holds a session), the meeting
 * list read, the current meeting opened, its first view shown, that view synced.
 */
export type DeviceStage = 'signed-in' | 'listed' | 'opened' | 'shown' | 'synced';
const stages: readonly DeviceStage[] = ['signed-in', 'listed', 'opened', 'shown', 'synced'];

export interface DeviceOptions extends CoreFixtureOptions {
  password?: string;
  /** Default 'synced'. */
  until?: DeviceStage;
  /** Which meeting of the list is "the" meeting; default the demo's current one (not a closed one). */
  meeting?: (meetings: readonly MeetingSummary[]) => MeetingSummary;
}

export interface TestDevice {
  core: Core;
  dataDir: string;
  user: SessionInfo['user'];
  /** The meeting list as read at sign-in ([] when `until` is 'signed-in'). */
  meetings: MeetingSummary[];
  /** The chosen meeting ('' when `until` is 'signed-in'). */
  meetingId: string;
  /** The latest view the core pushed for the chosen meeting: what a window would render. */
  view: () => MeetingView;
  /** Every meeting's latest view, by id. */
  views: Map<string, MeetingView>;
  /** Every meeting's latest pack progress, by id. */
  packs: Map<string, PackStatus>;
  /** Closes the core once; the cleanup after the test then does nothing. */
  close: () => Promise<void>;
}

export interface CoreFixtures {
  /** Runs `fn` after the test, before what was deferred earlier (servers, cores, proxies…). */
  defer: (fn: () => unknown) => void;
  /** A real server, closed after the test. */
  server: (opts?: ServerOptions) => Promise<TestServer>;
  /** A bare core, not signed in, closed after the test. */
  newCore: (opts?: CoreFixtureOptions) => Promise<Core>;
  /** A core signed in to `serverUrl` as `username`, taken as far as `opts.until`. */
  device: (serverUrl: string, username: string, opts?: DeviceOptions) => Promise<TestDevice>;
  /**
   * A server and one device per entry of `who` (the test's name for it → the username it
   * signs in as), signed in one after another in the order written; `opts` go to every
   * device, `opts.server` to the server.
   */
  serverWith: <K extends string>(who: Record<K, string> & { srv?: never }, opts?: ServerWithOptions) => Promise<ServerWith<K>>;
}

/** What `serverWith` passes to every device (each has its own folder), and the server's options. */
export type ServerWithOptions = Omit<DeviceOptions, 'dataDir'> & { server?: ServerOptions };
export type ServerWith<K extends string> = { srv: TestServer } & Record<K, TestDevice>;

const quiet = () => undefined;

export const test = base.extend<CoreFixtures>({
  // The empty pattern is how Vitest is told this fixture needs no other (it reads the pattern).
  defer: async ({}, use) => {
    const cleanups: (() => unknown)[] = [];
    await use((fn) => void cleanups.push(fn));
    // One failing close must not keep the others from running.
    while (cleanups.length) await Promise.resolve().then(cleanups.pop()!).catch(quiet);
  },

  server: async ({ defer }, use) => {
    const start = async (opts: ServerOptions): Promise<TestServer> => {
      const dataDir = opts.dataDir ?? tempDir();
      const s = await startServer({ port: 0, demo: true, log: quiet, ...opts, dataDir });
      defer(() => s.close());
      return Object.assign(s, { dataDir, startAgain: () => start({ ...opts, dataDir, port: s.port }) });
    };
    await use((opts = {}) => start(opts));
  },

  newCore: async ({ defer }, use) => {
    await use(async ({ dataDir = tempDir(), log = quiet, now } = {}) => {
      const core = await createCore({ dataDir, mode: 'browser', log, ...(now ? { now } : {}) });
      defer(() => core.close());
      return core;
    });
  },

  device: async ({ newCore }, use) => {
    await use(async (serverUrl, username, opts = {}) => {
      const { password = 'demo', until = 'synced', meeting = currentMeeting, dataDir = tempDir() } = opts;
      const reached = (stage: DeviceStage) => stages.indexOf(until) >= stages.indexOf(stage);
      const core = await newCore({ dataDir, log: opts.log, now: opts.now });
      let closed: Promise<void> | null = null;
      const close = () => (closed ??= core.close());
      const views = new Map<string, MeetingView>();
      const packs = new Map<string, PackStatus>();
      core.on('meeting.changed', (v) => views.set(v.id, v));
      core.on('pack.progress', (p) => packs.set(p.meetingId, p));
      const session = (await core.api.session.current()) ?? (await core.api.session.login({ serverUrl, username, password }));
      const meetings = reached('listed') ? (await core.api.meetings.list()).meetings : [];
      const meetingId = reached('listed') ? meeting(meetings).id : '';
      if (reached('opened')) await core.api.meetings.open({ meetingId });
      // Offline (a folder started again with no server), a view shows but never syncs.
      if (until === 'shown') await waitUntil(() => views.get(meetingId), 'the meeting view');
      if (until === 'synced') await waitUntil(() => views.get(meetingId)?.synced, 'sync');
      return { core, dataDir, user: session.user, meetings, meetingId, view: () => views.get(meetingId)!, views, packs, close };
    });
  },

  serverWith: async ({ server, device }, use) => {
    await use(async (who, { server: serverOpts, ...deviceOpts } = {}) => {
      const srv = await server(serverOpts);
      const devices: Record<string, TestDevice> = {};
      // In turn, in the order written, as the tests started them by hand: the same order of sign-ins on every run.
      for (const [name, username] of Object.entries<string>(who)) devices[name] = await device(srv.url, username, deviceOpts);
      return { srv, ...devices } as ServerWith<keyof typeof who & string>;
    });
  },
});
