/** Follow-up tasks on the device: assigning, progress reports and attachments, deadline extensions, the list kept for offline reading. */
import { ApiError } from '../../../shared/errors';
import { runsMeeting } from '../../../shared/roles';
import { TaskList, type Task } from '../../../shared/api/tasks';
import { vietnamDay } from '../../../shared/domain/tasks';
import type { CoreContext } from '../context';
import { uploadWithProgress } from './documents';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

export function taskHandlers(ctx: CoreContext): Handlers['tasks'] {
  return {
    assign: async ({ meetingId, ...task }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat assigns tasks.');
      if (!task.unit && !task.assigneeUserId) throw new ApiError('invalid_input', 'A task needs an owner: a unit, a person, or both.');
      if (task.assigneeUserId && !m.view().content.participants.some((p) => p.id === task.assigneeUserId)) {
        throw new ApiError('not_found', 'The person is not a participant of this meeting.');
      }
      if (task.deadline < vietnamDay(new Date().toISOString())) throw new ApiError('invalid_input', `The deadline ${task.deadline} is already past.`);
      const taskId = crypto.randomUUID();
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'task', payload: { taskId, ...task } }]);
      return { ...outboxState(r!), taskId };
    },
    report: async ({ meetingId, taskId, note, completed, documentId }) => {
      ctx.requireOpen(meetingId);
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'task_progress', payload: { taskId, note, completed, documentId } }]);
      return outboxState(r!);
    },
    attach: async ({ meetingId, taskId, uploadId, file }) => {
      const m = ctx.requireOpen(meetingId);
      const view = m.view();
      const task = view.tasks.find((t) => t.id === taskId);
      // A task this device has not seen yet is left to the server to decide.
      if (task && task.assigneeUserId !== view.me && m.role !== 'secretariat') {
        throw new ApiError('forbidden', 'Only the person the task is assigned to can attach a file to its report.');
      }
      if (task?.completedAt) throw new ApiError('conflict', 'This task is already completed; its reports are closed.');
      return uploadWithProgress(ctx, meetingId, uploadId, file, (c, token, local, onProgress) => c.uploadTaskAttachment(token, taskId, local, local.name, onProgress));
    },
    extend: async ({ taskId, deadline, reason }) => {
      await ctx.withServer((c, token) => c.extendTask(token, taskId, { deadline, reason }));
      return null;
    },
    list: async ({ scope }) => {
      const s = ctx.requireSession();
      const key = [s.serverUrl, s.user.id, scope] as const;
      try {
        const { tasks } = await ctx.withServer((c, token) => c.tasks(token, scope));
        const asOf = new Date().toISOString();
        ctx.db
          .prepare(
            `INSERT INTO tasks_cache (server_url, user_id, scope, tasks_json, fetched_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (server_url, user_id, scope) DO UPDATE SET tasks_json = excluded.tasks_json, fetched_at = excluded.fetched_at`,
          )
          .run(...key, JSON.stringify(tasks), asOf);
        return { tasks, fromCache: false, asOf };
      } catch (err) {
        if (!(err instanceof ApiError && err.code === 'offline')) throw err;
        const row = ctx.db.prepare('SELECT tasks_json, fetched_at FROM tasks_cache WHERE server_url = ? AND user_id = ? AND scope = ?').get(...key) as
          | { tasks_json: string; fetched_at: string }
          | undefined;
        const cached = row ? TaskList.safeParse({ tasks: JSON.parse(row.tasks_json) as Task[] }) : null;
        return { tasks: cached?.success ? cached.data.tasks : [], fromCache: true, asOf: row?.fetched_at ?? new Date(0).toISOString() };
      }
    },
  };
}
