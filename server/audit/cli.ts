/**
 * `opencabinet-server audit verify --data DIR --meeting ID [--head HASH[:LENGTH]]... [--json]`:
 * checks a meeting's audit chain straight from the database file, without a running server
 * (it can run next to one: the file is opened read-only). Issue 18: it also proves that
 * each given head — from a receipt, `live/<id>`, a notice or the minutes — is still in the
 * chain, and that the stored rows (poll results and ballots, attendance, conclusions) agree
 * with it, that each closed secret poll recounts (proofs, tellers' shares, counts) and that
 * the issued notices and minutes say what the chain says. Exit code 0 when everything
 * holds, 1 when something does not (each problem is printed with the poll/row/document and
 * field), 2 for a usage error.
 */
import { sqliteRecords } from '../records/sql-sqlite';
import { commandArgs } from '../command-args';
import { openServerDbReadOnly } from '../records/db';
import { parseHeadArg } from '../../shared/audit';
import type { AuditReport } from '../../shared/api/audit';
import { AuditJobs } from './audit-jobs';
import { runAuditCheck } from './verify-snapshot';

export const auditUsage = 'Usage: opencabinet-server audit verify --data DIR --meeting ID [--head HASH[:LENGTH]]... [--json]';

/** The report as a person reads it: first line ok/broken, then one line per problem. */
export function formatAuditReport(r: AuditReport): string {
  const lines: string[] = [];
  if (r.ok) lines.push(`ok: ${r.length} entries, head ${r.head}; ${r.headsChecked} head(s) found in the chain, ${r.pollsChecked} closed poll(s) recounted, ${r.documentsChecked} issued record(s) read`);
  else {
    const broken = r.problems.find((p) => p.code === 'chain_broken');
    lines.push(broken ? `broken: entry ${broken.row} of ${r.length} does not match the chain` : `FAILED: ${r.problems.length} problem(s) in meeting ${r.meetingId} (${r.length} entries)`);
    for (const p of r.problems) {
      const where = [p.document && `${p.document.kind} ${p.document.number}`, p.pollId && `poll ${p.pollId}`, p.row && `row ${p.row}`, p.field && `field ${p.field}`].filter(Boolean).join(', ');
      const values = p.expected !== null || p.found !== null ? ` [chain/expected: ${p.expected ?? '-'}; found: ${p.found ?? '-'}]` : '';
      lines.push(`  - ${p.code}${where ? ` (${where})` : ''}: ${p.message}${values}`);
    }
  }
  const yes = (v: boolean | null) => (v === null ? 'not checked' : v ? 'ok' : 'FAILED');
  for (const s of r.secretPolls) lines.push(`  secret poll ${s.pollId}: ${s.ballots} ballot(s); proofs ${yes(s.proofsOk)}, decryption shares ${yes(s.sharesOk)}, tally ${s.tallyMatches === null ? 'not opened' : s.tallyMatches ? 'matches' : 'DIFFERS'}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return lines.join('\n');
}

export async function runAuditCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    console.error(`Unknown audit command "${sub ?? ''}".\n${auditUsage}`);
    return 2;
  }
  const options = { data: { type: 'string' }, meeting: { type: 'string' }, head: { type: 'string', multiple: true }, json: { type: 'boolean' } } as const;
  const values = commandArgs<{ data: string; meeting: string; head?: string[]; json?: boolean }>(rest, options, ['data', 'meeting'], auditUsage);
  if (!values) return 2;
  let heads;
  try {
    heads = (values.head ?? []).map(parseHeadArg);
  } catch (err) {
    console.error(`--head: ${(err as Error).message}\n${auditUsage}`);
    return 2;
  }
  const db = openServerDbReadOnly(values.data);
  if (!db) return 2;
  try {
    const meeting = db.prepare('SELECT id FROM meetings WHERE id = ?').get(values.meeting);
    if (!meeting) {
      console.error(`There is no meeting ${values.meeting} in ${values.data}.`);
      return 2;
    }
    const r = await runAuditCheck(sqliteRecords(db), values.meeting, heads, { dataDir: values.data, jobs: new AuditJobs() });
    console.log(values.json ? JSON.stringify(r, null, 2) : formatAuditReport(r));
    return r.ok ? 0 : 1;
  } finally {
    db.close();
  }
}
