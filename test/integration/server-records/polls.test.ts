/**
 * Polls against the real server: lifecycle, ballot validation, double and late votes,
 * eligibility, show of hands, results equal to tally() of what is stored, and secret
 * ballot storage inspected in the SQLite file itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tally, type TallyResult } from '../../../shared/domain/tally';
import type { PollDefinitionInput } from '../../../shared/ydoc/live';
import { PollDefinition, readPolls } from '../../../shared/ydoc/live';
import { addAgendaItem } from '../../../shared/ydoc/meeting';
import type { OutboxRecord, RecordReceipt } from '../../../shared/api/outbox';
import { ceremonyState, encryptedBallot, runCeremony, secretBallotRecord, sendPartial } from './tellers';
import { approveDef, ballotRecord, call, checkinRecord, connect, createPoll, hhmm, overHalf, sleep, step, submit, waitFor, serverWithMeeting, openRecordsDb, pollStatus, withRecordsDb } from './helpers';

const delegates = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'];
const suite = serverWithMeeting('poll', { sec: 'secretariat', chair: 'chair', vice: 'vice_chair', ...Object.fromEntries(delegates.map((d) => [d, 'delegate' as const])) });
const { u, t } = suite;

beforeAll(async () => {
  await suite.server.docs.transact(`meeting/${suite.meetingId}`, (doc) => addAgendaItem(doc, { id: 'item-1', title: 'Nghị quyết', parentId: null, order: 1 }));
  // Everyone present except d6.
  const marks = ['chair', 'vice', 'd1', 'd2', 'd3', 'd4', 'd5'].map((n) => checkinRecord(u[n]!.id));
  expect((await submit(suite.server.url, suite.meetingId, t.sec!, [...marks, checkinRecord(u.d6!.id, 'absent')])).every((r) => r.ok)).toBe(true);
});

const vote = async (who: string, pollId: string, choices: string[], key?: string): Promise<RecordReceipt> =>
  (await submit(suite.server.url, suite.meetingId, t[who]!, [ballotRecord(pollId, choices, key)]))[0]!;
const refusedWith = (r: RecordReceipt) => (r.ok ? null : r.error);
const open = (def: PollDefinitionInput, who = 'chair') =>
  createPoll(suite.server.url, suite.meetingId, t[who]!, def).then(async (id) => {
    expect((await step(suite.server.url, suite.meetingId, t[who]!, id, 'open')).status).toBe(200);
    return id;
  });
/** tally() over exactly what the database holds for a poll. */
async function tallyFromDb(pollId: string, result: TallyResult): Promise<TallyResult> {
  const { definition, choices } = await withRecordsDb(suite.dir, async (d) => ({
    definition: (await d.value<string>('SELECT definition FROM polls WHERE id = ?', pollId))!,
    choices: await d.all<{ choices: string }>('SELECT choices FROM named_ballots WHERE poll_id = ?', pollId),
  }));
  const def = PollDefinition.parse(JSON.parse(definition));
  const ballots = choices.map((r) => JSON.parse(r.choices) as string[]);
  return tally({
    kind: def.kind,
    optionIds: def.kind === 'approve' ? ['yes', 'no', 'abstain'] : def.options.map((o) => o.id),
    seats: def.seats,
    majority: def.majority,
    quorumRule: def.quorum,
    ballots,
    eligible: result.eligible,
    present: result.present,
    members: 8,
  });
}

describe('poll lifecycle', () => {
  it('is run by the chair, vice chair or secretariat; a delegate gets 403', async () => {
    const r = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls`, t.d1!, { definition: approveDef() });
    expect(r.status).toBe(403);
    expect((r.body as { error: { message: string } }).error.message).toBe('Only the chair, a vice chair or the secretariat of this meeting can prepare polls.');
    for (const who of ['chair', 'vice', 'sec']) await createPoll(suite.server.url, suite.meetingId, t[who]!, approveDef());
  });

  it('refuses a bad definition or agenda item with 400 naming the field', async () => {
    const noQuestion = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls`, t.chair!, { definition: approveDef({ question: '' }) });
    expect(noQuestion.status).toBe(400);
    expect((noQuestion.body as { error: { message: string } }).error.message).toContain('definition.question');
    const oneOption = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls`, t.chair!, {
      definition: approveDef({ kind: 'single', options: [{ id: 'a', label: 'A' }] }),
    });
    expect((oneOption.body as { error: { message: string } }).error.message).toContain('definition.options');
    const noItem = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls`, t.chair!, { agendaItemId: 'nope', definition: approveDef() });
    expect(noItem.status).toBe(400);
    expect((noItem.body as { error: { message: string } }).error.message).toContain('agendaItemId');
    expect(await createPoll(suite.server.url, suite.meetingId, t.chair!, approveDef(), 'item-1')).toBeTruthy();
  });

  it('goes draft → open → closed → published, refuses every other step with 409, and logs each one', async () => {
    const live = connect(suite.server.url, `live/${suite.meetingId}`, t.d1!);
    try {
      await live.synced;
      const id = await createPoll(suite.server.url, suite.meetingId, t.chair!, approveDef());
      await waitFor(() => readPolls(live.doc).some((p) => p.id === id && p.status === 'draft'), 5000, 'draft in live');
      const patched = await call(suite.server.url, 'PATCH', `/api/meetings/${suite.meetingId}/polls/${id}`, t.sec!, { agendaItemId: 'item-1', definition: approveDef({ question: 'Sửa đổi?' }) });
      expect(patched.status).toBe(200);
      expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'close')).status).toBe(409);
      expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'publish')).status).toBe(409);

      const opened = await step(suite.server.url, suite.meetingId, t.chair!, id, 'open');
      expect(opened.body).toMatchObject({ status: 'open', eligibleCount: 8, closesAt: null });
      const again = await step(suite.server.url, suite.meetingId, t.chair!, id, 'open');
      expect(again.status).toBe(409);
      expect((again.body as { error: { message: string } }).error.message).toBe('This poll is already open.');
      expect((await call(suite.server.url, 'PATCH', `/api/meetings/${suite.meetingId}/polls/${id}`, t.chair!, { definition: approveDef() })).status).toBe(409);
      expect((await call(suite.server.url, 'DELETE', `/api/meetings/${suite.meetingId}/polls/${id}`, t.chair!)).status).toBe(409);
      expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'publish')).status).toBe(409);
      await waitFor(() => readPolls(live.doc).find((p) => p.id === id)?.status === 'open', 5000, 'open in live');
      expect(readPolls(live.doc).find((p) => p.id === id)!.definition.question).toBe('Sửa đổi?');

      expect((await vote('d1', id, ['yes'])).ok).toBe(true);
      expect((await vote('d2', id, ['no'])).ok).toBe(true);
      await waitFor(() => readPolls(live.doc).find((p) => p.id === id)?.votedCount === 2, 5000, 'votedCount 2');

      const closed = await step(suite.server.url, suite.meetingId, t.vice!, id, 'close');
      expect(closed.status).toBe(200);
      expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'close')).status).toBe(409);
      expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'open')).status).toBe(409);
      const published = await step(suite.server.url, suite.meetingId, t.sec!, id, 'publish');
      expect(published.body).toMatchObject({ status: 'published', publishedAt: expect.any(String) });
      expect((await step(suite.server.url, suite.meetingId, t.sec!, id, 'publish')).status).toBe(409);
      await waitFor(() => readPolls(live.doc).find((p) => p.id === id)?.status === 'published', 5000, 'published in live');
      const view = readPolls(live.doc).find((p) => p.id === id)!;
      expect(view.result).toMatchObject({ counts: { yes: 1, no: 1, abstain: 0 }, cast: 2, present: 7, members: 8, passed: false });

      const audit = await call<{ entries: { kind: string; data: { pollId?: string } }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d3!);
      const kinds = audit.body.entries.filter((e) => e.data.pollId === id).map((e) => e.kind);
      // Each accepted ballot is an entry of its own (issue 18): verify holds the stored ballots to them.
      expect(kinds).toEqual(['poll.created', 'poll.updated', 'poll.opened', 'ballot.cast', 'ballot.cast', 'poll.closed', 'attendance.snapshot', 'poll.published']);
      const snapshot = audit.body.entries.find((e) => e.kind === 'attendance.snapshot' && e.data.pollId === id)!.data as { present: number; expected: number };
      expect(snapshot).toMatchObject({ present: 7, expected: 8 });
    } finally {
      live.destroy();
    }
  });

  it('deletes drafts only', async () => {
    const id = await createPoll(suite.server.url, suite.meetingId, t.chair!, approveDef());
    expect((await call(suite.server.url, 'DELETE', `/api/meetings/${suite.meetingId}/polls/${id}`, t.d1!)).status).toBe(403);
    expect((await call(suite.server.url, 'DELETE', `/api/meetings/${suite.meetingId}/polls/${id}`, t.chair!)).status).toBe(200);
    expect((await step(suite.server.url, suite.meetingId, t.chair!, id, 'open')).status).toBe(404);
  });
});

describe('ballots', () => {
  it('validates approve, single, multiple and election ballots with a sentence', async () => {
    const approve = await open(approveDef());
    expect(refusedWith(await vote('d1', approve, ['yes', 'no']))).toEqual({ code: 'invalid_input', message: 'Choose at most 1.', reason: 'bad_choice' });
    expect(refusedWith(await vote('d1', approve, ['maybe']))).toEqual({ code: 'invalid_input', message: '«maybe» is not on this ballot.', reason: 'bad_choice' });
    expect(refusedWith(await vote('d1', approve, []))?.code).toBe('invalid_input');
    expect((await vote('d1', approve, ['abstain'])).ok).toBe(true);

    const options = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id.toUpperCase() }));
    const single = await open(approveDef({ kind: 'single', options }));
    expect(refusedWith(await vote('d1', single, ['a', 'b']))?.message).toBe('Choose at most 1.');
    expect((await vote('d1', single, [])).ok).toBe(true); // blank = abstain

    const multiple = await open(approveDef({ kind: 'multiple', options, minChoices: 2, maxChoices: 3 }));
    expect(refusedWith(await vote('d1', multiple, ['a', 'b', 'c', 'd']))?.message).toBe('Choose at most 3.');
    expect(refusedWith(await vote('d1', multiple, ['a']))?.message).toBe('Choose at least 2.');
    expect(refusedWith(await vote('d1', multiple, ['a', 'a']))?.message).toMatch(/more than once/);
    expect(refusedWith(await vote('d1', multiple, ['a', 'x']))?.message).toBe('«x» is not on this ballot.');
    expect((await vote('d1', multiple, ['a', 'c'])).ok).toBe(true);

    const election = await open(approveDef({ kind: 'election', options, seats: 2, maxChoices: 2 }));
    expect(refusedWith(await vote('d2', election, ['a', 'b', 'c']))?.message).toBe('Choose at most 2.');
    expect((await vote('d2', election, ['b', 'c'])).ok).toBe(true);
  });

  it('refuses a second ballot unless the poll allows changes, then replaces the first', async () => {
    const fixed = await open(approveDef());
    expect((await vote('d1', fixed, ['yes'])).ok).toBe(true);
    expect(refusedWith(await vote('d1', fixed, ['no']))).toEqual({ code: 'conflict', message: 'You have already voted in this poll.', reason: 'already_voted' });

    const changeable = await open(approveDef({ allowChange: true }));
    expect((await vote('d1', changeable, ['yes'])).ok).toBe(true);
    expect((await vote('d1', changeable, ['no'])).ok).toBe(true);
    const voters = await call<{ voted: string[]; choices: Record<string, string[]> }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/polls/${changeable}/voters`, t.chair!);
    expect(voters.body.voted).toEqual([u.d1!.id]);
    expect(voters.body.choices[u.d1!.id]).toEqual(['no']);
    const closed = await step(suite.server.url, suite.meetingId, t.chair!, changeable, 'close');
    expect((closed.body.result as TallyResult).counts).toEqual({ yes: 0, no: 1, abstain: 0 });
  });

  it('refuses ballots for a poll not open, after the close (naming the time) and for unknown polls', async () => {
    const draft = await createPoll(suite.server.url, suite.meetingId, t.chair!, approveDef());
    expect(refusedWith(await vote('d1', draft, ['yes']))).toEqual({ code: 'conflict', message: 'The poll is not open.', reason: 'poll_not_open' });
    const poll = await open(approveDef());
    const closed = await step(suite.server.url, suite.meetingId, t.chair!, poll, 'close');
    const late = refusedWith(await vote('d1', poll, ['yes']));
    expect(late).toEqual({
      code: 'conflict',
      message: `This ballot arrived after the poll closed at ${hhmm(closed.body.closedAt as string)}.`,
      reason: 'poll_closed',
      params: { at: closed.body.closedAt },
    });
    expect(refusedWith(await vote('d1', 'no-such-poll', ['yes']))?.code).toBe('not_found');
  });

  it('closes a written opinion poll by itself at its deadline', async () => {
    const deadline = new Date(Date.now() + 1500).toISOString();
    const poll = await open(approveDef({ mode: 'written', deadline }));
    expect((await vote('d3', poll, ['yes'])).ok).toBe(true);
    await sleep(1600);
    const late = refusedWith(await vote('d4', poll, ['yes']));
    expect(late?.message).toBe(`This ballot arrived after the poll closed at ${hhmm(deadline)}.`);
    await waitFor(async () => (await pollStatus(suite.dir, poll)) === 'closed', 5000, 'auto-closed');
    const audit = await call<{ entries: { kind: string; data: { pollId?: string; by?: string } }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d3!);
    expect(audit.body.entries.find((e) => e.kind === 'poll.closed' && e.data.pollId === poll)?.data.by).toBe('system');
  });

  it('refuses voters who are not eligible: absent, outside the group, or not voting members', async () => {
    const present = await open(approveDef({ eligibility: { kind: 'present' } }));
    expect(refusedWith(await vote('d6', present, ['yes']))).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/not checked in as present/) });
    expect(refusedWith(await vote('sec', present, ['yes']))).toMatchObject({ code: 'forbidden', message: 'You are not a voting member of this meeting.' });
    const group = await open(approveDef({ eligibility: { kind: 'group', userIds: [u.d1!.id, u.d2!.id] } }));
    expect(refusedWith(await vote('d3', group, ['yes']))?.message).toBe('You are not among those who may vote in this poll.');
    expect((await vote('d2', group, ['yes'])).ok).toBe(true);
    const voters = await call<{ voted: string[]; notVoted: string[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/polls/${group}/voters`, t.sec!);
    expect(voters.body).toMatchObject({ voted: [u.d2!.id], notVoted: [u.d1!.id] });
    expect((await call(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/polls/${group}/voters`, t.d1!)).status).toBe(403);
    const badGroup = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls`, t.chair!, { definition: approveDef({ eligibility: { kind: 'group', userIds: [u.sec!.id] } }) });
    expect(badGroup.status).toBe(400);
  });

  it('records a show of hands for present members, marked and counted, refusing absent or already voted members', async () => {
    const poll = await open(approveDef({ eligibility: { kind: 'present' } }));
    expect((await vote('d1', poll, ['yes'])).ok).toBe(true);
    const hands = (entries: { userId: string; choices: string[] }[], who = 'chair') =>
      call<{ recorded: number; handCount: number; error?: { code: string; message: string } }>(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls/${poll}/hands`, t[who]!, { entries });
    expect((await hands([{ userId: u.d2!.id, choices: ['yes'] }], 'd3')).status).toBe(403);
    const voted = await hands([{ userId: u.d1!.id, choices: ['no'] }]);
    expect(voted.status).toBe(409);
    expect(voted.body.error!.message).toMatch(/already voted/);
    const absent = await hands([{ userId: u.d6!.id, choices: ['no'] }]);
    expect(absent.status).toBe(403);
    const ok = await hands([
      { userId: u.d2!.id, choices: ['yes'] },
      { userId: u.d3!.id, choices: ['no'] },
    ]);
    expect(ok.body).toEqual({ recorded: 2, handCount: 2 });
    // The member can no longer vote from a device: their vote is in.
    expect(refusedWith(await vote('d2', poll, ['no']))?.message).toBe('You have already voted in this poll.');
    const closed = await step(suite.server.url, suite.meetingId, t.chair!, poll, 'close');
    const result = closed.body.result as TallyResult;
    expect(result.counts).toEqual({ yes: 2, no: 1, abstain: 0 });
    expect(result).toEqual(await tallyFromDb(poll, result));
    const live = await suite.server.docs.read(`live/${suite.meetingId}`, (doc) => readPolls(doc).find((p) => p.id === poll)!);
    expect(live).toMatchObject({ handCount: 2, votedCount: 3, status: 'closed' });
    const audit = await call<{ entries: { kind: string; data: { pollId?: string; by?: string; entries?: unknown[] } }[] }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/audit`, t.d3!);
    const logged = audit.body.entries.find((e) => e.kind === 'hands.recorded' && e.data.pollId === poll)!;
    expect(logged.data).toMatchObject({ by: u.chair!.id, entries: [{ userId: u.d2!.id, choices: ['yes'] }, { userId: u.d3!.id, choices: ['no'] }] });
  });
});

describe('secret ballots', () => {
  it('stores who voted beside a ballot encrypted to the tellers\' key, and opens only the sum', async () => {
    const options = ['a', 'b', 'c'].map((id) => ({ id, label: `Ứng viên ${id}` }));
    const def = approveDef({
      kind: 'election',
      options,
      seats: 1,
      maxChoices: 1,
      secret: true,
      eligibility: { kind: 'present' },
      quorum: overHalf,
      tellers: { userIds: [u.chair!.id, u.vice!.id, u.d5!.id], threshold: 2 },
    });
    const poll = await createPoll(suite.server.url, suite.meetingId, t.chair!, def);
    const tellers = await runCeremony(suite.server.url, suite.meetingId, poll, [t.chair!, t.vice!, t.d5!]);
    expect((await step(suite.server.url, suite.meetingId, t.chair!, poll, 'open')).status).toBe(200);
    const key = (await ceremonyState(suite.server.url, suite.meetingId, poll, t.d1!)).publicKey!;
    const picks: Record<string, string[]> = { chair: ['a'], vice: ['b'], d1: ['a'], d2: [], d3: ['c'] };
    const sent: Record<string, OutboxRecord> = {};
    for (const [who, choices] of Object.entries(picks)) {
      sent[who] = secretBallotRecord(poll, encryptedBallot(suite.meetingId, poll, def, key, choices).encrypted);
      expect((await submit(suite.server.url, suite.meetingId, t[who]!, [sent[who]!]))[0]!.ok).toBe(true);
    }
    // A retry of a secret ballot gets its receipt back and does not count again.
    const first = await submit(suite.server.url, suite.meetingId, t.d1!, [sent.d1!]);
    const retry = await submit(suite.server.url, suite.meetingId, t.d1!, [sent.d1!]);
    expect(retry).toEqual(first);
    const again = secretBallotRecord(poll, encryptedBallot(suite.meetingId, poll, def, key, ['b']).encrypted);
    expect(refusedWith((await submit(suite.server.url, suite.meetingId, t.d1!, [again]))[0]!)?.message).toBe('You have already voted in this poll.');
    const hands = await call(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls/${poll}/hands`, t.sec!, { entries: [{ userId: u.d4!.id, choices: ['c'] }] });
    expect(hands.status).toBe(200);

    const voters = await call<{ voted: string[]; choices: unknown }>(suite.server.url, 'GET', `/api/meetings/${suite.meetingId}/polls/${poll}/voters`, t.chair!);
    expect(voters.body.choices).toBeNull();
    expect(voters.body.voted).toHaveLength(6);

    const d = await openRecordsDb(suite.dir);
    // The plaintext tables of before are gone; a secret ballot row has no column for a choice.
    expect(await d.columns('secret_choices')).toEqual([]);
    expect(await d.columns('secret_participation')).toEqual([]);
    expect((await d.columns('encrypted_ballots')).sort()).toEqual(['ballot', 'hands', 'legacy_key_hash', 'poll_id', 'received_at', 'recorded_by', 'tracker', 'user_id']);
    const rows = await d.all<{ ballot: string }>('SELECT * FROM encrypted_ballots WHERE poll_id = ?', poll);
    expect(rows).toHaveLength(6);
    for (const r of rows) {
      const b = JSON.parse(r.ballot) as Record<string, unknown>;
      expect(Object.keys(b).sort()).toEqual(['ciphertexts', 'proofs', 'sumProof']);
      // Option ids never appear in a ballot: only base64url ciphertexts and proofs.
      expect(JSON.stringify(b)).toMatch(/^[{}\[\]",:A-Za-z0-9_-]+$/);
      expect((b.ciphertexts as string[]).every((c) => /^[A-Za-z0-9_-]{86}$/.test(c))).toBe(true);
    }
    const auditText = (await d.all<{ data: string }>('SELECT data FROM audit_log WHERE meeting_id = ? ORDER BY seq', suite.meetingId)).map((r) => r.data).join(',');
    await d.close();
    expect(auditText).not.toContain(`"userId":"${u.d4!.id}","choices"`);

    const closed = await step(suite.server.url, suite.meetingId, t.chair!, poll, 'close');
    expect(closed.body.result).toBeNull();
    await sendPartial(suite.server.url, suite.meetingId, poll, tellers[1]!);
    expect((await sendPartial(suite.server.url, suite.meetingId, poll, tellers[2]!)).body).toEqual({ opened: true });
    const result = (await call<{ pollId: string; result: TallyResult }>(suite.server.url, 'POST', `/api/meetings/${suite.meetingId}/polls/${poll}/publish`, t.chair!)).body.result;
    expect(result.counts).toEqual({ a: 2, b: 1, c: 2 });
    expect(result.cast).toBe(6);
    expect(result.abstain).toBe(1);
    // The same as tally() of what the voters chose, which only they (and the test) know.
    expect(result).toEqual(
      tally({
        kind: 'election',
        optionIds: ['a', 'b', 'c'],
        seats: 1,
        majority: { base: 'cast', threshold: overHalf },
        quorumRule: overHalf,
        ballots: [...Object.values(picks), ['c']],
        eligible: result.eligible,
        present: result.present,
        members: 8,
      }),
    );
  });
});
