/**
 * What the app offers and what the server accepts come from the same rules (shared/roles):
 * for each demo person, the standing the app builds from sign-in and the meeting list
 * predicts the server's answer to "create a meeting" and "the monthly report".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../../server/app';
import { LoginResponse } from '../../../shared/api/session';
import { MeetingList } from '../../../shared/api/meetings';
import { canCreateMeeting, canDownloadMonthlyReport, standingOf } from '../../../shared/roles';
import { tempDir } from '../../support/temp';

let srv: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  srv = await startServer({ dataDir: tempDir(), port: 0, demo: true, log: () => undefined });
});
afterAll(() => srv.close());

async function signIn(username: string) {
  const res = await fetch(`${srv.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  const login = LoginResponse.parse(await res.json());
  const headers = { authorization: `Bearer ${login.token}` };
  const list = MeetingList.parse(await (await fetch(`${srv.url}/api/meetings`, { headers })).json());
  return { headers, standing: standingOf(login.user, list.meetings) };
}

describe('offered exactly when allowed', () => {
  it.each(['admin', 'secretary', 'chair', 'delegate01', 'tu.secretary', 'tu.member1'])('%s', async (username) => {
    const { headers, standing } = await signIn(username);
    const report = await fetch(`${srv.url}/api/reports/tasks?month=2026-10&format=csv`, { headers });
    expect(report.status).toBe(canDownloadMonthlyReport(standing) ? 200 : 403);
    // A refused creation changes nothing; an allowed one makes a draft only its creator sees.
    const create = await fetch(`${srv.url}/api/meetings`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ title: `Thử quyền ${username}` }) });
    expect(create.status).toBe(canCreateMeeting(standing) ? 201 : 403);
  });

  it('the chair and a delegate are offered neither; the secretariat both', async () => {
    expect(canCreateMeeting((await signIn('chair')).standing)).toBe(false);
    expect(canDownloadMonthlyReport((await signIn('chair')).standing)).toBe(false);
    expect(canCreateMeeting((await signIn('delegate01')).standing)).toBe(false);
    const sec = (await signIn('secretary')).standing;
    expect([canCreateMeeting(sec), canDownloadMonthlyReport(sec)]).toEqual([true, true]);
  });
});
