/**
 * Running the floor through the desktop core (issue 17), two devices and a real server: the
 * secretariat sets an item's speaking limit in the agenda, the chair times a speech (pause,
 * add time), every device sees the same countdown state from the server's instants; a
 * delegate replies and raises a point of order, the chair reorders and gives a site a place;
 * what is not theirs to do is refused on the device before the server.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { speechClock } from '../../../shared/domain/speaking';
import { waitUntil } from '../../support/temp';

const overHalf = { fraction: { num: 1, den: 2 }, strict: true };

describe('running the floor on two devices', () => {
  it('the item limit, the timer steps, the kinds of request, the order and a site reach every device; others are refused', async ({ serverWith }) => {
    const { sec, chair, del, del2 } = await serverWith({ sec: 'secretary', chair: 'chair', del: 'delegate01', del2: 'delegate02' });
    const item = chair.view().content.agenda[0]!;

    // The secretariat sets 5 minutes per speaker; a delegate cannot.
    const notEditor = await del.core.api.agenda.update({ meetingId: del.meetingId, itemId: item.id, speakingLimitMin: 5 }).catch((e) => e);
    expect(notEditor.code).toBe('forbidden');
    const zero = await sec.core.api.agenda.update({ meetingId: sec.meetingId, itemId: item.id, speakingLimitMin: 0 }).catch((e) => e);
    expect(zero.code).toBe('invalid_input');
    await sec.core.api.agenda.update({ meetingId: sec.meetingId, itemId: item.id, speakingLimitMin: 5, speakingBudgetMin: 30 });
    await waitUntil(() => chair.view().content.agenda[0]?.speakingLimitMin === 5 && del.view().content.agenda[0]?.speakingBudgetMin === 30, 'the limit on every device');

    await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: item.id });
    // A reply with nobody speaking is refused on the device itself.
    const noOne = await del2.core.api.speakers.request({ meetingId: del2.meetingId, kind: 'reply' }).catch((e) => e);
    expect(noOne.code).toBe('conflict');
    const asked = await del.core.api.speakers.request({ meetingId: del.meetingId });
    await chair.core.api.speakers.grant({ meetingId: chair.meetingId, requestId: asked.id });
    await waitUntil(() => del2.view().speakers[0]?.status === 'speaking' && del2.view().speakers[0]?.limitSec === 300, 'the floor with 5 minutes on another delegate');

    const notChair = await del2.core.api.speakers.time({ meetingId: del2.meetingId, requestId: asked.id, action: { kind: 'pause' } }).catch((e) => e);
    expect(notChair.code).toBe('forbidden');
    const badAdd = await chair.core.api.speakers.time({ meetingId: chair.meetingId, requestId: asked.id, action: { kind: 'add', seconds: -5 } }).catch((e) => e);
    expect(badAdd.code).toBe('invalid_input');
    await chair.core.api.speakers.time({ meetingId: chair.meetingId, requestId: asked.id, action: { kind: 'pause' } });
    await waitUntil(() => del2.view().speakers[0]?.pausedAt != null, 'the pause on the other delegate');
    // Paused: the clock stands still on every device, however late it is read.
    expect(speechClock(del2.view().speakers[0]!, Date.now() + 3_600_000).remainingMs).toBeGreaterThan(250_000);
    await chair.core.api.speakers.time({ meetingId: chair.meetingId, requestId: asked.id, action: { kind: 'resume' } });
    await chair.core.api.speakers.time({ meetingId: chair.meetingId, requestId: asked.id, action: { kind: 'add', seconds: 60 } });
    await waitUntil(() => del.view().speakers[0]?.addedSec === 60 && del.view().speakers[0]?.pausedAt === null, 'resumed with a minute added');
    // With 6 minutes in all, 5.5 minutes later it is amber, and red after 6.
    const s = del.view().speakers[0]!;
    expect(speechClock(s, Date.parse(s.startedAt!) + s.pausedMs + 330_000).tone).toBe('amber');
    expect(speechClock(s, Date.parse(s.startedAt!) + s.pausedMs + 361_000).tone).toBe('red');

    // A reply and a point of order; the point of order comes first.
    const reply = await del2.core.api.speakers.request({ meetingId: del2.meetingId, kind: 'reply' });
    expect(reply.replyTo).toBe(asked.id);
    const sites = chair.view().content.sites;
    const bridge = sites.find((x) => x.kind === 'bridge')!;
    const site = await chair.core.api.speakers.giveSite({ meetingId: chair.meetingId, siteId: bridge.id });
    expect(site).toMatchObject({ userId: null, remote: true, siteName: bridge.name });
    const noSite = await chair.core.api.speakers.giveSite({ meetingId: chair.meetingId, siteId: 'nowhere' }).catch((e) => e);
    expect(noSite.code).toBe('not_found');
    await waitUntil(() => del.view().speakers.length === 3, 'three on the list');
    await chair.core.api.speakers.order({ meetingId: chair.meetingId, order: [site.id, reply.id] });
    await waitUntil(() => del.view().speakers.map((r) => r.id).join() === [asked.id, site.id, reply.id].join(), 'the chair’s order on the delegate device');

    await chair.core.api.speakers.finish({ meetingId: chair.meetingId, requestId: asked.id });
    await waitUntil(() => (del.view().itemSpeaking[item.id] ?? 0) > 0, 'the time spoken on the item');
  });
});

describe('follow the presenter on two devices', () => {
  it('the chair names a presenter, their page reaches the other delegate; the rest is refused on the device', async ({ serverWith }) => {
    const { chair, presenter, follower } = await serverWith({ chair: 'chair', presenter: 'delegate01', follower: 'delegate02' });
    const doc = chair.view().content.documents.find((d) => d.pages >= 2)!;
    expect(doc).toBeTruthy();

    const notChair = await follower.core.api.presenting.start({ meetingId: follower.meetingId, documentId: doc.id, page: 1 }).catch((e) => e);
    expect(notChair.code).toBe('forbidden');
    const beyond = await chair.core.api.presenting.start({ meetingId: chair.meetingId, documentId: doc.id, page: doc.pages + 1 }).catch((e) => e);
    expect(beyond.code).toBe('invalid_input');
    const notInPack = await chair.core.api.presenting.start({ meetingId: chair.meetingId, documentId: 'not-in-the-pack', page: 1 }).catch((e) => e);
    expect(notInPack.code).toBe('not_found');

    await chair.core.api.presenting.start({ meetingId: chair.meetingId, documentId: doc.id, page: 1, presenterId: presenter.view().me });
    await waitUntil(() => follower.view().presenting?.documentId === doc.id && presenter.view().presenting?.presenterId === presenter.view().me, 'the presentation on both delegates');
    const followerTurn = await follower.core.api.presenting.turn({ meetingId: follower.meetingId, page: 2 }).catch((e) => e);
    expect(followerTurn.code).toBe('forbidden');
    await presenter.core.api.presenting.turn({ meetingId: presenter.meetingId, page: 2 });
    await waitUntil(() => follower.view().presenting?.page === 2, 'page 2 on the follower');
    await presenter.core.api.presenting.stop({ meetingId: presenter.meetingId });
    await waitUntil(() => follower.view().presenting === null, 'stopped on the follower');
    const noneToTurn = await presenter.core.api.presenting.turn({ meetingId: presenter.meetingId, page: 1 }).catch((e) => e);
    expect(noneToTurn.code).toBe('conflict');
  });
});

describe('recusal through the outbox', () => {
  it('a conflict declared offline is kept, sent when the server returns, shown to the chair, and the member is out of the item’s poll', async ({ serverWith }) => {
    const { srv, chair, del } = await serverWith({ chair: 'chair', del: 'delegate03' });
    const item = chair.view().content.agenda[0]!;

    const gone = await chair.core.api.recusals.declare({ meetingId: chair.meetingId, agendaItemId: 'gone', reason: 'x' }).catch((e) => e);
    expect(gone.code).toBe('not_found');
    const empty = await del.core.api.recusals.declare({ meetingId: del.meetingId, agendaItemId: item.id, reason: '  ' }).catch((e) => e);
    expect(empty.code).toBe('invalid_input');

    await srv.close();
    await waitUntil(async () => (await del.core.api.sync.status()).state === 'offline', 'offline');
    const kept = await del.core.api.recusals.declare({ meetingId: del.meetingId, agendaItemId: item.id, reason: 'Tôi là thành viên hội đồng quản trị của đơn vị được xem xét' });
    expect(kept.state).toBe('pending');
    await waitUntil(() => del.view().pendingRecords.some((r) => r.kind === 'recusal' && r.state === 'pending'), 'the declaration kept on the device');

    await srv.startAgain();
    await waitUntil(() => chair.view().recusals.some((r) => r.userId === del.view().me && r.agendaItemId === item.id), 'the declaration on the chair device', { timeoutMs: 20_000 });
    await waitUntil(() => del.view().recusals.length > 0, 'the declaration back on the delegate');
    const twice = await del.core.api.recusals.declare({ meetingId: del.meetingId, agendaItemId: item.id, reason: 'again' }).catch((e) => e);
    expect(twice.code).toBe('conflict');

    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, agendaItemId: item.id, definition: { question: 'Thông qua?', kind: 'approve', majority: { base: 'members', threshold: overHalf }, quorum: null, eligibility: { kind: 'all' } } });
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => del.view().polls.find((p) => p.id === pollId)?.status === 'open', 'the poll on the delegate');
    await del.core.api.polls.cast({ meetingId: del.meetingId, pollId, choices: ['yes'] });
    const refused = await waitUntil(() => (del.view().myBallots[pollId]?.state === 'refused' ? del.view().myBallots[pollId] : null), 'the ballot refused', { timeoutMs: 20_000 });
    expect(refused.refusalReason).toBe('recused');
    await chair.core.api.polls.close({ meetingId: chair.meetingId, pollId });
    const result = await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.result, 'the result');
    expect(result.recused).toBe(1);
  });
});

describe('remote sites’ rights on the device', () => {
  it('the secretariat limits a bridge: its delegate is refused on the device, every device shows the quorum rule', async ({ serverWith }) => {
    const { sec, remote } = await serverWith({ sec: 'secretary', remote: 'delegate02' });
    const me = remote.view().content.participants.find((p) => p.id === remote.view().me)!;
    const site = remote.view().content.sites.find((s) => s.id === me.siteId)!;
    expect(site.kind).toBe('bridge');

    const notEditor = await remote.core.api.meetings.updateMeta({ meetingId: remote.meetingId, patch: { quorumCounts: 'main_hall' } }).catch((e) => e);
    expect(notEditor.code).toBe('forbidden');
    const bad = await sec.core.api.meetings.updateMeta({ meetingId: sec.meetingId, patch: { quorumCounts: 'somewhere' as 'main_hall' } }).catch((e) => e);
    expect(bad.code).toBe('invalid_input');
    await sec.core.api.meetings.updateMeta({ meetingId: sec.meetingId, patch: { siteRights: { [site.id]: { vote: false, speak: false } }, quorumCounts: 'main_hall' } });
    await waitUntil(() => remote.view().attendance.quorumCounts === 'main_hall' && remote.view().content.meta.siteRights[site.id]?.speak === false, 'the rule on the remote device');

    const ask = await remote.core.api.speakers.request({ meetingId: remote.meetingId }).catch((e) => e);
    expect(ask.code).toBe('forbidden');
    expect(ask.message).toMatch(/without speaking/);
  });
});

describe('comments on drafts through the outbox', () => {
  it('a comment written offline is sent when the server returns; one on a closed draft is kept and refused with the reason; the secretariat answers', async ({ serverWith }) => {
    const { srv, sec, del } = await serverWith({ sec: 'secretary', del: 'delegate04' });
    const [draft, other] = sec.view().content.documents;
    expect(other).toBeTruthy();

    const notSec = await del.core.api.comments.setWindow({ meetingId: del.meetingId, documentId: draft!.id, until: new Date(Date.now() + 3_600_000).toISOString() }).catch((e) => e);
    expect(notSec.code).toBe('forbidden');
    await sec.core.api.comments.setWindow({ meetingId: sec.meetingId, documentId: draft!.id, until: new Date(Date.now() + 3_600_000).toISOString(), public: false });
    await waitUntil(() => del.view().commentWindows[draft!.id] !== undefined, 'the window on the delegate device');
    const beyond = await del.core.api.comments.add({ meetingId: del.meetingId, documentId: draft!.id, page: draft!.pages + 1, text: 'x' }).catch((e) => e);
    expect(beyond.code).toBe('invalid_input');

    await srv.close();
    await waitUntil(async () => (await del.core.api.sync.status()).state === 'offline', 'offline');
    const kept = await del.core.api.comments.add({ meetingId: del.meetingId, documentId: draft!.id, page: 1, quote: 'Điều 1', text: 'Đề nghị làm rõ phạm vi điều chỉnh', asUnit: 'Đoàn đại biểu tỉnh' });
    expect(kept.state).toBe('pending');
    const closed = await del.core.api.comments.add({ meetingId: del.meetingId, documentId: other!.id, page: 1, text: 'Tài liệu này không mở góp ý' });

    await srv.startAgain();
    const refused = await waitUntil(() => del.view().pendingRecords.find((r) => r.key === closed.key && r.state === 'refused'), 'the refusal on the device', { timeoutMs: 20_000 });
    expect(refused.refusalReason).toBe('comments_closed');
    await waitUntil(() => !del.view().pendingRecords.some((r) => r.key === kept.key), 'the comment receipted', { timeoutMs: 20_000 });

    const list = await sec.core.api.comments.list({ meetingId: sec.meetingId, documentId: draft!.id });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ page: 1, quote: 'Điều 1', asUnit: 'Đoàn đại biểu tỉnh', status: 'pending' });
    const notSecAnswer = await del.core.api.comments.respond({ meetingId: del.meetingId, commentId: list[0]!.id, status: 'accepted' }).catch((e) => e);
    expect(notSecAnswer.code).toBe('forbidden');
    await sec.core.api.comments.respond({ meetingId: sec.meetingId, commentId: list[0]!.id, status: 'accepted', reply: 'Đã tiếp thu, bổ sung khoản 3.' });
    const mine = await del.core.api.comments.list({ meetingId: del.meetingId });
    expect(mine[0]).toMatchObject({ status: 'accepted', reply: 'Đã tiếp thu, bổ sung khoản 3.' });
    const table = await sec.core.api.comments.export({ meetingId: sec.meetingId, documentId: draft!.id, format: 'csv' });
    expect(Buffer.from(table.base64, 'base64').toString('utf8')).toContain('Tiếp thu: Đã tiếp thu, bổ sung khoản 3.');
    const notSecExport = await del.core.api.comments.export({ meetingId: del.meetingId, documentId: draft!.id, format: 'pdf' }).catch((e) => e);
    expect(notSecExport.code).toBe('forbidden');
  });
});

describe('comments on drafts are live on every screen', () => {
  it('a comment reaches the secretariat’s device and the answer the commenter’s, without asking', async ({ serverWith }) => {
    const { sec, del } = await serverWith({ sec: 'secretary', del: 'delegate05' });
    const draft = sec.view().content.documents[0]!;
    await sec.core.api.comments.setWindow({ meetingId: sec.meetingId, documentId: draft.id, until: new Date(Date.now() + 3_600_000).toISOString() });
    await waitUntil(() => del.view().commentWindows[draft.id], 'the window on the delegate device');

    const before = sec.view().commentsVersion;
    await del.core.api.comments.add({ meetingId: del.meetingId, documentId: draft.id, page: 1, text: 'Đề nghị bổ sung căn cứ pháp lý' });
    // Nobody asked the secretariat's device: the meeting's live document told it.
    await waitUntil(() => sec.view().commentsVersion > before, 'the comments version moving on the secretariat device');
    const seen = await sec.core.api.comments.list({ meetingId: sec.meetingId, documentId: draft.id });
    expect(seen.map((c) => [c.text, c.status])).toEqual([['Đề nghị bổ sung căn cứ pháp lý', 'pending']]);

    const mineBefore = del.view().commentsVersion;
    await sec.core.api.comments.respond({ meetingId: sec.meetingId, commentId: seen[0]!.id, status: 'noted', reply: 'Ghi nhận, sẽ rà soát.' });
    await waitUntil(() => del.view().commentsVersion > mineBefore, 'the comments version moving on the commenter device');
    const mine = await del.core.api.comments.list({ meetingId: del.meetingId, documentId: draft.id });
    expect(mine[0]).toMatchObject({ status: 'noted', reply: 'Ghi nhận, sẽ rà soát.' });
  });
});

describe('the countdown on a device whose clock is wrong', () => {
  it('a device 7 minutes fast and one 4 minutes slow both show the server’s countdown', async ({ device, serverWith }) => {
    const { srv, chair } = await serverWith({ chair: 'chair' });
    const fastClock = () => Date.now() + 7 * 60_000;
    const slowClock = () => Date.now() - 4 * 60_000;
    const fast = await device(srv.url, 'delegate06', { now: fastClock });
    const slow = await device(srv.url, 'delegate07', { now: slowClock });
    // Each device learned the server's time from its replies (sign-in, meetings list, health pings).
    expect(Math.abs((await fast.core.api.sync.status()).clockOffsetMs + 7 * 60_000)).toBeLessThan(2_000);
    expect(Math.abs((await slow.core.api.sync.status()).clockOffsetMs - 4 * 60_000)).toBeLessThan(2_000);

    const sec = await device(srv.url, 'secretary');
    const item = chair.view().content.agenda[0]!;
    await sec.core.api.agenda.update({ meetingId: sec.meetingId, itemId: item.id, speakingLimitMin: 5 });
    await waitUntil(() => chair.view().content.agenda[0]?.speakingLimitMin === 5, 'the limit on the chair device');
    await chair.core.api.agenda.setCurrent({ meetingId: chair.meetingId, itemId: item.id });
    const asked = await fast.core.api.speakers.request({ meetingId: fast.meetingId });
    await chair.core.api.speakers.grant({ meetingId: chair.meetingId, requestId: asked.id });
    const [onFast, onSlow] = await Promise.all(
      [fast, slow].map((d) => waitUntil(() => d.view().speakers.find((r) => r.status === 'speaking'), 'the floor on a skewed device')),
    );
    const limitMs = 5 * 60_000;
    expect(onFast!.limitSec).toBe(300);
    for (const [d, clock, speaking] of [[fast, fastClock, onFast!], [slow, slowClock, onSlow!]] as const) {
      const offset = (await d.core.api.sync.status()).clockOffsetMs;
      const remaining = speechClock(speaking, clock() + offset).remainingMs!;
      // Just given the floor: nearly the whole limit is left (a loaded machine may take seconds).
      expect(remaining).toBeLessThanOrEqual(limitMs);
      expect(remaining).toBeGreaterThan(limitMs - 15_000);
    }
    // Read on the devices' own clocks: the fast one would show the speaker 2 minutes over,
    // the slow one a clock standing at the full limit for the next 4 minutes.
    expect(speechClock(onFast!, fastClock()).tone).toBe('red');
    expect(speechClock(onSlow!, slowClock() + 3 * 60_000).remainingMs).toBe(limitMs);
  });
});
