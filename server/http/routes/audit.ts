/**
 * POST /api/meetings/:id/audit/check (issue 18): the whole audit check — the chain from its
 * first entry, the heads a device kept, the rows against the chain, each closed secret
 * poll recounted from its public record (proofs, tellers' shares, counts), and what the
 * issued notices and minutes say — for those who run the meeting (chair, vice chair,
 * secretariat). The app's Audit view sends the heads its device saw in receipts and in
 * `live/<id>`.
 *
 * The recount and the reading of the records' PDFs cost seconds of CPU for a large
 * meeting: they run in a worker thread (room/audit-jobs.ts), never on the event loop, and
 * one check at a time per server — a second answers 429 with Retry-After rather than
 * queuing more CPU behind the first in the middle of a meeting.
 */
import { AuditCheckRequest } from '../../../shared/http';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { auditCheckGate, auditJobsOf } from '../../room/audit-jobs';
import { runAuditCheck } from '../../room/verify-snapshot';
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
      const report = await auditCheckGate(ctx.room).run(meeting.id, async () => {
        const started = performance.now();
        const agenda = await ctx.rooms.read(`meeting/${meeting.id}`, (doc) => readMeeting(doc).agenda.map((a) => ({ id: a.id, number: a.number, title: a.title })));
        const r = await runAuditCheck(ctx.room.repo.db, meeting.id, heads, { dataDir: ctx.dataDir, jobs: auditJobsOf(ctx.room), agenda });
        const ms = Math.round(performance.now() - started);
        if (!r.ok) ctx.log('error', 'audit check failed', { meetingId: meeting.id, problems: r.problems.length, first: r.problems[0]?.code, by: session.user.username, ms });
        else ctx.log('info', 'audit checked', { meetingId: meeting.id, entries: r.length, heads: r.headsChecked, secretPolls: r.secretPolls.length, records: r.documentsChecked, ms });
        return r;
      });
      sendJson(res, 200, report);
    },
  },
];
