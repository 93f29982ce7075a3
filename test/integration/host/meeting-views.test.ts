/**
 * `meeting.changed` over the browser-mode bridge, as a window gets it: a real server with
 * the demo meeting, a real host and core, and the renderer's own bridge code
 * (createWebSocketBridge + wholeMeetingViews) running in Node over a real socket. A live
 * change (attendance) must cross without the meeting's content and come out whole on
 * the window's side, with the very objects it already had; a change to the meeting
 * document must bring the new content; and a window that lost its copy must get the
 * whole view back by asking.
 */
import { afterEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import WebSocket from 'ws';
import { createClient, type MeetingView, type MeetingViewWire } from '../../../shared/contract';
import { startServer, type RunningServer } from '../../../server/app';
import { startHost, type RunningHost } from '../../../main/host/host';
import { createWebSocketBridge, type WebSocketBridge } from '../../../renderer/bridge/websocket';
import { wholeMeetingViews } from '../../../renderer/bridge/meeting-views';
import { tempDir, waitUntil } from '../../support/temp';

let server: RunningServer | null = null;
let host: RunningHost | null = null;
let bridge: WebSocketBridge | null = null;
afterEach(async () => {
  bridge?.close();
  await host?.close();
  await server?.close();
  bridge = null;
  host = null;
  server = null;
});

/** The browser's WebSocket, as the host expects it: from the host's own page origin. */
function pageWebSocket(origin: string) {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  };
}

async function setUp() {
  const dir = tempDir('oc-views-');
  server = await startServer({ dataDir: path.join(dir, 'server'), port: 0, demo: true, log: () => undefined });
  host = await startHost({ dataDir: path.join(dir, 'device'), rendererDir: dir, token: 'views-token', defaultServerUrl: server.url, log: () => undefined });
  (globalThis as { WebSocket?: unknown }).WebSocket = pageWebSocket(host.origin);
  bridge = createWebSocketBridge({ url: `ws://127.0.0.1:${host.port}/bridge?token=views-token` });
  // What crossed the socket for the meeting under test (the core also keeps the other demo meeting open, for its pack).
  const raw: MeetingViewWire[] = [];
  let meetingId = '';
  bridge.on('meeting.changed', (v) => v.id === meetingId && raw.push(v));
  const client = createClient(wholeMeetingViews(bridge));
  const views: MeetingView[] = [];
  client.on('meeting.changed', (v) => views.push(v));
  await client.session.login({ serverUrl: server.url, username: 'secretary', password: 'demo' });
  const { meetings } = await client.meetings.list({});
  meetingId = meetings.find((m) => m.status !== 'closed')!.id;
  await client.meetings.open({ meetingId });
  await waitUntil(() => views.some((v) => v.id === meetingId && v.synced && v.content.participants.length > 0), 'the synced view');
  const first = views.filter((v) => v.id === meetingId).at(-1)!;
  const mine = views.filter((v) => v.id === meetingId);
  views.length = 0;
  views.push(...mine);
  return { client, raw, views, meetingId, first, wire: bridge };
}

describe('meeting views across the bridge', () => {
  it('sends a live change without the content, and the window gets it whole with the objects it had', async () => {
    const { client, raw, views, meetingId, first } = await setUp();
    const someone = first.content.participants.find((p) => p.role === 'delegate')!;
    const rawBefore = raw.length;
    const viewsBefore = views.length;
    await client.attendance.mark({ meetingId, userIds: [someone.id], status: 'present', substitute: null });

    const marked = await waitUntil(() => views.slice(viewsBefore).find((v) => v.attendance.marks[someone.id] ?? v.attendance.pending[someone.id]), 'the mark in a view');
    // On the wire: the content was left out…
    const sent = raw.slice(rawBefore);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((v) => v.content === null && v.seating === null && v.contentRev === first.contentRev)).toBe(true);
    // …and on the window's side it is whole, the same objects as before.
    expect(marked.content).toBe(first.content);
    expect(marked.seating).toBe(first.seating);
    expect(marked.content).toEqual((await client.meetings.view({ meetingId })).content);
  });

  it('brings the new content when the meeting document changes', async () => {
    const { client, raw, views, meetingId, first } = await setUp();
    const rawBefore = raw.length;
    await client.meetings.updateMeta({ meetingId, patch: { title: 'Phiên họp Chính phủ chuyên đề' } });
    const renamed = await waitUntil(() => views.find((v) => v.content.meta.title === 'Phiên họp Chính phủ chuyên đề'), 'the new title');
    expect(renamed.contentRev).toBeGreaterThan(first.contentRev);
    const carried = raw.slice(rawBefore).find((v) => v.contentRev === renamed.contentRev);
    expect(carried?.content?.meta.title).toBe('Phiên họp Chính phủ chuyên đề');
  });

  it('a window that lost its copy asks for the whole view', async () => {
    const { client, raw, meetingId, first, wire } = await setUp();
    // A second reassembler on the same connection: the host already sent this content, so it will not send it again.
    const fresh = createClient(wholeMeetingViews(wire));
    const got: MeetingView[] = [];
    fresh.on('meeting.changed', (v) => got.push(v));
    const rawBefore = raw.length;
    const someone = first.content.participants.filter((p) => p.role === 'delegate')[1]!;
    await client.attendance.mark({ meetingId, userIds: [someone.id], status: 'excused', substitute: null });
    const whole = await waitUntil(() => got.find((v) => v.id === meetingId), 'a whole view for the fresh window');
    expect(raw.slice(rawBefore).every((v) => v.content === null)).toBe(true);
    expect(whole.content.participants.length).toBe(first.content.participants.length);
    expect(whole.seating.rooms.length).toBe(first.seating.rooms.length);
  });

  it('a thin event for a meeting the core does not have open is dropped, not shown half', async () => {
    const { client, first } = await setUp();
    const fake: { listener: ((v: MeetingViewWire) => void) | null } = { listener: null };
    const lone = wholeMeetingViews({
      invoke: (channel, input) => client.meetings.view(input as { meetingId: string }).then((v) => (channel === 'meetings.view' ? v : null)),
      on: (_event, l) => {
        fake.listener = l as (v: MeetingViewWire) => void;
        return () => undefined;
      },
    });
    const got: MeetingView[] = [];
    lone.on('meeting.changed', (v) => got.push(v));
    const elsewhere = '6f1d2c3b-0000-4000-8000-000000000001';
    await expect(client.meetings.view({ meetingId: elsewhere })).rejects.toMatchObject({ code: 'not_found' });
    fake.listener!({ ...first, id: elsewhere, content: null, seating: null });
    await new Promise((r) => setTimeout(r, 300));
    expect(got).toEqual([]);
  });
});
