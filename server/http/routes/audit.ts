import type { auditEndpoints } from '../../../shared/api/audit';
import { verifyMeetingFromDb } from '../../room/verify-snapshot';
import type { Handlers } from '../router';

/**
 * The audit chain's entries and its check. `audit.check` (issue 18) is the whole audit
 * check — the chain from its first entry, the heads a device kept, and the rows against the
 * chain — for those who run the meeting (chair, vice chair, secretariat). The app's Audit view sends the heads its
 * device saw in receipts and in `live/<id>`.
 *
 * Secret polls' ballot proofs are not re-checked here: that is seconds of CPU for a large
 * poll, on the server's event loop, in the middle of a meeting. Their stored result is still
 * compared with the chain; the proofs are checked by every device from the poll's evidence
 * and by `opencabinet-server audit verify` / `verify-poll`.
 */

export const auditHandlers: Handlers<typeof auditEndpoints> = {
  // Open to every participant: a named (roll-call) vote is public by its nature, and the
  // entries are what lets a member check that the record was not rewritten.
  'audit.entries': async (ctx, { meeting }) => ({ entries: ctx.room.auditEntries(meeting.id) }),

  'audit.verify': async (ctx, { meeting }) => {
    const result = ctx.room.verifyAudit(meeting.id);
    if (!result.ok) ctx.log('error', 'audit chain broken', { meetingId: meeting.id, brokenAt: result.brokenAt });
    return result;
  },

  'audit.check': async (ctx, { session, meeting, body: { heads } }) => {
    const started = performance.now();
    const report = verifyMeetingFromDb(ctx.room.repo.db, meeting.id, heads, { secretEvidence: false });
    const ms = Math.round(performance.now() - started);
    if (!report.ok) ctx.log('error', 'audit check failed', { meetingId: meeting.id, problems: report.problems.length, first: report.problems[0]?.code, by: session.user.username, ms });
    else ctx.log('info', 'audit checked', { meetingId: meeting.id, entries: report.length, heads: report.headsChecked, ms });
    return report;
  },
};
