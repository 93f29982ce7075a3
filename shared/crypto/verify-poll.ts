/**
 * The verifier of a secret poll (issue 15), pure so the CLI, the server's tests and the app
 * run the same code: from the public record alone it re-checks the ceremony's proofs and the
 * joint key, every ballot's proofs and tracker, recomputes the encrypted totals, checks each
 * teller's partial decryption against its public share, opens the totals with t valid ones
 * and compares the counts with the published result.
 */
import { verifyBallot } from './ballot';
import { ciphertextsEqual, decodeCiphertext, encodeCiphertext, sumCiphertexts, type Ciphertext } from './elgamal';
import { jointPublicKey, tellerPublicShare, verifyCeremonyKey, verifyCommitments } from './ceremony';
import { badPartialOptions, combinePartials, smallDiscreteLog, type PartialDecryption } from './decrypt';
import { CryptoFormatError, decodePoint, encodePoint, type Point } from './group';
import { ballotContextFor, ballotLayout, countsFromTotals } from './poll';
import { decodeProof } from './proofs';
import type { PollDefinition } from '../ydoc/live';

export interface EvidenceInput {
  meetingId: string;
  pollId: string;
  definition: PollDefinition;
  publicKey: string;
  threshold: number;
  tellers: { index: number; userId: string; name?: string; publicKey: string | null; keyProof: string | null; commitments: string[] | null; commitmentProofs: string[] | null; partial: { shares: string[]; proofs: string[] } | null }[];
  ballots: { tracker: string; ballot: unknown }[];
  encryptedTotals: string[] | null;
  result: unknown;
}

export interface VerifyReport {
  ok: boolean;
  /** Each problem in a sentence; empty when everything checks. */
  problems: string[];
  ballots: number;
  /** The opened totals per ciphertext (options, then the blank marker where there is one), or null. */
  totals: number[] | null;
  counts: Record<string, number> | null;
  /** Tellers whose partial decryption is missing, and whose fails its proof. */
  missing: number[];
  rejected: number[];
  /**
   * The same problems by part, for a report that says which held: the key ceremony, the
   * ballots (proofs, trackers, their sum against the sealed totals), the tellers' partial
   * decryptions, and the opened counts against the published result (null: not opened).
   */
  parts: { ceremony: boolean; ballots: boolean; shares: boolean; recount: boolean | null };
}

export function verifyPollEvidence(e: EvidenceInput): VerifyReport {
  const problems: string[] = [];
  const parts: VerifyReport['parts'] = { ceremony: true, ballots: true, shares: true, recount: null };
  const report = (): VerifyReport => ({ ok: problems.length === 0, problems, ballots: e.ballots.length, totals, counts, missing, rejected, parts });

  let totals: number[] | null = null;
  let counts: Record<string, number> | null = null;
  const missing: number[] = [];
  const rejected: number[] = [];
  let key: Point;
  let commitments: Point[][];
  try {
    key = decodePoint(e.publicKey, 'publicKey');
    commitments = e.tellers.map((t) => (t.commitments ?? []).map((c, k) => decodePoint(c, `teller ${t.index} commitment ${k}`)));
  } catch (err) {
    problems.push(err instanceof CryptoFormatError ? err.message : String(err));
    parts.ceremony = false;
    return report();
  }
  // The ceremony: every key and commitment proven, and the joint key their sum.
  const ceremonyBefore = problems.length;
  for (const t of e.tellers) {
    try {
      if (!t.publicKey || !t.keyProof || !verifyCeremonyKey(e.pollId, t.index, decodePoint(t.publicKey, 'key'), decodeProof(t.keyProof, 1, 'proof'))) problems.push(`Teller ${t.index}: the ceremony key's proof does not verify.`);
      const proofs = (t.commitmentProofs ?? []).map((p) => decodeProof(p, 1, 'proof'));
      if (commitments[e.tellers.indexOf(t)]!.length !== e.threshold || !verifyCommitments(e.pollId, t.index, commitments[e.tellers.indexOf(t)]!, proofs)) problems.push(`Teller ${t.index}: a commitment proof does not verify.`);
    } catch (err) {
      problems.push(`Teller ${t.index}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  if (!jointPublicKey(commitments).equals(key)) problems.push("The poll's public key is not the sum of the tellers' constant-term commitments.");
  if (problems.length > ceremonyBefore) parts.ceremony = false;

  // Every ballot's proofs and tracker; no tracker twice.
  const ctx = ballotContextFor(e.meetingId, e.pollId, e.definition, key);
  const slots = ballotLayout(e.definition).weights.length;
  const columns: Ciphertext[][] = Array.from({ length: slots }, () => []);
  const seen = new Set<string>();
  const before = problems.length;
  for (const [i, b] of e.ballots.entries()) {
    const check = verifyBallot(ctx, b.ballot);
    if (!check.ok) {
      problems.push(`Ballot ${i + 1} (${b.tracker}): ${check.message}`);
      continue;
    }
    if (check.tracker !== b.tracker) problems.push(`Ballot ${i + 1}: its tracker is ${check.tracker}, not ${b.tracker}.`);
    if (seen.has(check.tracker)) problems.push(`Ballot ${i + 1}: tracker ${check.tracker} appears twice.`);
    seen.add(check.tracker);
    check.ciphertexts.forEach((c, k) => columns[k]!.push(c));
  }
  const sums = columns.map((c) => sumCiphertexts(c));
  if (e.encryptedTotals) {
    if (e.encryptedTotals.length !== slots || e.encryptedTotals.some((t, i) => !ciphertextsEqual(decodeCiphertext(t, `totals.${i}`, true), sums[i]!))) {
      problems.push('The published encrypted totals are not the sum of the ballots.');
    }
  }
  if (problems.length > before) parts.ballots = false;

  // The tellers' partial decryptions, against the sums recomputed here.
  const valid: PartialDecryption[] = [];
  for (const t of e.tellers) {
    if (!t.partial) {
      missing.push(t.index);
      continue;
    }
    try {
      const p: PartialDecryption = { index: t.index, shares: t.partial.shares.map((s) => decodePoint(s, 'share', true)), proofs: t.partial.proofs.map((x) => decodeProof(x, 1, 'proof')) };
      if (badPartialOptions(e.pollId, tellerPublicShare(commitments, t.index), sums, p).length) rejected.push(t.index);
      else valid.push(p);
    } catch {
      rejected.push(t.index);
    }
  }
  for (const r of rejected) problems.push(`Teller ${r}: the partial decryption fails its proof.`);
  if (rejected.length) parts.shares = false;
  if (valid.length >= e.threshold) {
    const points = combinePartials(sums, valid.slice(0, e.threshold));
    const opened = points.map((p) => smallDiscreteLog(p, e.ballots.length));
    if (opened.some((x) => x === null)) {
      problems.push('The combined decryption does not give counts.');
      parts.recount = false;
    } else {
      totals = opened as number[];
      counts = countsFromTotals(e.definition, totals, e.ballots.length).counts;
      const published = (e.result as { counts?: Record<string, number> } | null)?.counts;
      parts.recount = true;
      if (published && JSON.stringify(Object.entries(published).sort()) !== JSON.stringify(Object.entries(counts).sort())) {
        problems.push(`The published counts ${JSON.stringify(published)} differ from the recount ${JSON.stringify(counts)}.`);
        parts.recount = false;
      }
    }
  } else if (e.result) {
    problems.push(`A result is published but only ${valid.length} valid partial decryptions of ${e.threshold} needed are in the record.`);
    parts.shares = false;
  }
  return report();
}

