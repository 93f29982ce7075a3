/**
 * Desktop cores against a real server on 127.0.0.1, for integration tests of the core:
 * one call gives a server, devices signed in as demo (or new) accounts, and cleanup after
 * each test. Register with `const { server, device, openSynced } = coreDevices();` at the
 * top of a test file.
 */
import { afterEach } from 'vitest';
import { startServer } from '../../server/app';
import { createCore } from '../../main/core';
import type { MeetingView } from '../../shared/contract';
import { tempDir, waitUntil } from './temp';

export type TestServer = Awaited<ReturnType<typeof startServer>>;

export function coreDevices() {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
  });

  async function server(): Promise<TestServer> {
    const s = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
    cleanups.push(() => s.close());
    return s;
  }

  /** A device signed in as `username`; `views` holds the latest view of each open meeting. */
  async function device(srv: TestServer, username: string, password = 'demo') {
    const core = await createCore({ dataDir: tempDir(), mode: 'browser', log: () => undefined });
    cleanups.push(() => core.close());
    await core.api.session.login({ serverUrl: srv.url, username, password });
    await core.api.meetings.list();
    const views = new Map<string, MeetingView>();
    core.on('meeting.changed', (v) => views.set(v.id, v));
    return { core, views };
  }

  async function openSynced(d: Awaited<ReturnType<typeof device>>, meetingId: string): Promise<MeetingView> {
    await d.core.api.meetings.open({ meetingId });
    return waitUntil(() => (d.views.get(meetingId)?.synced ? d.views.get(meetingId) : null), 'the meeting to sync');
  }

  return { server, device, openSynced };
}

export type CoreDevice = Awaited<ReturnType<ReturnType<typeof coreDevices>['device']>>;
