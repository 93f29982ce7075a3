/**
 * POST /api/meetings/:id/audit/check (issue 18): the whole audit check — the chain from its
 * first entry, the heads a device kept, and the rows against the chain — for those who run
 * the meeting (chair, vice chair, secretariat). The app's Audit view sends the heads its
 * device saw in receipts and in `live/<id>`.
 *
 * Secret polls' ballot proofs are not re-checked here: that is seconds of CPU for a large
 * poll, on the server's event loop, in the middle of a meeting. Their stored result is still
 * compared with the chain; the proofs are checked by every device from the poll's evidence
 * and by `opencabinet-server audit verify` / `verify-poll`.
 */
import { AuditCheckRequest } from '../../../shared/http';
import { verifyMeetingFromDb } from '../../room/verify-snapshot';
import { readJson } from '../body';
import { requireRunner, requireSession, type Route } from '../context';
import { sendJson } from '../respond';
import { meetingIdPattern } from './meetings';

export const auditRoutes: Route[] = [
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/audit/check$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'check the audit chain');
      const { heads } = await readJson(req, AuditCheckRequest);
      const started = performance.now();
      const report = verifyMeetingFromDb(ctx.room.repo.db, meeting.id, heads, { secretEvidence: false });
      const ms = Math.round(performance.now() - started);
      if (!report.ok) ctx.log('error', 'audit check failed', { meetingId: meeting.id, problems: report.problems.length, first: report.problems[0]?.code, by: session.user.username, ms });
      else ctx.log('info', 'audit checked', { meetingId: meeting.id, entries: report.length, heads: report.headsChecked, ms });
      sendJson(res, 200, report);
    },
  },
];
