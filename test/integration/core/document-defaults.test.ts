/**
 * A "Mật" meeting's papers start "Mật" (issue 16), and a document can be renamed: through
 * the desktop core against a real server on 127.0.0.1, with real PDFs.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import type { Confidentiality } from '../../../shared/meeting-enums';
import { fixturePdf } from '../../support/fixtures';
import { waitUntil } from '../../support/temp';

describe('documents of a meeting', () => {
  it("start at the meeting's level unless chosen, and can be renamed", async ({ server, device }) => {
    const srv = await server();
    const { core, views } = await device(srv.url, 'secretary', { until: 'signed-in' });
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
    const session = await core.api.session.current();
    const other = await device(session!.serverUrl, 'secretary', { until: 'signed-in' });
    await other.core.api.meetings.open({ meetingId: ordinary });
    await waitUntil(() => other.views.get(ordinary)?.content.documents.find((d) => d.id === doc.id)?.title === 'Tờ trình số 12 (đã đổi tên)', 'the rename on another device');
  });
});
