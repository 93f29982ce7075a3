/**
 * A "Mật" meeting's papers start "Mật" (issue 16), and a document can be renamed: through
 * the desktop core against a real server on 127.0.0.1, with real PDFs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/app';
import { createCore } from '../../../main/core';
import type { MeetingView } from '../../../shared/contract';
import type { Confidentiality } from '../../../shared/meeting-enums';
import { fixturePdf } from '../../support/fixtures';
import { tempDir, waitUntil } from '../../support/temp';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!().catch(() => undefined);
});

async function secretary() {
  const srv = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
  cleanups.push(() => srv.close());
  const core = await createCore({ dataDir: tempDir(), mode: 'browser', log: () => undefined });
  cleanups.push(() => core.close());
  await core.api.session.login({ serverUrl: srv.url, username: 'secretary', password: 'demo' });
  const views = new Map<string, MeetingView>();
  core.on('meeting.changed', (v) => views.set(v.id, v));
  return { core, views };
}

describe('documents of a meeting', () => {
  it("start at the meeting's level unless chosen, and can be renamed", async () => {
    const { core, views } = await secretary();
    const meetingOf = async (confidentiality: Confidentiality) => {
      const m = await core.api.meetings.create({ title: `Họp ${confidentiality}`, confidentiality });
      await core.api.meetings.open({ meetingId: m.id });
      await waitUntil(() => views.get(m.id)?.synced, 'the meeting to sync');
      return m.id;
    };
    const upload = (meetingId: string, confidentiality?: Confidentiality) =>
      core.api.documents.upload({ meetingId, uploadId: crypto.randomUUID(), file: { kind: 'path', path: fixturePdf('tracemonkey.pdf') }, ...(confidentiality ? { confidentiality } : {}) });

    const secret = await meetingOf('confidential');
    expect((await upload(secret)).document.confidentiality).toBe('confidential');
    // Chosen by hand, it is kept: an annex may be less secret than its meeting.
    expect((await upload(secret, 'public')).document.confidentiality).toBe('public');

    const ordinary = await meetingOf('internal');
    const doc = (await upload(ordinary)).document;
    expect(doc.confidentiality).toBe('internal');

    await core.api.documents.update({ meetingId: ordinary, documentId: doc.id, title: 'Tờ trình số 12 (đã đổi tên)' });
    await waitUntil(() => views.get(ordinary)?.content.documents.find((d) => d.id === doc.id)?.title === 'Tờ trình số 12 (đã đổi tên)', 'the new title');
    // The rename reached the server: a second device sees it.
    const other = await createCore({ dataDir: tempDir(), mode: 'browser', log: () => undefined });
    cleanups.push(() => other.close());
    const session = await core.api.session.current();
    await other.api.session.login({ serverUrl: session!.serverUrl, username: 'secretary', password: 'demo' });
    const seen = new Map<string, MeetingView>();
    other.on('meeting.changed', (v) => seen.set(v.id, v));
    await other.api.meetings.open({ meetingId: ordinary });
    await waitUntil(() => seen.get(ordinary)?.content.documents.find((d) => d.id === doc.id)?.title === 'Tờ trình số 12 (đã đổi tên)', 'the rename on another device');
  });
});
