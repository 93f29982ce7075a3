/**
 * Closing the core — quitting the app, signing out, a test's teardown — while work is in
 * flight: a batch of the outbox held on the wire, a pack downloading and indexing. Closing
 * waits for that work, nothing touches the database after it is closed (no error escapes:
 * test/support/no-escaped-errors.ts fails the file otherwise), and nothing is lost: the
 * record goes out when the app opens again, once.
 */
import { describe, expect } from 'vitest';
import { test as it, type CoreFixtures } from '../../support/core-fixture';
import { currentMeeting, tempDir, waitUntil } from '../../support/temp';
import { startFlakyProxy } from '../../support/flaky-proxy';

/** Every line the core logs: a database touched after close shows up here, if not as an escaped error. */
function logger() {
  const lines: string[] = [];
  return {
    lines,
    log: (level: string, message: string, extra?: unknown) => void lines.push(`${level} ${message} ${extra instanceof Error ? extra.message : JSON.stringify(extra ?? '')}`),
  };
}

/** A device whose log lines the test reads. */
async function loggedDevice(device: CoreFixtures['device'], serverUrl: string, username: string, dataDir?: string) {
  const logs = logger();
  return { ...(await device(serverUrl, username, { dataDir, log: logs.log })), logs };
}

const touchedAfterClose = /database connection is not open|The app is closing/;

describe('closing the core', () => {
  it('waits for a batch held on the wire, touches nothing after, and the record goes out once at the next start', async ({ defer, server, device }) => {
    const srv = await server();
    const chair = await loggedDevice(device, srv.url, 'chair');
    await chair.core.api.attendance.setWindow({ meetingId: chair.meetingId, open: true });

    const proxy = await startFlakyProxy(srv.url);
    defer(() => proxy.close());
    let release!: () => void;
    proxy.hold = { request: /^POST \/api\/meetings\/[^/]+\/records/, until: new Promise<void>((r) => (release = r)) };
    const del = await loggedDevice(device, proxy.url, 'delegate01');
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
    const again = await loggedDevice(device, proxy.url, 'delegate01', del.dataDir);
    await waitUntil(() => again.view().attendance.mine?.state === 'sent', 'the receipt after reopening', { timeoutMs: 30_000 });
    await waitUntil(() => chair.view().attendance.marks[again.view().me]?.status === 'present', 'the chair to see the delegate');
    expect(chair.view().attendance.present).toBe(1);
  });

  it('stops a pack mid-download and mid-index without touching the database after, and finishes it at the next start', async ({ server, newCore }) => {
    const srv = await server();
    const logs = logger();
    const dataDir = tempDir();
    const core = await newCore({ dataDir, log: logs.log });
    await core.api.session.login({ serverUrl: srv.url, username: 'delegate01', password: 'demo' });
    // Listing the meetings starts their packs in the background; close while they run.
    const meetingId = currentMeeting((await core.api.meetings.list()).meetings).id;
    await waitUntil(async () => (await core.api.pack.status({ meetingId })).files.some((f) => f.state === 'downloading' || f.state === 'on_device'), 'a download under way');
    await core.close();
    await new Promise((r) => setTimeout(r, 500));
    expect(logs.lines.filter((l) => touchedAfterClose.test(l))).toEqual([]);

    const reopened = await newCore({ dataDir });
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
