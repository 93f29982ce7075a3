/**
 * Secret ballots on the device (issue 15). A voter's device encrypts the choice to the
 * poll's public key and proves it valid BEFORE the record enters the outbox, so the outbox
 * row (the only place the ballot is kept) holds ciphertexts and proofs, never the choice.
 */
import { openStored, sealText } from './at-rest';
import type Database from 'better-sqlite3';
import {
  ballotContextFor,
  ceremonyKey,
  checkShare,
  choiceBits,
  combineShares,
  deal,
  decodeCiphertext,
  decodePoint,
  decodeScalar,
  decryptShare,
  encodePoint,
  encodeProof,
  encodeScalar,
  encryptBallot,
  encryptShare,
  mulG,
  partialDecrypt,
  proveCeremonyKey,
  trackerOfWire,
} from '../../shared/crypto';
import type { TellerStatus } from '../../shared/contract';
import { verifyPollEvidence, type EvidenceInput, type VerifyReport } from '../../shared/crypto';
import { WorkerPool } from '../../node/worker-pool';
import { ApiError } from '../../shared/errors';
import type { CeremonyState, EncryptedBallot } from '../../shared/api/voting';
import type { CeremonyStepBody } from './server-client';
import type { PollView } from '../../shared/ydoc/live';

/** The tracker shown on the voter's receipt: a hash of the encrypted ballot as sent. */
export function ballotTrackerOf(pollId: string, encrypted: EncryptedBallot): string | null {
  try {
    return trackerOfWire(pollId, encrypted.ciphertexts);
  } catch {
    return null;
  }
}

/** Encrypts a voter's (already checked) choices for a secret poll, with the proofs the server checks. */
export function encryptForPoll(meetingId: string, poll: PollView, choices: readonly string[]): { encrypted: EncryptedBallot; tracker: string } {
  if (!poll.publicKey) throw new ApiError('conflict', "This secret poll's key has not reached this device yet. Wait a moment and try again.");
  const ctx = ballotContextFor(meetingId, poll.id, poll.definition, decodePoint(poll.publicKey, 'publicKey'));
  if (new Set(choices).size !== choices.length) throw new ApiError('invalid_input', 'An option is chosen more than once.');
  const bits = choiceBits(poll.definition, choices);
  const weights = ctx.weights ?? bits.map(() => 1);
  const sum = bits.reduce((s, b, i) => s + (b ? weights[i]! : 0), 0);
  if (!ctx.allowedCounts.includes(sum)) {
    const d = poll.definition;
    throw new ApiError('invalid_input', d.kind === 'approve' ? 'Choose one answer: yes, no or abstain.' : d.kind === 'single' ? 'Choose at most 1.' : `Choose between ${Math.max(1, d.minChoices)} and ${d.maxChoices}, or none.`);
  }
  const { ballot, tracker } = encryptBallot(ctx, bits);
  return { encrypted: ballot, tracker };
}

// -- the teller's device ------------------------------------------------------------------

/**
 * What a teller's device keeps for one poll, in a table of its own. The ceremony secret
 * (for opening the shares sent to it) and, once the ceremony is done, its secret share of
 * the poll key: with `threshold` of these, anyone could decrypt every ballot of the poll,
 * so the row is deleted as soon as the result is open. (At-rest encryption of this table
 * belongs with the device's sealed storage: see the issue-15 report.)
 */
const tellerTable = `
  CREATE TABLE IF NOT EXISTS teller_secrets (
    server_url TEXT NOT NULL,
    user_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    poll_id TEXT NOT NULL,
    idx INTEGER NOT NULL,
    ceremony_secret TEXT,
    dealing TEXT,
    own_share TEXT,
    secret_share TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (server_url, user_id, poll_id)
  ) WITHOUT ROWID`;

interface SecretRow {
  idx: number;
  ceremony_secret: string | null;
  dealing: string | null;
  own_share: string | null;
  secret_share: string | null;
}

export interface TellerOwner {
  serverUrl: string;
  userId: string;
}

/** The server calls the teller's device makes; the core passes ServerClient methods bound to a token. */
export interface TellerServer {
  ceremony(): Promise<CeremonyState>;
  step<S extends keyof CeremonyStepBody>(step: S, body: CeremonyStepBody[S]): Promise<unknown>;
  partial(body: { shares: string[]; proofs: string[] }): Promise<unknown>;
}

/**
 * The scalars a teller holds are sealed with the device's key (at-rest.ts): a copy of the
 * device's database alone gives no share of any poll's key.
 */
export class TellerStore {
  constructor(
    private readonly db: Database.Database,
    private readonly key: Buffer,
  ) {
    db.exec(tellerTable);
  }

  get(o: TellerOwner, pollId: string): SecretRow | null {
    const row = this.db.prepare('SELECT idx, ceremony_secret, dealing, own_share, secret_share FROM teller_secrets WHERE server_url = ? AND user_id = ? AND poll_id = ?').get(o.serverUrl, o.userId, pollId) as SecretRow | undefined;
    if (!row) return null;
    const open = (v: string | null) => openStored(this.key, v, "A teller's key share");
    return { ...row, ceremony_secret: open(row.ceremony_secret), own_share: open(row.own_share), secret_share: open(row.secret_share) };
  }

  private seal(x: bigint): string {
    return sealText(this.key, encodeScalar(x));
  }

  /** Written with synchronous=FULL: a share lost to a power cut would leave the poll one teller short. */
  private durable(fn: () => void): void {
    this.db.pragma('synchronous = FULL');
    try {
      this.db.transaction(fn)();
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
  }

  insert(o: TellerOwner, meetingId: string, pollId: string, idx: number, ceremonySecret: bigint): void {
    this.durable(() => {
      this.db.prepare('INSERT INTO teller_secrets (server_url, user_id, meeting_id, poll_id, idx, ceremony_secret, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(o.serverUrl, o.userId, meetingId, pollId, idx, this.seal(ceremonySecret), new Date().toISOString());
    });
  }

  setDealing(o: TellerOwner, pollId: string, dealing: string, ownShare: bigint): void {
    this.durable(() => {
      this.db.prepare('UPDATE teller_secrets SET dealing = ?, own_share = ? WHERE server_url = ? AND user_id = ? AND poll_id = ?').run(dealing, this.seal(ownShare), o.serverUrl, o.userId, pollId);
    });
  }

  /** Keeps s_j and forgets what made it: the ceremony secret and the dealer's own share. */
  setShare(o: TellerOwner, pollId: string, share: bigint): void {
    this.durable(() => {
      this.db.prepare('UPDATE teller_secrets SET secret_share = ?, ceremony_secret = NULL, own_share = NULL WHERE server_url = ? AND user_id = ? AND poll_id = ?').run(this.seal(share), o.serverUrl, o.userId, pollId);
    });
  }

  forget(o: TellerOwner, pollId: string): void {
    this.durable(() => {
      this.db.prepare('DELETE FROM teller_secrets WHERE server_url = ? AND user_id = ? AND poll_id = ?').run(o.serverUrl, o.userId, pollId);
    });
  }
}

function nextStep(state: CeremonyState, row: SecretRow | null): TellerStatus['next'] {
  const me = state.tellers.find((t) => t.index === state.myIndex);
  if (!me) return 'not_teller';
  if (state.status === 'opened' || state.status === 'void') return 'opened';
  if (state.status === 'awaiting') return me.partial ? 'opened' : row?.secret_share ? 'open' : 'failed';
  if (state.tellers.some((t) => t.complaint)) return 'failed';
  if (state.publicKey) return row?.secret_share ? 'done' : 'failed';
  if (!me.publicKey) return 'key';
  if (state.tellers.some((t) => !t.publicKey)) return 'wait_keys';
  if (!me.commitments) return 'deal';
  if (state.tellers.some((t) => !t.commitments)) return 'wait_dealings';
  if (!me.confirmed) return 'check';
  return 'done';
}

export function tellerStatus(state: CeremonyState, row: SecretRow | null): TellerStatus {
  return { ceremony: state, next: nextStep(state, row), holdsShare: !!row?.secret_share };
}

/**
 * Takes the ceremony step that is due for this device, if any, and returns where things
 * stand. Safe to call again at any time: each step is stored before it is sent, and a resend
 * of the same key or dealing is accepted by the server as a retry.
 */
export async function takeCeremonyStep(store: TellerStore, o: TellerOwner, meetingId: string, pollId: string, server: TellerServer): Promise<TellerStatus> {
  let state = await server.ceremony();
  if (state.myIndex === null) throw new ApiError('forbidden', 'You are not one of the tellers of this poll.');
  const index = state.myIndex;
  let row = store.get(o, pollId);
  const next = nextStep(state, row);
  if (next === 'key') {
    if (!row) {
      const k = ceremonyKey(pollId, index);
      store.insert(o, meetingId, pollId, index, k.secret);
      row = store.get(o, pollId);
    }
    const secret = decodeScalar(row!.ceremony_secret, 'ceremony secret');
    // The proof is made afresh from the stored secret: a retry sends the same key.
    const k = { publicKey: mulG(secret), proof: proveCeremonyKey(pollId, index, secret) };
    await server.step('key', { publicKey: encodePoint(k.publicKey), proof: encodeProof(k.proof) });
  } else if (next === 'deal') {
    if (!row?.ceremony_secret) throw new ApiError('conflict', "This device does not hold its ceremony key for this poll (was it registered from another device?). Ask the chair to restart the key ceremony.");
    if (!row.dealing) {
      const d = deal(pollId, index, state.threshold, state.tellers.length);
      const shares = state.tellers.filter((t) => t.index !== index).map((t) => ({ to: t.index, box: encryptShare(pollId, index, t.index, decodePoint(t.publicKey, `teller ${t.index} key`), d.shares.get(t.index)!) }));
      const body = { commitments: d.commitments.map(encodePoint), proofs: d.proofs.map(encodeProof), shares };
      store.setDealing(o, pollId, JSON.stringify(body), d.shares.get(index)!);
      row = store.get(o, pollId);
    }
    await server.step('dealing', JSON.parse(row!.dealing!));
  } else if (next === 'check') {
    if (!row?.ceremony_secret || !row.own_share) throw new ApiError('conflict', 'This device does not hold its part of this ceremony. Ask the chair to restart the key ceremony.');
    const secret = decodeScalar(row.ceremony_secret, 'ceremony secret');
    const received: bigint[] = [];
    for (const box of state.myShares) {
      const dealer = state.tellers.find((t) => t.index === box.from);
      let ok = false;
      try {
        const value = decryptShare(pollId, box.from, index, secret, box.box);
        ok = !!dealer?.commitments && checkShare(dealer.commitments.map((c) => decodePoint(c, 'commitment')), index, value);
        if (ok) received.push(value);
      } catch {
        ok = false;
      }
      if (!ok) {
        await server.step('confirm', { ok: false, dealer: box.from, reason: `The share from teller ${box.from} does not match its published commitments.` });
        return tellerStatus(await server.ceremony(), store.get(o, pollId));
      }
    }
    if (received.length !== state.tellers.length - 1) throw new ApiError('conflict', 'Not every share addressed to this device has arrived yet. Try again in a moment.');
    store.setShare(o, pollId, combineShares([...received, decodeScalar(row.own_share, 'own share')]));
    await server.step('confirm', { ok: true });
  }
  state = await server.ceremony();
  return tellerStatus(state, store.get(o, pollId));
}

/** Sends this teller's partial decryption of the sealed totals; forgets the share once the result is open. */
export async function openWithShare(store: TellerStore, o: TellerOwner, pollId: string, server: TellerServer): Promise<{ opened: boolean }> {
  const state = await server.ceremony();
  if (state.myIndex === null) throw new ApiError('forbidden', 'You are not one of the tellers of this poll.');
  const row = store.get(o, pollId);
  if (!row?.secret_share) throw new ApiError('conflict', "This device does not hold a share of this poll's key.");
  if (!state.encryptedTotals) throw new ApiError('conflict', 'The poll is not closed yet: there is nothing to open.');
  if (state.status === 'opened' || state.status === 'void') {
    store.forget(o, pollId);
    return { opened: state.status === 'opened' };
  }
  const totals = state.encryptedTotals.map((c, i) => decodeCiphertext(c, `totals.${i}`, true));
  const p = partialDecrypt(pollId, state.myIndex, decodeScalar(row.secret_share, 'share'), totals);
  const out = (await server.partial({ shares: p.shares.map((x) => encodePoint(x)), proofs: p.proofs.map((x) => encodeProof(x)) })) as { opened?: boolean };
  if (out.opened) store.forget(o, pollId);
  return { opened: !!out.opened };
}

// -- checking a poll on the device ----------------------------------------------------------

const verifiers = new WorkerPool('poll-verify-worker', import.meta.url, 10_000, 5);

/** Checks a closed secret poll's record (downloaded from the server) in a worker thread. */
export async function verifyOnDevice(evidence: EvidenceInput): Promise<VerifyReport> {
  try {
    return await verifiers.run<VerifyReport>(evidence, { timeMs: 15 * 60_000, memoryMb: 256 });
  } catch (err) {
    // A bundle built without the worker file: check here, slower for the UI but never wrong.
    if (err instanceof Error && /missing beside/.test(err.message)) return verifyPollEvidence(evidence);
    throw err;
  }
}
