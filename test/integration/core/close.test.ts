/**
 * Closing the core — quitting the app, signing out, a test's teardown — while work is in
 * flight: a batch of the outbox held on the wire, a pack downloading and indexing. Closing
 * waits for that work, nothing touches the database after it is closed (no error escapes:
 * test/support/no-escaped-errors.ts fails the file otherwise), and nothing is lost: the
 * record goes out when the app opens again, once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/app';
import { createCore, type Core } from '../../../main/core';
import type { MeetingView } from '../../../shared/contract';
import { currentMeeting, tempDir, waitUntil } from '../../support/temp';
import { startFlakyProxy } from '../../support/flaky-proxy';

type Server = Awaited<ReturnType<typeof startServer>>;
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function server(): Promise<Server> {
  const s = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
  cleanups.push(() => s.close());
  return s;
}

/** Every line the core logs: a database touched after close shows up here, if not as an escaped error. */
function logger() {
  const lines: string[] = [];
  return {
    lines,
    log: (level: string, message: string, extra?: unknown) => void lines.push(`${level} ${message} ${extra instanceof Error ? extra.message : JSON.stringify(extra ?? '')}`),
  };
}

async function device(serverUrl: string, username: string, dataDir = tempDir()) {
  const logs = logger();
  const core: Core = await createCore({ dataDir, mode: 'browser', log: logs.log });
  cleanups.push(() => core.close());
  const views = new Map<string, MeetingView>();
  core.on('meeting.changed', (v) => views.set(v.id, v));
  if (!(await core.api.session.current())) await core.api.session.login({ serverUrl, username, password: 'demo' });
  const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
  await core.api.meetings.open({ meetingId });
  await waitUntil(() => views.get(meetingId)?.synced, 'sync');
  return { core, meetingId, view: () => views.get(meetingId)!, dataDir, logs };
}

const touchedAfterClose = /database connection is not open|The app is closing/;

describe('closing the core', () => {
  it('waits for a batch held on the wire, touches nothing after, and the record goes out once at the next start', async () => {
    const srv = await server();
    const chair = await device(srv.url, 'chair');
    await chair.core.api.attendance.setWindow({ meetingId: chair.meetingId, open: true });

    const proxy = await startFlakyProxy(srv.url);
    cleanups.push(() => proxy.close());
    let release!: () => void;
    proxy.hold = { request: /^POST \/api\/meetings\/[^/]+\/records/, until: new Promise<void>((r) => (release = r)) };
    const del = await device(proxy.url, 'delegate01');
    await waitUntil(() => del.view().live.checkInOpen, 'the check-in window on the delegate device');
    const pending = await del.core.api.attendance.checkIn({ meetingId: del.meetingId });
    expect(pending.state).toBe('pending');
    await waitUntil(() => proxy.heldCount > 0, 'the batch on the wire');

    const closing = del.core.close();
    // The answer is late, not lost: it arrives while the core is closing.
    setTimeout(release, 300);
    await closing;
    // Calls after close are refused, never run against a closed database.
    const after = await del.core.api.attendance.checkIn({ meetingId: del.meetingId }).catch((e: Error) => e);
    expect(after).toBeInstanceOf(Error);
    await new Promise((r) => setTimeout(r, 500));
    expect(del.logs.lines.filter((l) => touchedAfterClose.test(l))).toEqual([]);

    // Whether the held answer made it in before the close or not, the check-in is on the
    // device and counted once when the app opens again.
    proxy.hold = null;
    const again = await device(proxy.url, 'delegate01', del.dataDir);
    await waitUntil(() => again.view().attendance.mine?.state === 'sent', 'the receipt after reopening', { timeoutMs: 30_000 });
    await waitUntil(() => chair.view().attendance.marks[again.view().me]?.status === 'present', 'the chair to see the delegate');
    expect(chair.view().attendance.present).toBe(1);
  });

  it('stops a pack mid-download and mid-index without touching the database after, and finishes it at the next start', async () => {
    const srv = await server();
    const logs = logger();
    const dataDir = tempDir();
    const core = await createCore({ dataDir, mode: 'browser', log: logs.log });
    await core.api.session.login({ serverUrl: srv.url, username: 'delegate01', password: 'demo' });
    // Listing the meetings starts their packs in the background; close while they run.
    const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
    await waitUntil(async () => (await core.api.pack.status({ meetingId })).files.some((f) => f.state === 'downloading' || f.state === 'on_device'), 'a download under way');
    await core.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(logs.lines.filter((l) => touchedAfterClose.test(l))).toEqual([]);

    const reopened = await createCore({ dataDir, mode: 'browser', log: () => undefined });
    cleanups.push(() => reopened.close());
    await reopened.api.meetings.list();
    const done = await waitUntil(
      async () => {
        const s = await reopened.api.pack.status({ meetingId });
        return s.readyOffline && s.files.every((f) => f.state === 'on_device') ? s : null;
      },
      'the whole pack on the device',
      { timeoutMs: 60_000 },
    );
    expect(done.files.length).toBeGreaterThan(0);
    // Closing again right away, with indexing likely still running, is just as clean.
    await reopened.close();
  });
});
