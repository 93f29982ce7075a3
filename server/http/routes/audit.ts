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
import { AuditCheckRequest, type AuditReport } from '../../../shared/http';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { auditCheckGate, auditJobsOf } from '../../room/audit-jobs';
import { runAuditCheck } from '../../room/verify-snapshot';
import type { HeadRef } from '../../room/verify';
import { readJson } from '../body';
import { requireRunner, requireSession, type ApiContext, type Route } from '../context';
import { sendJson } from '../respond';
import { meetingIdPattern } from './meetings';

/** One check, timed and logged; `signal` stops it when the caller leaves. */
async function checkMeeting(ctx: ApiContext, meetingId: string, heads: HeadRef[], by: string, signal: AbortSignal): Promise<AuditReport> {
  const started = performance.now();
  const agenda = await ctx.rooms.read(`meeting/${meetingId}`, (doc) => readMeeting(doc).agenda.map((a) => ({ id: a.id, number: a.number, title: a.title })));
  const r = await runAuditCheck(ctx.room.repo.db, meetingId, heads, { dataDir: ctx.dataDir, jobs: auditJobsOf(ctx.room), agenda, signal });
  const ms = Math.round(performance.now() - started);
  if (!r.ok) ctx.log('error', 'audit check failed', { meetingId, problems: r.problems.length, first: r.problems[0]?.code, by, ms });
  else ctx.log('info', 'audit checked', { meetingId, entries: r.length, heads: r.headsChecked, secretPolls: r.secretPolls.length, records: r.documentsChecked, ms });
  return r;
}

export const auditRoutes: Route[] = [
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/audit/check$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'check the audit chain');
      const { heads } = await readJson(req, AuditCheckRequest);
      // A caller that goes away (closed the view, timed out) stops its recount: the slot frees at once.
      const gone = new AbortController();
      res.on('close', () => {
        if (!res.writableEnded) gone.abort(new Error('the caller closed the connection'));
      });
      let report: AuditReport;
      try {
        report = await auditCheckGate(ctx.room).run(meeting.id, () => checkMeeting(ctx, meeting.id, heads, session.user.username, gone.signal));
      } catch (err) {
        if (!gone.signal.aborted) throw err;
        ctx.log('info', 'audit check stopped: the caller left', { meetingId: meeting.id, by: session.user.username });
        return;
      }
      sendJson(res, 200, report);
    },
  },
];
