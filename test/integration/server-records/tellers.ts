/**
 * Teller and voter devices for server tests of secret polls (issue 15): each step is what a
 * device does with shared/crypto, over the real HTTP API. The secrets stay in the test's
 * memory, as they would on the devices; the server only ever sees what is posted here.
 */
import { randomUUID } from 'node:crypto';
import { ballotContextFor, ceremonyKey, checkShare, choiceBits, combineShares, deal, decodeCiphertext, decodePoint, decryptShare, encodePoint, encodeProof, encryptBallot, encryptShare, partialDecrypt, type EncryptedBallotWire } from '../../../shared/crypto';
import type { CeremonyState } from '../../../shared/api/voting';
import type { OutboxRecord } from '../../../shared/api/outbox';
import { PollDefinition, type PollDefinitionInput } from '../../../shared/ydoc/live';
import { call } from './helpers';

export interface TellerDevice {
  token: string;
  index: number;
  /** s_j: kept by the teller's device only. */
  share: bigint;
}

const base = (meetingId: string, pollId: string) => `/api/meetings/${meetingId}/polls/${pollId}`;

export async function ceremonyState(url: string, meetingId: string, pollId: string, token: string): Promise<CeremonyState> {
  const r = await call<CeremonyState>(url, 'GET', `${base(meetingId, pollId)}/ceremony`, token);
  if (r.status !== 200) throw new Error(`ceremony: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function ok(p: Promise<{ status: number; body: unknown }>, what: string): Promise<unknown> {
  const r = await p;
  if (r.status !== 200) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Runs the whole ceremony with every teller's device; returns each teller's secret share. */
export async function runCeremony(url: string, meetingId: string, pollId: string, tokens: readonly string[]): Promise<TellerDevice[]> {
  const st = await Promise.all(tokens.map((tk) => ceremonyState(url, meetingId, pollId, tk)));
  const n = st[0]!.tellers.length;
  const t = st[0]!.threshold;
  const devices = st.map((s, i) => ({ token: tokens[i]!, index: s.myIndex!, key: ceremonyKey(pollId, s.myIndex!) }));
  for (const d of devices) {
    await ok(call(url, 'POST', `${base(meetingId, pollId)}/ceremony/key`, d.token, { publicKey: encodePoint(d.key.publicKey), proof: encodeProof(d.key.proof) }), 'key');
  }
  const keys = (await ceremonyState(url, meetingId, pollId, tokens[0]!)).tellers;
  for (const d of devices) {
    const dealing = deal(pollId, d.index, t, n);
    const shares = keys.filter((k) => k.index !== d.index).map((k) => ({ to: k.index, box: encryptShare(pollId, d.index, k.index, decodePoint(k.publicKey, 'k'), dealing.shares.get(k.index)!) }));
    Object.assign(d, { own: dealing.shares.get(d.index)! });
    await ok(
      call(url, 'POST', `${base(meetingId, pollId)}/ceremony/dealing`, d.token, { commitments: dealing.commitments.map(encodePoint), proofs: dealing.proofs.map(encodeProof), shares }),
      'dealing',
    );
  }
  const out: TellerDevice[] = [];
  for (const d of devices) {
    const s = await ceremonyState(url, meetingId, pollId, d.token);
    const received = s.myShares.map((b) => {
      const dealer = s.tellers.find((x) => x.index === b.from)!;
      const value = decryptShare(pollId, b.from, d.index, d.key.secret, b.box);
      if (!checkShare(dealer.commitments!.map((c) => decodePoint(c, 'c')), d.index, value)) throw new Error(`bad share from ${b.from}`);
      return value;
    });
    const share = combineShares([...received, (d as unknown as { own: bigint }).own]);
    await ok(call(url, 'POST', `${base(meetingId, pollId)}/ceremony/confirm`, d.token, { ok: true }), 'confirm');
    out.push({ token: d.token, index: d.index, share });
  }
  return out;
}

/** What a voter's device sends for a secret poll: the choices encrypted, with proofs. */
export function encryptedBallot(meetingId: string, pollId: string, def: PollDefinitionInput, publicKey: string, choices: string[]): { encrypted: EncryptedBallotWire; tracker: string } {
  const d = PollDefinition.parse(def);
  const { ballot, tracker } = encryptBallot(ballotContextFor(meetingId, pollId, d, decodePoint(publicKey, 'publicKey')), choiceBits(d, choices));
  return { encrypted: ballot, tracker };
}

export function secretBallotRecord(pollId: string, encrypted: EncryptedBallotWire, key: string = randomUUID()): OutboxRecord {
  return { key: key as OutboxRecord['key'], kind: 'ballot', payload: { pollId, encrypted } };
}

/** A teller's device opening its part of the sealed totals. */
export async function sendPartial(url: string, meetingId: string, pollId: string, teller: TellerDevice, tamper = false) {
  const s = await ceremonyState(url, meetingId, pollId, teller.token);
  const totals = s.encryptedTotals!.map((c, i) => decodeCiphertext(c, `totals.${i}`, true));
  const p = partialDecrypt(pollId, teller.index, tamper ? teller.share + 1n : teller.share, totals);
  return call<{ opened: boolean } & { error?: { message: string } }>(url, 'POST', `${base(meetingId, pollId)}/partial`, teller.token, {
    shares: p.shares.map((x) => encodePoint(x)),
    proofs: p.proofs.map((x) => encodeProof(x)),
  });
}
