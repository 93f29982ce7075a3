import { beforeAll, describe, expect, it } from 'vitest';
import { AddParticipantsResponse, type ParticipantInput } from '../../../shared/api/participants';
import { ErrorBody } from '../../../shared/api/common';
import { MeetingList, MeetingSummary } from '../../../shared/api/meetings';
import { addSite, readMeeting } from '../../../shared/ydoc/meeting';
import { readLive } from '../../../shared/ydoc/live';
import type { UserRecord } from '../../../server/store/types';
import { clientsForFile, createMeeting, createUser, login, serverForFile, upgradeStatus, waitFor } from './helpers';

const suite = serverForFile();
const tokens: Record<string, string> = {};
const users: Record<string, UserRecord> = {};
const clients = clientsForFile();

const open = (docName: string, who: string) => clients.connect(suite.server.url, docName, tokens[who]!);

function call(method: string, path: string, who: string | null, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${tokens[who]}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`${suite.server.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ErrorBody.parse(await res.json()).error;
}

async function listIds(who: string): Promise<string[]> {
  const res = await call('GET', '/api/meetings', who);
  return MeetingList.parse(await res.json()).meetings.map((m) => m.id);
}

async function newMeeting(who = 'admin', title = 'Họp giao ban'): Promise<string> {
  const res = await call('POST', '/api/meetings', who, { title, startsAt: '2026-11-25T08:00:00+07:00', endsAt: '2026-11-25T11:30:00+07:00', venue: 'Phòng họp A' });
  expect(res.status).toBe(201);
  return MeetingSummary.parse(await res.json()).id;
}

/** The doc as the server has it, read through a fresh client. */
async function docOf(meetingId: string, who = 'admin') {
  const c = open(`meeting/${meetingId}`, who);
  await c.synced;
  const content = readMeeting(c.doc);
  c.destroy();
  return content;
}

beforeAll(async () => {
  for (const [name, role] of [['admin', 'admin'], ['sec', 'user'], ['del', 'user'], ['obs', 'user'], ['nobody', 'user']] as const) {
    users[name] = await createUser(suite.server.store, name, role);
    tokens[name] = await login(suite.server.url, name);
  }
  // sec is secretariat somewhere, which is what lets them create meetings; del only ever delegates.
  await createMeeting(suite.server.store, [[users.sec!, 'secretariat'], [users.del!, 'delegate'], [users.obs!, 'observer']]);
});

describe('creating and publishing', () => {
  it('lets an admin create a draft meeting and writes both docs before anyone connects', async () => {
    const res = await call('POST', '/api/meetings', 'admin', { title: '  Phiên họp thường kỳ  ', kind: 'cabinet_session', startsAt: '2026-11-25T08:00:00+07:00', endsAt: '2026-11-25T17:00:00+07:00', venue: 'Nhà Quốc hội', confidentiality: 'confidential' });
    expect(res.status).toBe(201);
    const m = MeetingSummary.parse(await res.json());
    expect(m).toMatchObject({ title: 'Phiên họp thường kỳ', status: 'draft', role: 'secretariat', venue: 'Nhà Quốc hội' });
    expect(await suite.server.store.getMemberRole(m.id, users.admin!.id)).toBe('secretariat');
    expect((await suite.server.store.loadUpdates(`meeting/${m.id}`)).length).toBeGreaterThan(0);
    expect((await suite.server.store.loadUpdates(`live/${m.id}`)).length).toBeGreaterThan(0);

    const doc = await docOf(m.id);
    expect(doc.participants).toEqual([{ id: users.admin!.id, name: 'admin', position: null, unit: null, role: 'secretariat', siteId: null }]);
    expect(doc.meta).toEqual({
      title: 'Phiên họp thường kỳ',
      kind: 'cabinet_session',
      startsAt: '2026-11-25T08:00:00+07:00',
      endsAt: '2026-11-25T17:00:00+07:00',
      venue: 'Nhà Quốc hội',
      confidentiality: 'confidential',
      status: 'draft',
      publishedAt: null,
      // Not written on creation: readMeeting fills the default rule (more than half).
      quorum: { fraction: { num: 1, den: 2 }, strict: true },
      // Also defaults: a confidential meeting's pack opens offline for a week after contact;
      // members present at any site count for the quorum, and every site may vote and speak.
      offlineLeaseDays: 7,
      quorumCounts: 'any_site',
      siteRights: {},
    });
    const live = open(`live/${m.id}`, 'admin');
    await live.synced;
    expect(live.doc.getMap('state').has('currentItemId')).toBe(true);
    expect(readLive(live.doc).currentItemId).toBeNull();
  });

  it('lets a secretariat member create one, and refuses a delegate-only user', async () => {
    await newMeeting('sec');
    const res = await call('POST', '/api/meetings', 'del', { title: 'Không được' });
    expect(res.status).toBe(403);
    const e = await errorOf(res);
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/administrators and secretariat members/);
    expect(await call('POST', '/api/meetings', null, { title: 'x' }).then((r) => r.status)).toBe(401);
  });

  it('names the field when the times are wrong', async () => {
    const backwards = await call('POST', '/api/meetings', 'admin', { title: 'Ngược', startsAt: '2026-11-25T10:00:00+07:00', endsAt: '2026-11-25T08:00:00+07:00' });
    expect(backwards.status).toBe(400);
    expect(await errorOf(backwards)).toEqual({ code: 'invalid_input', message: expect.stringMatching(/"endsAt".*end after it starts/) });
    const notATime = await call('POST', '/api/meetings', 'admin', { title: 'Sai', startsAt: 'tomorrow' });
    expect(notATime.status).toBe(400);
    expect((await errorOf(notATime)).message).toMatch(/"startsAt"/);
    const noTitle = await call('POST', '/api/meetings', 'admin', { title: '   ' });
    expect((await errorOf(noTitle)).message).toMatch(/"title".*needs a title/);
  });

  it('hides a draft from delegates until it is published, live for connected clients, and refuses a second publish', async () => {
    const id = await newMeeting('sec', 'Bản nháp');
    const add = await call('POST', `/api/meetings/${id}/participants`, 'sec', {
      participants: [{ name: 'Đại biểu', username: 'del', role: 'delegate' }],
    });
    expect(add.status).toBe(200);
    expect(await listIds('del')).not.toContain(id);
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${id}?token=${tokens.del}`)).toBe(403);

    const watcher = open(`meeting/${id}`, 'sec');
    await watcher.synced;
    const res = await call('POST', `/api/meetings/${id}/publish`, 'sec');
    expect(res.status).toBe(200);
    expect(MeetingSummary.parse(await res.json())).toMatchObject({ id, status: 'published', role: 'secretariat' });
    await waitFor(() => readMeeting(watcher.doc).meta.status === 'published', 3000, 'live publish');
    const publishedAt = readMeeting(watcher.doc).meta.publishedAt;
    expect(Date.parse(publishedAt!)).toBeGreaterThan(Date.now() - 60_000);

    expect(await listIds('del')).toContain(id);
    const del = open(`meeting/${id}`, 'del');
    await del.synced;
    expect(readMeeting(del.doc).meta).toMatchObject({ status: 'published', publishedAt });

    const again = await call('POST', `/api/meetings/${id}/publish`, 'sec');
    expect(again.status).toBe(409);
    expect(await errorOf(again)).toEqual({ code: 'conflict', message: 'This meeting is already published.' });
  });

  it('refuses publishing to a delegate, and a client cannot publish by editing meta', async () => {
    const id = await newMeeting('sec', 'Chưa công bố');
    await call('POST', `/api/meetings/${id}/participants`, 'sec', { participants: [{ name: 'Đại biểu', username: 'del', role: 'delegate' }] });
    const res = await call('POST', `/api/meetings/${id}/publish`, 'del');
    // A delegate cannot see a draft at all, so it is refused like a foreign meeting.
    expect([403, 404]).toContain(res.status);
    expect((await suite.server.store.getMeeting(id))!.status).toBe('draft');

    const sec = open(`meeting/${id}`, 'sec');
    await sec.synced;
    sec.doc.getMap('meta').set('status', 'published');
    await waitFor(() => readMeeting(sec.doc).meta.status === 'draft', 3000, 'status put back');
    expect((await suite.server.store.getMeeting(id))!.status).toBe('draft');
    expect(await listIds('del')).not.toContain(id);
  });
});

describe('participants', () => {
  let meetingId: string;
  beforeAll(async () => {
    meetingId = await newMeeting('sec', 'Hội nghị');
    await suite.server.docs.transact(`meeting/${meetingId}`, (doc) => {
      addSite(doc, { id: 'hall', name: 'Hội trường chính', kind: 'main' });
      addSite(doc, { id: 'bridge-1', name: 'Điểm cầu Hải Phòng', kind: 'bridge' });
    });
    await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', {
      participants: [
        { name: 'Đại biểu Một', username: 'del', role: 'delegate' },
        { name: 'Quan sát viên', username: 'obs', role: 'observer' },
      ],
    });
    await call('POST', `/api/meetings/${meetingId}/publish`, 'sec');
  });

  it('adds new and existing accounts; the initial password signs in', async () => {
    const watcher = open(`meeting/${meetingId}`, 'sec');
    await watcher.synced;
    const rows: ParticipantInput[] = [
      { name: 'Nguyễn Văn An', username: 'Nguyen.Van.An', position: 'Bộ trưởng', unit: 'Bộ Tài chính', role: 'delegate', siteId: 'hall', email: 'an@example.vn' },
      { name: 'Trần Thị Bình', username: 'nobody', role: 'guest', siteId: 'bridge-1' },
    ];
    const res = await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', { participants: rows });
    expect(res.status).toBe(200);
    const { added } = AddParticipantsResponse.parse(await res.json());
    expect(added.map((a) => a.username)).toEqual(['nguyen.van.an', 'nobody']);
    expect(added[0]!.initialPassword).toMatch(/^[a-zA-Z0-9]{12}$/);
    // An existing account keeps its own name (one person, one name), and the answer says whose it is.
    expect(added[1]).toEqual({ userId: users.nobody!.id, username: 'nobody', initialPassword: null, displayName: users.nobody!.displayName, existingAccount: true });
    expect(added[0]).toMatchObject({ displayName: 'Nguyễn Văn An', existingAccount: false });

    const token = await login(suite.server.url, 'nguyen.van.an', added[0]!.initialPassword!);
    const list = await fetch(`${suite.server.url}/api/meetings`, { headers: { authorization: `Bearer ${token}` } });
    expect(MeetingList.parse(await list.json()).meetings.map((m) => m.id)).toEqual([meetingId]);
    expect((await suite.server.store.getUser(added[0]!.userId))!.displayName).toBe('Nguyễn Văn An');

    await waitFor(() => readMeeting(watcher.doc).participants.length === 5, 3000, 'participants in doc');
    const an = readMeeting(watcher.doc).participants.find((p) => p.id === added[0]!.userId);
    expect(an).toEqual({ id: added[0]!.userId, name: 'Nguyễn Văn An', position: 'Bộ trưởng', unit: 'Bộ Tài chính', role: 'delegate', siteId: 'hall' });
    expect(readMeeting(watcher.doc).participants.find((p) => p.id === users.nobody!.id)?.name).toBe(users.nobody!.displayName);
    expect(users.nobody!.displayName).not.toBe('Trần Thị Bình');
  });

  it('refuses the whole import for a duplicate, an existing member or an unknown site, naming the row', async () => {
    const before = await suite.server.store.listMembers(meetingId);
    const usersBefore = await suite.server.store.countUsers();
    const row = (username: string, extra: Partial<ParticipantInput> = {}): ParticipantInput => ({ name: username, username, role: 'delegate', ...extra });

    const dup = await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', {
      participants: [row('fresh.a'), row('fresh.b'), row('fresh.c'), row('FRESH.B')],
    });
    expect(dup.status).toBe(400);
    expect(await errorOf(dup)).toEqual({ code: 'invalid_input', message: 'participants.3.username: "fresh.b" is already used at position 1.' });

    const member = await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', { participants: [row('fresh.a'), row('del')] });
    expect(member.status).toBe(409);
    expect((await errorOf(member)).message).toMatch(/participants\.1\.username: "del" is already a participant/);

    const site = await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', { participants: [row('fresh.a'), row('fresh.b', { siteId: 'moon-base' })] });
    expect(site.status).toBe(400);
    expect((await errorOf(site)).message).toBe('participants.1.siteId: there is no site "moon-base" in this meeting.');

    const badName = await call('POST', `/api/meetings/${meetingId}/participants`, 'sec', { participants: [row('fresh.a'), row('có dấu')] });
    expect(badName.status).toBe(400);
    expect((await errorOf(badName)).message).toMatch(/"participants\.1\.username"/);

    expect(await suite.server.store.listMembers(meetingId)).toEqual(before);
    expect(await suite.server.store.countUsers()).toBe(usersBefore);
  });

  it('refuses every preparation call from a delegate or an observer and changes nothing', async () => {
    const before = await suite.server.store.listMembers(meetingId);
    const doc = JSON.stringify(await docOf(meetingId));
    for (const who of ['del', 'obs']) {
      const calls = [
        call('POST', `/api/meetings/${meetingId}/participants`, who, { participants: [{ name: 'X', username: 'intruder', role: 'secretariat' }] }),
        call('PATCH', `/api/meetings/${meetingId}/participants/${users[who]!.id}`, who, { role: 'secretariat' }),
        call('DELETE', `/api/meetings/${meetingId}/participants/${users.sec!.id}`, who),
        call('POST', `/api/meetings/${meetingId}/publish`, who),
      ];
      for (const res of await Promise.all(calls)) {
        expect(res.status).toBe(403);
        const e = await errorOf(res);
        expect(e.code).toBe('forbidden');
        expect(e.message).toMatch(/^Only the secretariat of this meeting can /);
      }
    }
    expect(await suite.server.store.listMembers(meetingId)).toEqual(before);
    expect(await suite.server.store.findUserByUsername('intruder')).toBeNull();
    expect(JSON.stringify(await docOf(meetingId))).toBe(doc);
    // A stranger is not told the meeting exists.
    const other = await newMeeting('sec', 'Không liên quan');
    const stranger = await call('POST', `/api/meetings/${other}/publish`, 'nobody');
    expect(stranger.status).toBe(404);
    expect((await call('POST', `/api/meetings/no-such-meeting/publish`, 'nobody')).status).toBe(404);
  });

  it('changes fields in the doc and roles in the membership, reconnecting on a permission change', async () => {
    const id = await newMeeting('sec', 'Đổi vai trò');
    const add = await call('POST', `/api/meetings/${id}/participants`, 'sec', { participants: [{ name: 'Đại biểu', username: 'del', role: 'delegate' }] });
    expect(add.status).toBe(200);
    await call('POST', `/api/meetings/${id}/publish`, 'sec');
    const del = open(`meeting/${id}`, 'del');
    await del.synced;

    const rename = await call('PATCH', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec', { position: 'Thứ trưởng', unit: null });
    expect(rename.status).toBe(200);
    await waitFor(() => readMeeting(del.doc).participants.some((p) => p.position === 'Thứ trưởng'), 3000, 'field change');
    expect(del.provider.wsconnected).toBe(true);

    const promote = await call('PATCH', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec', { role: 'secretariat' });
    expect(promote.status).toBe(200);
    expect(await suite.server.store.getMemberRole(id, users.del!.id)).toBe('secretariat');
    expect((await del.closed).code).toBe(1012);
    // Reconnected as a writer: its edits now reach the suite.server.
    await waitFor(() => del.provider.wsconnected && del.provider.synced, 5000, 'reconnect');
    del.doc.getMap('meta').set('venue', 'Phòng 2');
    await waitFor(async () => (await docOf(id, 'sec')).meta.venue === 'Phòng 2', 5000, 'write after promotion');

    const badSite = await call('PATCH', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec', { siteId: 'nowhere' });
    expect(badSite.status).toBe(400);
    const empty = await call('PATCH', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec', {});
    expect(empty.status).toBe(400);
    const stranger = await call('PATCH', `/api/meetings/${id}/participants/${users.nobody!.id}`, 'sec', { name: 'X' });
    expect(stranger.status).toBe(404);
  });

  it('keeps the last secretariat member', async () => {
    const id = await newMeeting('sec', 'Một thư ký');
    const demote = await call('PATCH', `/api/meetings/${id}/participants/${users.sec!.id}`, 'sec', { role: 'delegate' });
    expect(demote.status).toBe(409);
    expect(await errorOf(demote)).toEqual({ code: 'conflict', message: 'A meeting needs at least one secretariat member.' });
    const leave = await call('DELETE', `/api/meetings/${id}/participants/${users.sec!.id}`, 'sec');
    expect(leave.status).toBe(409);
    expect(await suite.server.store.getMemberRole(id, users.sec!.id)).toBe('secretariat');

    // With a second one it works.
    await call('POST', `/api/meetings/${id}/participants`, 'sec', { participants: [{ name: 'Admin', username: 'admin', role: 'secretariat' }] });
    expect((await call('PATCH', `/api/meetings/${id}/participants/${users.sec!.id}`, 'sec', { role: 'chair' })).status).toBe(200);
    expect(await suite.server.store.getMemberRole(id, users.sec!.id)).toBe('chair');
  });

  it('removes a delegate: socket closed with 4403, meeting gone from their list, account kept', async () => {
    const id = await newMeeting('sec', 'Rời cuộc họp');
    await call('POST', `/api/meetings/${id}/participants`, 'sec', { participants: [{ name: 'Đại biểu', username: 'del', role: 'delegate' }] });
    await call('POST', `/api/meetings/${id}/publish`, 'sec');
    const del = open(`meeting/${id}`, 'del');
    const live = open(`live/${id}`, 'del');
    await Promise.all([del.synced, live.synced]);
    expect(await listIds('del')).toContain(id);

    const res = await call('DELETE', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect((await del.closed).code).toBe(4403);
    expect((await live.closed).code).toBe(4403);
    expect(await listIds('del')).not.toContain(id);
    expect(await upgradeStatus(suite.server.url, `/sync/meeting/${id}?token=${tokens.del}`)).toBe(403);
    expect(await suite.server.store.getUser(users.del!.id)).not.toBeNull();
    expect((await docOf(id, 'sec')).participants.some((p) => p.id === users.del!.id)).toBe(false);
    expect((await call('DELETE', `/api/meetings/${id}/participants/${users.del!.id}`, 'sec')).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${suite.server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths['/api/meetings']!)).toEqual(['get', 'post']);
    expect(doc.paths['/api/meetings/{meetingId}/publish']!.post).toBeDefined();
    expect(Object.keys(doc.paths['/api/meetings/{meetingId}/participants/{userId}']!)).toEqual(['patch', 'delete']);
    expect(doc.paths['/api/meetings/{meetingId}/documents']!.post).toBeDefined();
  });
});

describe('a congress-sized import', () => {
  it('adds 3,000 new participants in one call, in reasonable time', async () => {
    const id = await newMeeting('sec', 'Đại hội');
    const participants: ParticipantInput[] = Array.from({ length: 3000 }, (_, i) => ({
      name: `Đại biểu số ${i + 1} Nguyễn Thị Hương`,
      username: `dh.${String(i + 1).padStart(4, '0')}`,
      position: 'Bí thư Tỉnh ủy',
      unit: 'Đoàn đại biểu tỉnh Quảng Ninh',
      role: 'delegate',
    }));
    const started = Date.now();
    const res = await call('POST', `/api/meetings/${id}/participants`, 'sec', { participants });
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    const { added } = AddParticipantsResponse.parse(await res.json());
    expect(added).toHaveLength(3000);
    expect(new Set(added.map((a) => a.initialPassword)).size).toBe(3000);
    expect(await suite.server.store.countMembers(id)).toBe(3001);
    console.log(`import of 3,000 new participants: ${ms} ms`);
    expect(ms).toBeLessThan(90_000);
    const last = added.at(-1)!;
    await login(suite.server.url, last.username, last.initialPassword!);
    expect((await docOf(id, 'sec')).participants).toHaveLength(3001);
  }, 120_000);
});
