/**
 * One person, one name (issue 16): adding an existing account under another name, by hand
 * or from a CSV, through the desktop core against a real server on 127.0.0.1.
 */
import { describe, expect } from 'vitest';
import { test as it, type TestDevice } from '../../support/core-fixture';
import fs from 'node:fs';
import path from 'node:path';
import { waitUntil } from '../../support/temp';

/** Signed in only: these tests make their own meeting. */
const signedIn = { until: 'signed-in' } as const;

/** A fresh draft meeting with no one but its creator, so demo memberships do not interfere. */
async function freshMeeting(sec: TestDevice) {
  const m = await sec.core.api.meetings.create({ title: 'Họp kiểm tra tên', startsAt: '2026-12-09T08:00:00+07:00', endsAt: '2026-12-09T10:00:00+07:00', venue: null });
  await sec.core.api.meetings.open({ meetingId: m.id });
  await waitUntil(() => sec.views.get(m.id)?.synced, 'the meeting to sync');
  return m.id;
}

describe('one person, one name', () => {
  it('adds an existing account under its own name and says whose it is', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate05' }, signedIn);
    const accountName = del.user.displayName;
    expect(accountName).not.toBe('Tên Gõ Nhầm');
    const meetingId = await freshMeeting(sec);

    const res = await sec.core.api.participants.add({ meetingId, participant: { name: 'Tên Gõ Nhầm', username: 'delegate05', role: 'delegate' } });
    expect(res.added[0]).toMatchObject({ username: 'delegate05', userId: del.user.id, initialPassword: null, existingAccount: true, displayName: accountName });

    // The list every screen reads shows the account's name, never the typed one.
    const view = await waitUntil(() => sec.views.get(meetingId)?.content.participants.find((p) => p.id === del.user.id), 'the participant in the meeting');
    expect(view.name).toBe(accountName);

    // A new account takes the typed name and gets a password.
    const fresh = await sec.core.api.participants.add({ meetingId, participant: { name: 'Phạm Thị Mới', username: 'moi.pt', role: 'delegate' } });
    expect(fresh.added[0]).toMatchObject({ existingAccount: false, displayName: 'Phạm Thị Mới' });
    expect(fresh.added[0]!.initialPassword).toBeTruthy();
  });

  it('marks existing accounts in the CSV preview, imports them under their own names, and types the hall as the main site', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate06' }, signedIn);
    const meetingId = await freshMeeting(sec);
    const file = path.join(sec.dataDir, 'list.csv');
    fs.writeFileSync(
      file,
      [
        'Họ và tên,Tên đăng nhập,Vai trò,Điểm cầu',
        'Ai Đó Khác,delegate06,Đại biểu,Điểm cầu huyện Nam Đàn',
        'Trần Văn Mới,tran.vm,Đại biểu,Hội trường tỉnh',
        'Lê Thị Hai,le.th,Đại biểu,Hội trường tỉnh',
      ].join('\n'),
    );

    const preview = await sec.core.api.participants.previewImport({ meetingId, file: { kind: 'path', path: file } });
    expect(preview.problems).toEqual([]);
    expect(preview.rows.map((r) => [r.username, r.account?.displayName ?? null])).toEqual([
      ['delegate06', del.user.displayName],
      ['tran.vm', null],
      ['le.th', null],
    ]);

    const result = await sec.core.api.participants.import({ meetingId, file: { kind: 'path', path: file } });
    expect(result.added.map((a) => [a.username, a.displayName, a.existingAccount, a.initialPassword === null])).toEqual([
      ['delegate06', del.user.displayName, true, true],
      ['tran.vm', 'Trần Văn Mới', false, false],
      ['le.th', 'Lê Thị Hai', false, false],
    ]);
    const view = await waitUntil(() => {
      const v = sec.views.get(meetingId);
      return v && v.content.participants.length === 4 && v.content.sites.length === 2 ? v : null;
    }, 'the imported participants and sites');
    expect(view.content.participants.find((p) => p.id === del.user.id)?.name).toBe(del.user.displayName);
    expect(view.content.participants.some((p) => p.name === 'Ai Đó Khác')).toBe(false);
    // Sites from a file are not all bridges: the hall is the main site.
    expect(Object.fromEntries(view.content.sites.map((s) => [s.name, s.kind]))).toEqual({ 'Hội trường tỉnh': 'main', 'Điểm cầu huyện Nam Đàn': 'bridge' });
  });

  it('answers the account lookup to the secretariat only', async ({ serverWith }) => {
    const { srv, sec } = await serverWith({ sec: 'secretary' }, signedIn);
    const meetingId = await freshMeeting(sec);
    const login = async (username: string) => {
      const r = await fetch(`${srv.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
      return ((await r.json()) as { token: string }).token;
    };
    const ask = async (token: string, body: unknown) =>
      fetch(`${srv.url}/api/meetings/${meetingId}/participant-accounts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

    const secToken = await login('secretary');
    const ok = await ask(secToken, { usernames: ['delegate07', 'nobody.here'] });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { accounts: { username: string; displayName: string }[] };
    expect(body.accounts.map((a) => a.username)).toEqual(['delegate07']);
    expect(body.accounts[0]!.displayName.length).toBeGreaterThan(0);

    const bad = await ask(secToken, { usernames: [] });
    expect(bad.status).toBe(400);

    // A delegate of the demo meeting is not a member of this draft: the same 404 as for a stranger.
    const refused = await ask(await login('delegate07'), { usernames: ['delegate05'] });
    expect([403, 404]).toContain(refused.status);
  });
});
