/**
 * After the meeting, through the desktop core against a real server: a conclusion drafted
 * with the network gone survives the app closing and is published once; tasks follow the
 * rules (owner, no past deadline, only the assignee reports); the dashboard's numbers come
 * from the shared status function, from the server or from the device's copy offline.
 */
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { countStatuses, effectiveDeadline } from '../../../shared/domain/tasks';
import { waitUntil } from '../../support/temp';

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 7 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('conclusions and tasks through the core', () => {
  it('a conclusion drafted offline survives closing the app and is published exactly once', async ({ device, serverWith }) => {
    const { srv, chair } = await serverWith({ chair: 'chair' });
    const item = chair.view().content.agenda[2]!;
    await srv.close();
    await waitUntil(async () => (await chair.core.api.sync.status()).state === 'offline', 'offline');

    await chair.core.api.conclusions.saveDraft({ meetingId: chair.meetingId, agendaItemId: item.id, text: 'Chính phủ cơ bản thống nhất với Tờ trình' });
    await chair.core.api.conclusions.saveDraft({ meetingId: chair.meetingId, agendaItemId: item.id, text: 'Chính phủ cơ bản thống nhất với Tờ trình; giao Bộ Xây dựng tiếp thu, hoàn thiện.' });
    await chair.core.close(); // the app closes (or crashes) mid-meeting

    const again = await device(srv.url, 'chair', { dataDir: chair.dataDir, until: 'shown' });
    expect(again.view().drafts[item.id]?.text).toMatch(/giao Bộ Xây dựng/);
    const pending = await again.core.api.conclusions.finalise({ meetingId: again.meetingId, agendaItemId: item.id });
    expect(pending.state).toBe('pending');

    await srv.startAgain();
    const published = await waitUntil(() => again.view().conclusions.find((c) => c.agendaItemId === item.id), 'the conclusion to be published', { timeoutMs: 20_000 });
    expect(published).toMatchObject({ version: 1, text: 'Chính phủ cơ bản thống nhất với Tờ trình; giao Bộ Xây dựng tiếp thu, hoàn thiện.' });
    await waitUntil(() => !again.view().drafts[item.id], 'the draft to be dropped after the receipt');

    // Final means final: a second finalise is refused; a correction needs a reason.
    const twice = await again.core.api.conclusions.finalise({ meetingId: again.meetingId, agendaItemId: item.id }).catch((e) => e);
    expect(twice.code).toMatch(/invalid_input|conflict/);
    const noReason = await again.core.api.conclusions.correct({ meetingId: again.meetingId, agendaItemId: item.id, text: 'x', reason: '' }).catch((e) => e);
    expect(noReason.code).toBe('invalid_input');
    await again.core.api.conclusions.correct({ meetingId: again.meetingId, agendaItemId: item.id, text: published.text + ' Báo cáo Thủ tướng trước 15/12.', reason: 'Bổ sung thời hạn báo cáo' });
    await waitUntil(() => again.view().conclusions.find((c) => c.agendaItemId === item.id && c.version === 2), 'version 2');
  });

  it('tasks need an owner and a deadline not yet past; only the assignee reports; the dashboard counts them', async ({ device, serverWith }) => {
    const { srv, chair, assignee } = await serverWith({ chair: 'chair', assignee: 'delegate01' });
    const base = { meetingId: chair.meetingId, title: 'Hoàn thiện hồ sơ dự thảo Nghị định', deadline: inDays(10) };
    const noOwner = await chair.core.api.tasks.assign({ ...base }).catch((e) => e);
    expect(noOwner.code).toBe('invalid_input');
    const past = await chair.core.api.tasks.assign({ ...base, unit: 'Bộ Tư pháp', deadline: inDays(-1) }).catch((e) => e);
    expect(past.message).toMatch(/already past/);

    const one = await chair.core.api.tasks.assign({ ...base, unit: 'Bộ Tư pháp', assigneeUserId: assignee.view().me });
    const two = await chair.core.api.tasks.assign({ ...base, title: 'Báo cáo kết quả rà soát', unit: 'Bộ Tài chính', deadline: today() });
    await waitUntil(() => chair.view().tasks.length === 2, 'both tasks published to the meeting', { timeoutMs: 20_000 });

    // The assignee reports and completes; someone else cannot.
    await assignee.core.api.tasks.report({ meetingId: assignee.meetingId, taskId: one.taskId, note: 'Đã trình Chính phủ', completed: true });
    await waitUntil(() => chair.view().tasks.find((t) => t.id === one.taskId)?.completedAt, 'completed', { timeoutMs: 20_000 });
    const stranger = await device(srv.url, 'delegate59');
    await stranger.core.api.tasks.report({ meetingId: stranger.meetingId, taskId: two.taskId, note: 'không phải việc của tôi', completed: true });
    const refused = await waitUntil(() => stranger.view().pendingRecords.find((r) => r.state === 'refused'), 'the refusal', { timeoutMs: 20_000 });
    expect(refused.refusal).toMatch(/Only the person the task is assigned to/);

    // The dashboard: the demo's 187 seeded tasks plus these two, counted by the shared rule.
    const { tasks, fromCache } = await chair.core.api.tasks.list({ scope: 'all' });
    expect(fromCache).toBe(false);
    const now = new Date().toISOString();
    const counts = countStatuses(tasks.map((t) => ({ ...t, deadline: effectiveDeadline(t.deadline, t.extensions) })), now);
    expect(counts).toMatchObject({ total: 189, done_on_time: 84, done_late: 15, in_progress: 90, overdue: 0 });
    await srv.close();
    const offline = await chair.core.api.tasks.list({ scope: 'all' });
    expect(offline.fromCache).toBe(true);
    expect(offline.tasks).toHaveLength(189);
  });
});
