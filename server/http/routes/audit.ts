/**
 * The audit chain's entries and its check. `audit.check` (issue 18) is the whole audit
 * check — the chain from its first entry, the heads a device kept, the rows against the
 * chain, each closed secret poll recounted from its public record (proofs, tellers'
 * shares, counts), and what the issued notices and minutes say — for those who run the
 * meeting (chair, vice chair, secretariat). The app's Audit view sends the heads its
 * device saw in receipts and in `live/<id>`.
 *
 * The recount and the reading of the records' PDFs cost seconds of CPU for a large
 * meeting: they run in a worker thread (audit/audit-jobs.ts), never on the event loop, and
 * one check at a time per server — a second answers 429 with Retry-After rather than
 * queuing more CPU behind the first in the middle of a meeting.
 */
import type { auditEndpoints } from '../../../shared/api/audit';
import { ApiError } from '../../../shared/errors';
import type { AuditReport } from '../../../shared/api/audit';
import { readMeeting } from '../../../shared/ydoc/meeting';
import { auditCheckGate, auditJobsOf } from '../../audit/audit-jobs';
import type { HeadRef } from '../../audit/verify';
import { runAuditCheck } from '../../audit/verify-snapshot';
import type { ApiContext } from '../context';
import type { Handlers } from '../router';

/** One check, timed and logged; `signal` stops it when the caller leaves. */
async function checkMeeting(ctx: ApiContext, meetingId: string, heads: HeadRef[], by: string, signal: AbortSignal): Promise<AuditReport> {
  const started = performance.now();
  const agenda = await ctx.docs.read(`meeting/${meetingId}`, (doc) => readMeeting(doc).agenda.map((a) => ({ id: a.id, number: a.number, title: a.title })));
  const r = await runAuditCheck(ctx.records.rdb, meetingId, heads, { dataDir: ctx.dataDir, jobs: auditJobsOf(ctx.records), agenda, signal });
  const ms = Math.round(performance.now() - started);
  if (!r.ok) ctx.log('error', 'audit check failed', { meetingId, problems: r.problems.length, first: r.problems[0]?.code, by, ms });
  else ctx.log('info', 'audit checked', { meetingId, entries: r.length, heads: r.headsChecked, secretPolls: r.secretPolls.length, records: r.documentsChecked, ms });
  return r;
}

export const auditHandlers: Handlers<typeof auditEndpoints> = {
  // Open to every participant: a named (roll-call) vote is public by its nature, and the
  // entries are what lets a member check that the record was not rewritten.
  'audit.entries': async (ctx, { meeting }) => ({ entries: await ctx.records.auditEntries(meeting.id) }),

  'audit.verify': async (ctx, { meeting }) => {
    const result = await ctx.records.verifyAudit(meeting.id);
    if (!result.ok) ctx.log('error', 'audit chain broken', { meetingId: meeting.id, brokenAt: result.brokenAt });
    return result;
  },

  'audit.check': async (ctx, { session, meeting, body: { heads }, res }) => {
    // A caller that goes away (closed the view, timed out) stops its recount: the slot frees at once.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableEnded) gone.abort(new Error('the caller closed the connection'));
    });
    try {
      return await auditCheckGate(ctx.records).run(meeting.id, () => checkMeeting(ctx, meeting.id, heads, session.user.username, gone.signal));
    } catch (err) {
      if (!gone.signal.aborted) throw err;
      ctx.log('info', 'audit check stopped: the caller left', { meetingId: meeting.id, by: session.user.username });
      // Nobody is there to read it; the answer goes nowhere.
      throw new ApiError('conflict', 'The audit check stopped: the caller left before it finished.');
    }
  },
};
