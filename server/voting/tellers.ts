/**
 * The tellers of a secret poll (issue 15): their key ceremony while the poll is a draft,
 * and the opening of the result after the close. The server stores and relays; it checks
 * every proof it is given but never holds a secret share: the shares it relays are
 * encrypted to each teller's own ceremony key (shared/crypto/ceremony.ts).
 *
 * Ceremony, per poll of n tellers and threshold t:
 *   1. each teller posts a ceremony key (with a Schnorr proof);
 *   2. when all n are in, each posts commitments to its polynomial and n−1 encrypted shares;
 *   3. when all n have dealt, each checks the shares addressed to it and confirms (or names
 *      the dealer whose share failed: the ceremony is then restarted by the chair);
 *   4. when all n confirmed, the joint key is computed from the commitments and published.
 * Opening: each teller posts its partial decryption of the sealed totals with proofs; a
 * failed proof is recorded against that teller and not used; with t valid ones the result
 * is computed and published. Every step is in the audit chain.
 */
import {
  badPartialOptions,
  combinePartials,
  decodeCiphertext,
  decodePoint,
  decodeProof,
  CryptoFormatError,
  encodePoint,
  jointPublicKey,
  smallDiscreteLog,
  tellerPublicShare,
  verifyCeremonyKey,
  verifyCommitments,
  type Point,
  countsFromTotals,
  ballotLayout,
} from '../../shared/crypto';
import { tallyFromCounts, type TallyResult } from '../../shared/domain/tally';
import { ApiError } from '../../shared/errors';
import type { CeremonyConfirmRequest, CeremonyDealingRequest, CeremonyKeyRequest, CeremonyState, CeremonyTeller, PartialDecryptionRequest } from '../../shared/api/voting';
import type { PollDefinition, SecretTallyState } from '../../shared/ydoc/live';
import type { AuditLog } from '../audit/audit';
import type { PollRow, RecordsRepo } from '../records/repo';
import { all, run, type Sql } from '../records/sql';

export interface TellerDeps {
  repo: RecordsRepo;
  audit: AuditLog;
}

interface RawTeller {
  idx: number;
  user_id: string;
  ceremony_key: string | null;
  key_proof: string | null;
  commitments: string | null;
  commitment_proofs: string | null;
  confirmed_at: string | null;
  complaint: string | null;
  partial: string | null;
  partial_at: string | null;
  rejected: string | null;
}

export interface TellerRow {
  index: number;
  userId: string;
  ceremonyKey: string | null;
  keyProof: string | null;
  commitments: string[] | null;
  commitmentProofs: string[] | null;
  confirmed: boolean;
  complaint: { dealer: number; reason: string } | null;
  partial: { shares: string[]; proofs: string[] } | null;
  /** The options whose proof failed in this teller's last rejected partial decryption. */
  rejected: { options: number[]; at: string } | null;
}

const parse = <T>(text: string | null): T | null => (text === null ? null : (JSON.parse(text) as T));

export function* tellerRows(pollId: string): Sql<TellerRow[]> {
  const rows = yield* all<RawTeller>(
    'SELECT idx, user_id, ceremony_key, key_proof, commitments, commitment_proofs, confirmed_at, complaint, partial, partial_at, rejected FROM poll_tellers WHERE poll_id = ? ORDER BY idx',
    pollId,
  );
  return rows.map((r) => ({
    index: r.idx,
    userId: r.user_id,
    ceremonyKey: r.ceremony_key,
    keyProof: r.key_proof,
    commitments: parse<string[]>(r.commitments),
    commitmentProofs: parse<string[]>(r.commitment_proofs),
    confirmed: r.confirmed_at !== null,
    complaint: parse(r.complaint),
    partial: parse(r.partial),
    rejected: parse(r.rejected),
  }));
}

/** (Re)names the tellers of a draft: any ceremony in progress starts again. Inside a transaction. */
export function* setTellers(pollId: string, def: PollDefinition): Sql<void> {
  yield* run('DELETE FROM ceremony_shares WHERE poll_id = ?', pollId);
  yield* run('DELETE FROM poll_tellers WHERE poll_id = ?', pollId);
  yield* run("UPDATE polls SET public_key = NULL WHERE id = ? AND status = 'draft'", pollId);
  for (const [i, userId] of (def.tellers?.userIds ?? []).entries()) yield* run('INSERT INTO poll_tellers (poll_id, idx, user_id) VALUES (?, ?, ?)', pollId, i + 1, userId);
}

function* mustPoll(repo: RecordsRepo, meetingId: string, pollId: string): Sql<PollRow> {
  const poll = yield* repo.poll(meetingId, pollId);
  if (!poll) throw new ApiError('not_found', 'There is no such poll in this meeting.');
  if (!poll.definition.secret || !poll.definition.tellers) throw new ApiError('conflict', 'This poll has no tellers: only a secret poll has a key ceremony.');
  return poll;
}

/**
 * A closed secret poll whose result is still to be opened, with its tellers: what a teller's
 * partial decryption and a declaration of void both need. A poll is never both opened and
 * void (each refuses the other), so which of those two is checked first does not matter.
 * Each refusal is in the caller's words.
 */
function* mustAwaitOpening(
  repo: RecordsRepo,
  meetingId: string,
  pollId: string,
  refusals: { notClosed: string; isVoid: string; opened: string },
): Sql<{ poll: PollRow; rows: TellerRow[] }> {
  const poll = yield* mustPoll(repo, meetingId, pollId);
  if (poll.status === 'draft' || poll.status === 'open') throw new ApiError('conflict', refusals.notClosed);
  if (poll.voidReason) throw new ApiError('conflict', refusals.isVoid);
  if (poll.result) throw new ApiError('conflict', refusals.opened);
  return { poll, rows: yield* tellerRows(pollId) };
}

function mustTeller(rows: readonly TellerRow[], userId: string): TellerRow {
  const me = rows.find((r) => r.userId === userId);
  if (!me) throw new ApiError('forbidden', 'Only the tellers named for this poll take part in its key ceremony and open its result.');
  return me;
}

function mustDraft(poll: PollRow): void {
  if (poll.status !== 'draft') throw new ApiError('conflict', 'The key ceremony takes place before the poll opens; this poll is no longer a draft.');
  if (poll.publicKey) throw new ApiError('conflict', 'The key ceremony of this poll is already complete.');
}

function* names(repo: RecordsRepo, rows: readonly TellerRow[]): Sql<string[]> {
  const out: string[] = [];
  for (const r of rows) out.push(yield* repo.displayName(r.userId));
  return out;
}

function failed(rows: readonly TellerRow[]): TellerRow | undefined {
  return rows.find((r) => r.complaint);
}

function decodeOrRefuse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof CryptoFormatError) throw new ApiError('invalid_input', err.message);
    throw err;
  }
}

// -- the ceremony ---------------------------------------------------------------------------

export function* postCeremonyKey(d: TellerDeps, meetingId: string, pollId: string, userId: string, body: CeremonyKeyRequest): Sql<void> {
  const poll = yield* mustPoll(d.repo, meetingId, pollId);
  mustDraft(poll);
  const me = mustTeller((yield* tellerRows(pollId)), userId);
  if (me.ceremonyKey) {
    if (me.ceremonyKey === body.publicKey && me.keyProof === body.proof) return; // a retry
    throw new ApiError('conflict', 'Your ceremony key for this poll is already registered; ask the chair to restart the ceremony to change it.');
  }
  const key = decodeOrRefuse(() => decodePoint(body.publicKey, 'publicKey'));
  const proof = decodeOrRefuse(() => decodeProof(body.proof, 1, 'proof'));
  if (!verifyCeremonyKey(pollId, me.index, key, proof)) throw new ApiError('invalid_input', 'The proof does not show that you hold the secret of this ceremony key (for this poll and your teller number).');
  yield* run('UPDATE poll_tellers SET ceremony_key = ?, key_proof = ? WHERE poll_id = ? AND idx = ?', body.publicKey, body.proof, pollId, me.index);
  yield* d.audit.append(meetingId, 'ceremony.key', { pollId, teller: me.index, userId, publicKey: body.publicKey });
}

export function* postDealing(d: TellerDeps, meetingId: string, pollId: string, userId: string, body: CeremonyDealingRequest): Sql<void> {
  const poll = yield* mustPoll(d.repo, meetingId, pollId);
  mustDraft(poll);
  const rows = (yield* tellerRows(pollId));
  const me = mustTeller(rows, userId);
  if (failed(rows)) throw new ApiError('conflict', 'This ceremony failed (a share was reported bad); the chair must restart it.');
  const missing = rows.filter((r) => !r.ceremonyKey);
  if (missing.length) throw new ApiError('conflict', `Not every teller has registered a ceremony key yet (waiting for ${(yield* names(d.repo, missing)).join(', ')}).`);
  const t = poll.definition.tellers!.threshold;
  const n = rows.length;
  if (me.commitments) {
    if (JSON.stringify(me.commitments) === JSON.stringify(body.commitments)) return; // a retry
    throw new ApiError('conflict', 'You have already dealt your shares for this poll.');
  }
  if (body.commitments.length !== t || body.proofs.length !== t) throw new ApiError('invalid_input', `A dealing for a threshold of ${t} has ${t} commitments and ${t} proofs.`);
  const commitments = decodeOrRefuse(() => body.commitments.map((c, i) => decodePoint(c, `commitments.${i}`)));
  const proofs = decodeOrRefuse(() => body.proofs.map((p, i) => decodeProof(p, 1, `proofs.${i}`)));
  if (!verifyCommitments(pollId, me.index, commitments, proofs)) throw new ApiError('invalid_input', 'A commitment proof does not verify for this poll and your teller number.');
  const to = body.shares.map((s) => s.to).sort((a, b) => a - b);
  const expected = rows.map((r) => r.index).filter((i) => i !== me.index);
  if (JSON.stringify(to) !== JSON.stringify(expected)) throw new ApiError('invalid_input', `Send exactly one share to each other teller (${expected.join(', ')}).`);
  // The boxes are opaque here (encrypted to their recipients); only their shape is checked.
  for (const s of body.shares) if (!/^[A-Za-z0-9_-]{128}$/.test(s.box)) throw new ApiError('invalid_input', `The share for teller ${s.to} is not a 96-byte base64url box.`);
  yield* run('UPDATE poll_tellers SET commitments = ?, commitment_proofs = ? WHERE poll_id = ? AND idx = ?', JSON.stringify(body.commitments), JSON.stringify(body.proofs), pollId, me.index);
  for (const s of body.shares) yield* run('INSERT INTO ceremony_shares (poll_id, from_idx, to_idx, box) VALUES (?, ?, ?, ?)', pollId, me.index, s.to, s.box);
  yield* d.audit.append(meetingId, 'ceremony.dealing', { pollId, teller: me.index, userId, commitments: body.commitments, n });
}

/** Returns whether this confirmation completed the key. */
export function* postConfirm(d: TellerDeps, meetingId: string, pollId: string, userId: string, body: CeremonyConfirmRequest): Sql<boolean> {
  const poll = yield* mustPoll(d.repo, meetingId, pollId);
  mustDraft(poll);
  const rows = (yield* tellerRows(pollId));
  const me = mustTeller(rows, userId);
  const notDealt = rows.filter((r) => !r.commitments);
  if (notDealt.length) throw new ApiError('conflict', `Not every teller has dealt yet (waiting for ${(yield* names(d.repo, notDealt)).join(', ')}).`);
  if (!body.ok) {
    if (!rows.some((r) => r.index === body.dealer && r.index !== me.index)) throw new ApiError('invalid_input', `There is no other teller number ${body.dealer} in this poll.`);
    yield* run('UPDATE poll_tellers SET complaint = ? WHERE poll_id = ? AND idx = ?', JSON.stringify({ dealer: body.dealer, reason: body.reason }), pollId, me.index);
    yield* d.audit.append(meetingId, 'ceremony.complaint', { pollId, teller: me.index, userId, dealer: body.dealer, dealerUserId: rows.find((r) => r.index === body.dealer)!.userId, reason: body.reason });
    return false;
  }
  if (failed(rows)) throw new ApiError('conflict', 'This ceremony failed (a share was reported bad); the chair must restart it.');
  if (!me.confirmed) yield* run('UPDATE poll_tellers SET confirmed_at = ? WHERE poll_id = ? AND idx = ?', new Date().toISOString(), pollId, me.index);
  const all = yield* tellerRows(pollId);
  if (!all.every((r) => r.confirmed)) return false;
  const key = encodePoint(jointPublicKey(all.map((r) => r.commitments!.map((c) => decodePoint(c, 'commitment')))));
  yield* run("UPDATE polls SET public_key = ? WHERE id = ? AND status = 'draft'", key, pollId);
  yield* d.audit.append(meetingId, 'ceremony.complete', { pollId, publicKey: key, threshold: poll.definition.tellers!.threshold, tellers: all.map((r) => ({ index: r.index, userId: r.userId })) });
  return true;
}

export function* restartCeremony(d: TellerDeps, meetingId: string, pollId: string, by: string): Sql<void> {
  const poll = yield* mustPoll(d.repo, meetingId, pollId);
  if (poll.status !== 'draft') throw new ApiError('conflict', 'Only the ceremony of a draft poll can be restarted.');
  yield* setTellers(pollId, poll.definition);
  yield* d.audit.append(meetingId, 'ceremony.restarted', { pollId, by });
}

export function* ceremonyState(repo: RecordsRepo, meetingId: string, pollId: string, callerId: string): Sql<CeremonyState> {
  const poll = yield* mustPoll(repo, meetingId, pollId);
  const rows = yield* tellerRows(pollId);
  const me = rows.find((r) => r.userId === callerId) ?? null;
  const myShares = me ? yield* all<{ from: number; box: string }>('SELECT from_idx AS "from", box FROM ceremony_shares WHERE poll_id = ? AND to_idx = ? ORDER BY from_idx', pollId, me.index) : [];
  const tellers: CeremonyTeller[] = [];
  for (const r of rows) tellers.push(yield* tellerJson(repo, r));
  const tally = yield* tallyState(repo, poll);
  return {
    pollId,
    meetingId,
    threshold: poll.definition.tellers!.threshold,
    tellers,
    myIndex: me?.index ?? null,
    myShares,
    publicKey: poll.publicKey,
    status: tally.state,
    encryptedTotals: poll.sealed?.totals ?? null,
  };
}

export function* tellerJson(repo: RecordsRepo, r: TellerRow): Sql<CeremonyTeller> {
  return {
    index: r.index,
    userId: r.userId,
    name: yield* repo.displayName(r.userId),
    publicKey: r.ceremonyKey,
    keyProof: r.keyProof,
    commitments: r.commitments,
    commitmentProofs: r.commitmentProofs,
    confirmed: r.confirmed,
    complaint: r.complaint,
    partial: r.partial,
  };
}

/** What `live/<id>` shows of a secret poll's tellers; null for named polls. */
export function* tallyState(repo: RecordsRepo, poll: PollRow): Sql<SecretTallyState> {
  const rows = yield* tellerRows(poll.id);
  const nameOf = new Map<string, string>();
  for (const r of rows) nameOf.set(r.userId, yield* repo.displayName(r.userId));
  const name = (userId: string): string => nameOf.get(userId) ?? userId;
  const threshold = poll.definition.tellers?.threshold ?? 0;
  const complaint = failed(rows);
  const afterClose = poll.status !== 'draft' && poll.status !== 'open';
  const state: SecretTallyState['state'] = poll.voidReason
    ? 'void'
    : poll.result
      ? 'opened'
      : afterClose
        ? 'awaiting'
        : poll.publicKey
          ? 'ready'
          : 'keys';
  const note = poll.voidReason
    ? poll.voidReason
    : complaint
      ? `${name(complaint.userId)} reported that the share from ${name(rows.find((r) => r.index === complaint.complaint!.dealer)?.userId ?? '?')} is not valid: the chair must restart the key ceremony.`
      : null;
  return {
    state,
    threshold,
    tellers: rows.map((r) => ({
      index: r.index,
      userId: r.userId,
      name: name(r.userId),
      step: afterClose
        ? r.partial
          ? 'shared'
          : r.rejected
            ? 'rejected'
            : 'confirmed'
        : r.complaint
          ? 'complained'
          : r.confirmed
            ? 'confirmed'
            : r.commitments
              ? 'dealt'
              : r.ceremonyKey
                ? 'keyed'
                : 'waiting',
    })),
    note,
  };
}

// -- opening the result ---------------------------------------------------------------------

function tellerShares(rows: readonly TellerRow[]): Map<number, Point> {
  const commitments = rows.map((r) => r.commitments!.map((c) => decodePoint(c, 'commitment')));
  return new Map(rows.map((r) => [r.index, tellerPublicShare(commitments, r.index)]));
}

/** The result from t valid partial decryptions, or null while fewer are in. Throws if the totals do not decode to counts. */
export function openFromPartials(poll: PollRow, rows: readonly TellerRow[]): { result: TallyResult; totals: number[]; used: number[] } | null {
  const t = poll.definition.tellers!.threshold;
  const valid = rows.filter((r) => r.partial);
  if (valid.length < t || !poll.sealed) return null;
  const chosen = valid.slice(0, t);
  const totals = poll.sealed.totals.map((c, i) => decodeCiphertext(c, `totals.${i}`, true));
  const points = combinePartials(
    totals,
    chosen.map((r) => ({ index: r.index, shares: r.partial!.shares.map((s, i) => decodePoint(s, `shares.${i}`, true)), proofs: [] })),
  );
  const numbers = points.map((p, i) => {
    const m = smallDiscreteLog(p, poll.sealed!.cast);
    if (m === null) throw new Error(`option ${i + 1}: the opened total is not a count between 0 and ${poll.sealed!.cast}`);
    return m;
  });
  const def = poll.definition;
  const { counts, abstain } = countsFromTotals(def, numbers, poll.sealed.cast);
  const result = tallyFromCounts({
    kind: def.kind,
    optionIds: ballotLayout(def).optionIds,
    seats: def.seats,
    majority: def.majority,
    quorumRule: def.quorum,
    counts,
    cast: poll.sealed.cast,
    abstain,
    eligible: poll.sealed.eligible,
    present: poll.sealed.present,
    members: poll.sealed.members,
    recused: poll.sealed.recused,
  });
  return { result, totals: numbers, used: chosen.map((r) => r.index) };
}

export type PartialOutcome = { accepted: true; opened: boolean } | { accepted: false; message: string };

/**
 * A teller's partial decryption. A failed proof is recorded against the teller (audit and
 * live), then refused; the caller turns `accepted: false` into a 422 after the commit.
 */
export function* postPartial(d: TellerDeps, meetingId: string, pollId: string, userId: string, body: PartialDecryptionRequest): Sql<PartialOutcome> {
  const { poll, rows } = yield* mustAwaitOpening(d.repo, meetingId, pollId, {
    notClosed: 'The result is opened after the poll closes.',
    isVoid: 'This poll was declared void.',
    opened: 'The result of this poll is already open.',
  });
  const me = mustTeller(rows, userId);
  const sealed = poll.sealed!;
  if (me.partial) {
    if (JSON.stringify(me.partial) === JSON.stringify(body)) return { accepted: true, opened: false };
    throw new ApiError('conflict', 'Your share of the opening is already in.');
  }
  const n = sealed.totals.length;
  if (body.shares.length !== n || body.proofs.length !== n) throw new ApiError('invalid_input', `This poll has ${n} encrypted totals: send ${n} partial decryptions and ${n} proofs.`);
  const shares = decodeOrRefuse(() => body.shares.map((s, i) => decodePoint(s, `shares.${i}`, true)));
  const proofs = decodeOrRefuse(() => body.proofs.map((p, i) => decodeProof(p, 1, `proofs.${i}`)));
  const totals = sealed.totals.map((c, i) => decodeCiphertext(c, `totals.${i}`, true));
  const S = tellerShares(rows).get(me.index)!;
  const bad = badPartialOptions(pollId, S, totals, { index: me.index, shares, proofs });
  const at = new Date().toISOString();
  if (bad.length) {
    yield* run('UPDATE poll_tellers SET rejected = ? WHERE poll_id = ? AND idx = ?', JSON.stringify({ options: bad, at }), pollId, me.index);
    yield* d.audit.append(meetingId, 'tally.partial_rejected', { pollId, teller: me.index, userId, options: bad }, at);
    return {
      accepted: false,
      message: `The partial decryption from teller ${me.index} (${yield* d.repo.displayName(userId)}) fails its proof for option${bad.length > 1 ? 's' : ''} ${bad.map((i) => i + 1).join(', ')}; it was not used.`,
    };
  }
  yield* run('UPDATE poll_tellers SET partial = ?, partial_at = ?, rejected = NULL WHERE poll_id = ? AND idx = ?', JSON.stringify(body), at, pollId, me.index);
  yield* d.audit.append(meetingId, 'tally.partial', { pollId, teller: me.index, userId, shares: body.shares, proofs: body.proofs }, at);
  const opened = openFromPartials(poll, (yield* tellerRows(pollId)));
  if (!opened) return { accepted: true, opened: false };
  // Exactly once: a second opening finds the result already set and stores nothing.
  if ((yield* run("UPDATE polls SET result = ? WHERE id = ? AND status = 'closed' AND result IS NULL", JSON.stringify(opened.result), pollId)).changes === 0) {
    throw new ApiError('conflict', 'The result of this poll is already open.');
  }
  const missing = rows.filter((r) => !opened.used.includes(r.index) && r.index !== me.index && !r.partial).map((r) => ({ index: r.index, userId: r.userId }));
  yield* d.audit.append(meetingId, 'tally.opened', { pollId, totals: opened.totals, tellers: opened.used, missing, result: opened.result }, at);
  return { accepted: true, opened: true };
}

export function* declareVoid(d: TellerDeps, meetingId: string, pollId: string, by: string, reason: string): Sql<void> {
  const { poll, rows } = yield* mustAwaitOpening(d.repo, meetingId, pollId, {
    notClosed: 'Close the poll before declaring it void.',
    isVoid: 'This poll is already void.',
    opened: 'The result of this poll is already open; it cannot be declared void.',
  });
  const shared = rows.filter((r) => r.partial).map((r) => r.index);
  yield* run('UPDATE polls SET void_reason = ? WHERE id = ? AND result IS NULL', reason, pollId);
  yield* d.audit.append(meetingId, 'poll.void', { pollId, by, reason, threshold: poll.definition.tellers!.threshold, shared, missing: rows.filter((r) => !r.partial).map((r) => ({ index: r.index, userId: r.userId })) });
}
