/**
 * Secret ballots through the desktop core (issue 15): three teller devices make the poll's
 * key through polls.takePart; two voters cast while the server is gone, and their outbox
 * rows hold ciphertexts only; when the server is back the receipts arrive with their
 * trackers; after the close two of the three tellers open the result from their devices;
 * a voter's device downloads the record and checks every proof itself.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { deriveKey, isSealedText, openText } from '../../../main/core/at-rest';
import { deviceKeyFileName } from '../../../main/core/device-key';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import type { TellerStatus } from '../../../shared/contract';
import { thresholds } from '../../../shared/domain/quorum';
import { waitUntil } from '../../support/temp';

const options = [
  { id: 'cand-Hq3', label: 'Nguyễn Văn An' },
  { id: 'cand-Tz8', label: 'Trần Thị Bình' },
];

describe('secret ballots through the core', () => {
  it('tellers make the key, two devices vote offline through the outbox, and two tellers open the result', async ({ device, serverWith }) => {
    const { srv, chair } = await serverWith({ chair: 'chair' });
    const tellers = await Promise.all(['delegate11', 'delegate12', 'delegate13'].map((n) => device(srv.url, n)));
    const voters = await Promise.all(['delegate01', 'delegate02'].map((n) => device(srv.url, n)));
    const definition = {
      question: 'Bầu Trưởng ban kiểm tra',
      kind: 'single' as const,
      options,
      secret: true,
      eligibility: { kind: 'all' as const },
      majority: { base: 'cast' as const, threshold: thresholds.overHalf },
      quorum: null,
      tellers: { userIds: tellers.map((t) => t.view().me), threshold: 2 },
    };
    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition });

    // A delegate who is not a teller is told so.
    const notTeller = await voters[0]!.core.api.polls.takePart({ meetingId: voters[0]!.meetingId, pollId }).catch((e) => e);
    expect(notTeller.code).toBe('forbidden');
    // Each teller device takes the step due whenever it is asked, until the key is made.
    const statuses = new Map<number, TellerStatus>();
    for (let round = 0; round < 6 && ![0, 1, 2].every((i) => statuses.get(i)?.next === 'done'); round++) {
      for (const [i, t] of tellers.entries()) statuses.set(i, await t.core.api.polls.takePart({ meetingId: t.meetingId, pollId }));
    }
    expect([...statuses.values()].map((s) => s.next)).toEqual(['done', 'done', 'done']);
    expect([...statuses.values()].every((s) => s.holdsShare)).toBe(true);
    // A teller's share is kept sealed with the device's key: the database alone holds no scalar.
    for (const t of tellers) {
      const db = new Database(path.join(t.dataDir, 'opencabinet.sqlite'), { readonly: true });
      const shares = db.prepare('SELECT secret_share FROM teller_secrets').all() as { secret_share: string }[];
      db.close();
      expect(shares.length).toBe(1);
      for (const s of shares) expect(s.secret_share.startsWith('ocs1:')).toBe(true);
    }
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    for (const v of voters) await waitUntil(() => v.view().polls.find((p) => p.id === pollId && p.status === 'open' && p.publicKey), 'the open poll with its key');

    await srv.close();
    for (const v of voters) await waitUntil(async () => (await v.core.api.sync.status()).state === 'offline', 'offline');
    // A choice out of bounds is refused on the device, before anything is stored.
    const two = await voters[0]!.core.api.polls.cast({ meetingId: voters[0]!.meetingId, pollId, choices: ['cand-Hq3', 'cand-Tz8'] }).catch((e) => e);
    expect(two.code).toBe('invalid_input');
    const cast = [
      await voters[0]!.core.api.polls.cast({ meetingId: voters[0]!.meetingId, pollId, choices: ['cand-Tz8'] }),
      await voters[1]!.core.api.polls.cast({ meetingId: voters[1]!.meetingId, pollId, choices: ['cand-Tz8'] }),
    ];
    for (const c of cast) {
      expect(c).toMatchObject({ state: 'pending', choices: [] });
      expect(c.tracker).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    // The outbox row — the only place the ballot is kept — holds ciphertexts and proofs, no choice.
    for (const v of voters) {
      const db = new Database(path.join(v.dataDir, 'opencabinet.sqlite'), { readonly: true });
      const rows = db.prepare("SELECT payload_json FROM outbox WHERE kind = 'ballot'").all() as { payload_json: string }[];
      db.close();
      expect(rows).toHaveLength(1);
      // The row is sealed at rest too; opened here with the device key, as the core does.
      const deviceKey = Buffer.from(readFileSync(path.join(v.dataDir, deviceKeyFileName), 'utf8').trim(), 'base64');
      const raw = rows[0]!.payload_json;
      const text = isSealedText(raw) ? openText(deriveKey(deviceKey, 'records'), raw) : raw;
      const payload = JSON.parse(text) as Record<string, unknown>;
      expect(Object.keys(payload).sort()).toEqual(['encrypted', 'pollId']);
      for (const o of options) expect(text).not.toContain(o.id);
    }

    await srv.startAgain();
    for (const [i, v] of voters.entries()) {
      const sent = await waitUntil(() => (v.view().myBallots[pollId]?.state === 'sent' ? v.view().myBallots[pollId] : null), 'the receipt', { timeoutMs: 20_000 });
      expect(sent.receipt).toBeTruthy();
      expect(sent.tracker).toBe(cast[i]!.tracker);
    }
    await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.votedCount === 2, 'the count', { timeoutMs: 20_000 });
    await chair.core.api.polls.close({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => tellers[0]!.view().polls.find((p) => p.id === pollId)?.tally?.state === 'awaiting', 'the sealed totals on a teller device');

    // The third teller is away; the first two open the result.
    expect(await tellers[0]!.core.api.polls.openResult({ meetingId: tellers[0]!.meetingId, pollId })).toEqual({ opened: false });
    expect(await tellers[2]!.core.api.polls.openResult({ meetingId: tellers[2]!.meetingId, pollId })).toEqual({ opened: true });
    const poll = await waitUntil(() => chair.view().polls.find((p) => p.id === pollId && p.result), 'the result');
    expect(poll.result).toMatchObject({ cast: 2, counts: { 'cand-Hq3': 0, 'cand-Tz8': 2 }, elected: ['cand-Tz8'] });
    expect(poll.tally?.tellers.filter((t) => t.step !== 'shared').map((t) => t.userId)).toEqual([tellers[1]!.view().me]);
    // The device that opened the result no longer keeps its share of the key.
    expect((await tellers[2]!.core.api.polls.ceremony({ meetingId: tellers[2]!.meetingId, pollId })).holdsShare).toBe(false);

    // A voter's device checks the whole record itself and finds its own tracker in it.
    const check = await voters[0]!.core.api.polls.verify({ meetingId: voters[0]!.meetingId, pollId });
    expect(check).toMatchObject({ ok: true, problems: [], ballots: 2, counts: { 'cand-Hq3': 0, 'cand-Tz8': 2 }, missing: [2] });
    expect(check.trackers).toContain(cast[0]!.tracker);
  });
});
