/**
 * The attacker of issue 15. Before, a copy of the server's files (database, -wal, -shm)
 * paired every voter of a 50-voter secret poll with their choice. Here 50 voters cast one
 * at a time and the whole data folder is copied after every single ballot, while an
 * observer records `live/<id>`. From all of it the attacker tries to learn who chose what:
 *  - every row that names a voter, in every copy, holds no option id and no plaintext field;
 *  - every ballot is ciphertext of one fixed length, whatever was chosen;
 *  - the key that would decrypt them is nowhere: no 32-byte value found in any file (as
 *    base64url or hex) is the poll's secret key or a teller's share, and neither the shares
 *    nor the joint secret appear in any encoding — decrypting needs t shares the server
 *    never received;
 *  - the live document changes by the voted count only.
 * Then the tellers open the sum, and it is right.
 *
 * On PostgreSQL the copy of "everything" is the data folder plus every row of every table of
 * the server's database, written into the copy (database.json, byte columns as hex), which
 * the same searches read.
 */
import Database from 'better-sqlite3';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { decodePoint, encodeScalar, lagrangeAtZero, mod, mulG, q, scalarBytes } from '../../../shared/crypto';
import { liveDoc, readPolls, type PollDefinitionInput } from '../../../shared/ydoc/live';
import type { RunningServer } from '../../../server/app';
import type { UserRecord } from '../../../server/store/types';
import { approveDef, checkinRecord, connect, createMeeting, createPoll, createUser, mintToken, start, step, submit, tempDir, waitFor, withRecordsDb } from './helpers';
import { testStore } from '../../support/test-store';
import { encryptedBallot, runCeremony, secretBallotRecord, sendPartial, type TellerDevice } from './tellers';

const voterCount = 50;
const options = [
  { id: 'cand-Xq7', label: 'Nguyễn Văn A' },
  { id: 'cand-Mz4', label: 'Trần Thị B' },
  { id: 'cand-Pw2', label: 'Lê Văn C' },
];
const optionIds = options.map((o) => o.id);

let server: RunningServer;
let dir: string;
let snapDir: string;
let removeData: () => Promise<void>;
let removeSnaps: () => Promise<void>;
let meetingId: string;
let pollId: string;
let publicKey: string;
let tellers: TellerDevice[];
const u: Record<string, UserRecord> = {};
const tk: Record<string, string> = {};
const voters = Array.from({ length: voterCount }, (_, i) => `a${i}`);
const truth = new Map<string, string>();
const liveStates: Record<string, unknown>[] = [];

const def: () => PollDefinitionInput = () =>
  approveDef({ kind: 'single', options, secret: true, eligibility: { kind: 'all' }, tellers: { userIds: ['t1', 't2', 't3'].map((n) => u[n]!.id), threshold: 2 } });

type Tables = Record<string, Record<string, unknown>[]>;

/** Every row of every table of the server's PostgreSQL database, as an attacker's dump would hold them. */
async function dumpDatabase(): Promise<Tables> {
  return withRecordsDb(dir, async (db) => {
    const out: Tables = {};
    for (const table of await db.tables()) {
      out[table] = (await db.all<Record<string, unknown>>(`SELECT * FROM "${table}"`)).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v])),
      );
    }
    return out;
  });
}

/** The tables of a copy: its SQLite file (opened read-write, so SQLite replays the copied -wal into it, as an attacker's would), or its dump. */
async function tablesOf(snap: string): Promise<Tables> {
  if (testStore !== 'sqlite') return JSON.parse(await readFile(path.join(snap, 'database.json'), 'utf8')) as Tables;
  const db = new Database(path.join(snap, 'server.sqlite'));
  try {
    const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(names.map((table) => [table, db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]]));
  } finally {
    db.close();
  }
}

async function filesUnder(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { withFileTypes: true })) {
    const p = path.join(root, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  ({ dir, remove: removeData } = await tempDir());
  ({ dir: snapDir, remove: removeSnaps } = await tempDir());
  server = await start(dir);
  for (const name of ['sec', 'chair', 't1', 't2', 't3', ...voters]) {
    u[name] = await createUser(server.store, `atk-${name}`);
    tk[name] = await mintToken(server.store, u[name]!.id);
  }
  meetingId = await createMeeting(server.store, [[u.sec!, 'secretariat'], [u.chair!, 'chair'], ...['t1', 't2', 't3', ...voters].map((n) => [u[n]!, 'delegate'] as [UserRecord, 'delegate'])]);
  await submit(server.url, meetingId, tk.sec!, voters.map((n) => checkinRecord(u[n]!.id)));
  pollId = await createPoll(server.url, meetingId, tk.chair!, def());
  tellers = await runCeremony(server.url, meetingId, pollId, ['t1', 't2', 't3'].map((n) => tk[n]!));
  expect((await step(server.url, meetingId, tk.chair!, pollId, 'open')).status).toBe(200);
  publicKey = (await server.docs.read(`live/${meetingId}`, (doc) => readPolls(doc).find((p) => p.id === pollId)!.publicKey))!;
}, 120_000);

afterAll(async () => {
  await server.close();
  await removeData();
  await removeSnaps();
});

describe('an attacker with a copy of the data folder after every ballot', () => {
  it('casts 50 secret ballots one at a time, copying everything after each, while an observer watches live/<id>', async () => {
    const observer = connect(server.url, `live/${meetingId}`, tk.a0!);
    await observer.synced;
    const pollMap = () => {
      const m = liveDoc.polls(observer.doc).get(pollId) as Y.Map<unknown>;
      return Object.fromEntries([...m.entries()]) as Record<string, unknown>;
    };
    try {
      for (const [i, v] of voters.entries()) {
        const choice = optionIds[(i * 7 + 3) % 3]!; // a fixed, uneven-looking spread
        truth.set(u[v]!.id, choice);
        const { encrypted } = encryptedBallot(meetingId, pollId, def(), publicKey, [choice]);
        expect((await submit(server.url, meetingId, tk[v]!, [secretBallotRecord(pollId, encrypted)]))[0]!.ok).toBe(true);
        const snap = path.join(snapDir, String(i).padStart(2, '0'));
        await cp(dir, snap, { recursive: true });
        if (testStore !== 'sqlite') await writeFile(path.join(snap, 'database.json'), JSON.stringify(await dumpDatabase()));
        await waitFor(() => pollMap().votedCount === i + 1, 10_000, 'the count in live');
        liveStates.push(pollMap());
      }
    } finally {
      observer.destroy();
    }
    expect((await readdir(snapDir)).length).toBe(voterCount);
  }, 300_000);

  it('finds no row that names a voter beside a plaintext choice, in any copy', async () => {
    const voterIds = new Set(voters.map((v) => u[v]!.id));
    for (const snap of (await readdir(snapDir)).sort()) {
      const tables = await tablesOf(path.join(snapDir, snap));
      expect(tables.encrypted_ballots).toBeDefined();
      expect(Object.keys(tables)).not.toContain('secret_choices');
      for (const [table, rows] of Object.entries(tables)) {
        for (const row of rows) {
          const text = JSON.stringify(row);
          const names = [...voterIds].filter((id) => text.includes(id));
          if (!names.length) continue;
          for (const o of optionIds) expect(text, `${snap}/${table}`).not.toContain(o);
        }
      }
      expect(tables.encrypted_ballots!.filter((b) => b.poll_id === pollId)).toHaveLength(Number(snap) + 1);
    }
  }, 120_000);

  it('sees ballots of one fixed length whatever was chosen, so not even their size says anything', async () => {
    const tables = await tablesOf(path.join(snapDir, String(voterCount - 1)));
    const rows = tables.encrypted_ballots!.filter((b) => b.poll_id === pollId).map((b) => ({ user_id: b.user_id as string, n: (b.ballot as string).length }));
    expect(rows).toHaveLength(voterCount);
    expect(new Set(rows.map((r) => r.n)).size).toBe(1);
    // Grouped by the true choice, the lengths are the same: no feature separates them.
    const byChoice = new Map<string, Set<number>>();
    for (const r of rows) byChoice.set(truth.get(r.user_id)!, (byChoice.get(truth.get(r.user_id)!) ?? new Set()).add(r.n));
    expect([...byChoice.values()].every((s) => s.size === 1)).toBe(true);
  });

  it('finds neither the decryption key nor any teller share in any file of any copy', async () => {
    // The joint secret, computed here only because the test holds two tellers' devices.
    const secret = mod(tellers.slice(0, 2).reduce((s, t) => s + lagrangeAtZero([tellers[0]!.index, tellers[1]!.index], t.index) * t.share, 0n));
    expect(mulG(secret).equals(decodePoint(publicKey, 'k'))).toBe(true);
    const secrets = [secret, ...tellers.map((t) => t.share)];
    const needles: Buffer[] = secrets.flatMap((s) => {
      const le = Buffer.from(scalarBytes(s));
      return [le, Buffer.from(le).reverse(), Buffer.from(encodeScalar(s)), Buffer.from(le.toString('hex')), Buffer.from(Buffer.from(le).reverse().toString('hex')), Buffer.from(s.toString(10))];
    });
    const K = decodePoint(publicKey, 'k');
    /** What the attacker finds under a folder: needles seen, and candidate values that are the key. */
    const attack = async (root: string) => {
      const candidates = new Set<string>();
      let bytesScanned = 0;
      let needlesFound = 0;
      for (const file of await filesUnder(root)) {
        if ((await stat(file)).size === 0) continue;
        const data = await readFile(file);
        bytesScanned += data.length;
        needlesFound += needles.filter((n) => data.includes(n)).length;
        // Every 32-byte value spelled as base64url or hex anywhere in the file.
        const text = data.toString('latin1');
        for (const m of text.matchAll(/(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g)) candidates.add(Buffer.from(m[0], 'base64url').toString('hex'));
        for (const m of text.matchAll(/(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/g)) candidates.add(m[0]);
      }
      // Each tried as a key, little- and big-endian: the key is the one whose multiple of G is the public key.
      let keys = 0;
      for (const hex of candidates) {
        const le = Buffer.from(hex, 'hex');
        if (le.length !== 32) continue;
        for (const x of [bytesToNumberLE(le), bytesToNumberLE(Buffer.from(le).reverse())]) if (x !== 0n && x < q && mulG(x).equals(K)) keys++;
      }
      return { bytesScanned, needlesFound, candidates: candidates.size, keys };
    };
    const found = await attack(snapDir);
    expect(found.bytesScanned).toBeGreaterThan(100_000);
    expect(found.candidates).toBeGreaterThan(10);
    expect(found).toMatchObject({ needlesFound: 0, keys: 0 });
    // The attack does find a key that is there (so its "nothing found" above means something).
    const control = await tempDir();
    try {
      await writeFile(path.join(control.dir, 'leak.json'), JSON.stringify({ note: 'x', key: encodeScalar(secret) }));
      expect(await attack(control.dir)).toMatchObject({ keys: 1 });
    } finally {
      await control.remove();
    }
  }, 300_000);

  it('the live document changed by the voted count only', () => {
    for (let i = 1; i < liveStates.length; i++) {
      const changed = Object.keys(liveStates[i]!).filter((k) => JSON.stringify(liveStates[i]![k]) !== JSON.stringify(liveStates[i - 1]![k]));
      expect(changed).toEqual(['votedCount']);
    }
  });

  it('and the tellers, two of three, open the right totals', async () => {
    await step(server.url, meetingId, tk.chair!, pollId, 'close');
    await sendPartial(server.url, meetingId, pollId, tellers[0]!);
    expect((await sendPartial(server.url, meetingId, pollId, tellers[2]!)).body).toEqual({ opened: true });
    const result = await server.docs.read(`live/${meetingId}`, (doc) => readPolls(doc).find((p) => p.id === pollId)!.result);
    const expected = Object.fromEntries(optionIds.map((o) => [o, [...truth.values()].filter((c) => c === o).length]));
    expect(result?.counts).toEqual(expected);
  });
});


