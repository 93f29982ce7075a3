/**
 * A closed secret poll's public record (issue 15): every encrypted ballot with its tracker,
 * the ceremony's commitments, the sealed totals, the tellers' partial decryptions and the
 * result. shared/crypto/verify-poll.ts recounts it; so do `opencabinet-server verify-poll`
 * and anyone who downloads it.
 */
import type { EncryptedBallot, PollEvidence } from '../../shared/api/voting';
import type { PollRow, RecordsRepo } from '../records/repo';
import type { Sql } from '../records/sql';
import { tellerJson, tellerRows } from './tellers';

export function* pollEvidence(repo: RecordsRepo, poll: PollRow): Sql<PollEvidence> {
  const tellers = [];
  for (const r of yield* tellerRows(poll.id)) tellers.push(yield* tellerJson(repo, r));
  const ballots = yield* repo.encryptedBallots(poll.id);
  return {
    meetingId: poll.meetingId,
    pollId: poll.id,
    definition: poll.definition,
    publicKey: poll.publicKey!,
    threshold: poll.definition.tellers?.threshold ?? 0,
    tellers,
    ballots: ballots.map((b) => ({ tracker: b.tracker, ballot: JSON.parse(b.ballot) as EncryptedBallot, hands: b.hands })),
    encryptedTotals: poll.sealed?.totals ?? null,
    totals: null,
    result: poll.result,
  };
}
