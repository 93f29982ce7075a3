/**
 * `opencabinet-server verify-poll --data DIR --poll ID` (issue 15): recounts a closed
 * secret poll straight from the database file, without a running server (read-only, so it
 * can run next to one). It checks the tellers' ceremony, every ballot's proofs and tracker,
 * recomputes the encrypted totals, checks each partial decryption's proof, opens the totals
 * with the threshold of valid ones and compares them with the published result. Exit code 0
 * when everything checks, 1 when something does not (each problem is printed), 2 for a
 * usage error.
 */
import { commandArgs } from '../command-args';
import { openServerDbReadOnly } from '../records/db';
import { verifyPollEvidence, type EvidenceInput } from '../../shared/crypto';
import { pollEvidence } from './evidence';
import { RecordsRepo } from '../records/repo';
import { sqliteRecords } from '../records/sql-sqlite';

export const verifyPollUsage = 'Usage: opencabinet-server verify-poll --data DIR --poll ID';

export function runVerifyPoll(argv: string[]): number {
  const values = commandArgs<{ data: string; poll: string }>(argv, { data: { type: 'string' }, poll: { type: 'string' } }, ['data', 'poll'], verifyPollUsage);
  if (!values) return 2;
  const db = openServerDbReadOnly(values.data);
  if (!db) return 2;
  try {
    // An offline tool over a SQLite file: the records functions run synchronously on it.
    const rdb = sqliteRecords(db);
    const repo = new RecordsRepo(rdb);
    const poll = rdb.now(repo.pollById(values.poll));
    if (!poll) {
      console.error(`There is no poll ${values.poll} in ${values.data}.`);
      return 2;
    }
    if (!poll.definition.secret || !poll.publicKey) {
      console.error('This poll has no encrypted ballots to verify (it is named, or its key ceremony never finished).');
      return 2;
    }
    if (poll.status === 'draft' || poll.status === 'open') {
      console.error('This poll is not closed yet: its totals are not sealed.');
      return 2;
    }
    const started = performance.now();
    const r = verifyPollEvidence(rdb.now(pollEvidence(repo, poll)) as unknown as EvidenceInput);
    const ms = Math.round(performance.now() - started);
    const tellers = `${r.missing.length ? `missing shares from teller(s) ${r.missing.join(', ')}` : 'every teller sent a share'}`;
    if (r.ok) {
      const opened = r.counts ? `counts ${JSON.stringify(r.counts)}` : poll.voidReason ? `declared void: ${poll.voidReason}` : 'not opened yet';
      console.log(`ok: ${r.ballots} ballots, every proof verifies; ${opened}; ${tellers} (${ms} ms)`);
      return 0;
    }
    console.log(`FAILED: ${r.problems.length} problem(s) in ${r.ballots} ballots (${tellers}):`);
    for (const p of r.problems) console.log(`  - ${p}`);
    return 1;
  } finally {
    db.close();
  }
}
