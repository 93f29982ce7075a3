/** The quick conclusion notice (the numbered, signed record is organisations.ts's official records). */
import type { noticeEndpoints } from '../../../shared/api/notices';
import { issueNotice } from '../../reports/notice';
import type { Handlers } from '../router';

export const noticeHandlers: Handlers<typeof noticeEndpoints> = {
  'notices.issue': async (ctx, { session, meeting }) => {
    const started = performance.now();
    const out = await issueNotice({ store: ctx.store, rooms: ctx.rooms, room: ctx.room, dataDir: ctx.dataDir }, meeting.id, session.user.id);
    ctx.log('info', 'notice issued', { meetingId: meeting.id, user: session.user.username, number: out.number, draft: out.draft, missing: out.missing.length, ms: Math.round(performance.now() - started) });
    return out;
  },
};
