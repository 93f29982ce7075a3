/**
 * What the database knows and `live/<id>` missed (a crash between a commit and its
 * flush) is written to the room on the next start, and a poll whose deadline passed
 * while the server was down is closed at once.
 */
import { describe, expect, it } from 'vitest';
import { readAttendance, readPolls } from '../../../shared/ydoc/live';
import { approveDef, ballotRecord, connect, createPoll, sleep, start, step, submit, waitFor, tempDirForFile, meetingWith, pollStatus, tamper } from './helpers';

const data = tempDirForFile();

describe('restart', () => {
  it('reconciles live/<id> with the database and closes polls whose deadline passed', async () => {
    let server = await start(data.dir);
    const { meetingId, users: { del }, tokens: { chair: chairToken, del: delToken } } = await meetingWith(server.store, 'rs', { chair: 'chair', del: 'delegate' });
    const deadline = new Date(Date.now() + 1500).toISOString();
    const pollId = await createPoll(server.url, meetingId, chairToken, approveDef({ mode: 'written', deadline }));
    expect((await step(server.url, meetingId, chairToken, pollId, 'open')).status).toBe(200);
    expect((await submit(server.url, meetingId, delToken, [ballotRecord(pollId, ['yes'])]))[0]!.ok).toBe(true);
    await server.close();

    // A check-in committed just before a crash, never flushed to the room.
    await tamper(data.dir, (db) => db.run("INSERT INTO attendance (meeting_id, user_id, status, substitute, at, by_user) VALUES (?, ?, 'present', NULL, ?, ?)", meetingId, del.id, new Date().toISOString(), del.id));
    await sleep(Math.max(0, Date.parse(deadline) - Date.now() + 100));

    server = await start(data.dir);
    try {
      await waitFor(async () => (await pollStatus(data.dir, pollId)) === 'closed', 5000, 'closed on start');
      const live = connect(server.url, `live/${meetingId}`, chairToken);
      try {
        await live.synced;
        await waitFor(() => readPolls(live.doc).find((p) => p.id === pollId)?.status === 'closed', 5000, 'closed in live');
        const poll = readPolls(live.doc).find((p) => p.id === pollId)!;
        expect(poll.result).toMatchObject({ cast: 1, counts: { yes: 1 } });
        expect(poll.votedCount).toBe(1);
        expect(readAttendance(live.doc).get(del.id)?.status).toBe('present');
      } finally {
        live.destroy();
      }
    } finally {
      await server.close();
    }
  });
});
