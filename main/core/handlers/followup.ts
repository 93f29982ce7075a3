/** After the meeting: conclusions, follow-up tasks, the notice and the monthly report. */
import { fileForIpc } from '../server-client';
import { ApiError } from '../../../shared/errors';
import type { OutboxState } from '../../../shared/contract';
import { TaskList, type Task } from '../../../shared/http';
import { vietnamDay } from '../../../shared/domain/tasks';
import type { CoreContext } from '../context';
import { uploadWithProgress } from './documents';
import { outboxState } from '../outbox';
import type { Handlers } from '../validate';

const leads = new Set(['chair', 'vice_chair', 'secretariat']);


export function conclusionHandlers(ctx: CoreContext): Handlers['conclusions'] {
  const lead = (meetingId: string) => {
    const m = ctx.requireOpen(meetingId);
    if (!leads.has(m.role)) throw new ApiError('forbidden', 'Only the chair (or the secretariat on the chair’s behalf) records conclusions.');
    return m;
  };
  const item = (meetingId: string, agendaItemId: string) => {
    const m = lead(meetingId);
    if (!m.view().content.agenda.some((i) => i.id === agendaItemId)) throw new ApiError('not_found', 'This agenda item no longer exists.');
    return m;
  };
  return {
    saveDraft: async ({ meetingId, agendaItemId, text, pollRefs }) => {
      const m = item(meetingId, agendaItemId);
      const draft = ctx.drafts.save(ctx.owner(), meetingId, agendaItemId, text, pollRefs);
      m.refresh();
      return draft;
    },
    finalise: async ({ meetingId, agendaItemId }) => {
      const m = item(meetingId, agendaItemId);
      const draft = ctx.drafts.list(ctx.owner(), meetingId)[agendaItemId];
      if (!draft?.text.trim()) throw new ApiError('invalid_input', 'Write the conclusion before finalising it.');
      if (m.view().conclusions.some((c) => c.agendaItemId === agendaItemId)) {
        throw new ApiError('conflict', 'This item already has a final conclusion. A change is a correction, with a reason.');
      }
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [
        { key: crypto.randomUUID(), kind: 'conclusion', payload: { conclusionId: crypto.randomUUID(), agendaItemId, text: draft.text.trim(), pollRefs: draft.pollRefs, corrects: null, reason: null } },
      ]);
      // The draft stays until the server's receipt, so nothing is lost if it is refused.
      return outboxState(r!);
    },
    correct: async ({ meetingId, agendaItemId, text, pollRefs, reason }) => {
      const m = item(meetingId, agendaItemId);
      const current = m.view().conclusions.find((c) => c.agendaItemId === agendaItemId);
      if (!current) throw new ApiError('conflict', 'There is no final conclusion to correct yet; finalise the draft instead.');
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [
        { key: crypto.randomUUID(), kind: 'conclusion', payload: { conclusionId: crypto.randomUUID(), agendaItemId, text, pollRefs, corrects: current.id, reason } },
      ]);
      return outboxState(r!);
    },
  };
}

export function taskHandlers(ctx: CoreContext): Handlers['tasks'] {
  return {
    assign: async ({ meetingId, ...task }) => {
      const m = ctx.requireOpen(meetingId);
      if (!leads.has(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat assigns tasks.');
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

export function noticeHandlers(ctx: CoreContext): Handlers['notices'] {
  return {
    // The official record (issue 14). The server decides who may do what (participants read,
    // the secretariat edits recipients, chair/secretariat finalise); checked here too so the
    // device answers at once, with the same words.
    records: async ({ meetingId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.officialRecords(token, meetingId));
    },
    setRecipients: async ({ meetingId, kind, recipients }) => {
      const m = ctx.requireOpen(meetingId);
      if (m.role !== 'secretariat') throw new ApiError('forbidden', 'Only the secretariat edits the recipients of the record.');
      await ctx.withServer((c, token) => c.setRecordRecipients(token, meetingId, kind, recipients));
      return null;
    },
    preview: async ({ meetingId, kind }) => {
      const m = ctx.requireOpen(meetingId);
      if (!leads.has(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat previews the record.');
      return fileForIpc(await ctx.withServer((c, token) => c.previewRecord(token, meetingId, kind)));
    },
    finalise: async ({ meetingId, kind, replaces, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (!leads.has(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat finalises the record.');
      return ctx.withServer((c, token) => c.finaliseRecord(token, meetingId, kind, { replaces, reason }));
    },
    // Anyone signed in may check a PDF they were given; no meeting needs to be open.
    verify: async ({ base64 }) => ctx.withServer((c, token) => c.verifyDocument(token, Buffer.from(base64, 'base64'))),
    download: async ({ recordId }) => fileForIpc(await ctx.withServer((c, token) => c.recordPdf(token, recordId))),
    setAbsence: async ({ meetingId, userId, excused, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (m.role !== 'secretariat') throw new ApiError('forbidden', 'Only the secretariat records reasons for absence.');
      await ctx.withServer((c, token) => c.setAbsence(token, meetingId, userId, { excused, reason: reason?.trim() || null }));
      return null;
    },
    approveMinutes: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      if (m.role !== 'chair' && m.role !== 'secretariat') throw new ApiError('forbidden', 'Only the chair and the secretary (secretariat) approve the draft minutes.');
      return ctx.withServer((c, token) => c.approveMinutes(token, meetingId));
    },
    docx: async ({ meetingId, kind, recordId }) => {
      const m = ctx.requireOpen(meetingId);
      if (recordId) return fileForIpc(await ctx.withServer((c, token) => c.recordDocx(token, recordId)));
      if (!leads.has(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat exports the draft record.');
      return fileForIpc(await ctx.withServer((c, token) => c.draftDocx(token, meetingId, kind)));
    },
  };
}

export function reportHandlers(ctx: CoreContext): Handlers['reports'] {
  return {
    monthly: async ({ month, format }) => {
      return fileForIpc(await ctx.withServer((c, token) => c.monthlyReport(token, month, format)));
    },
    organisations: async () => ctx.withServer((c, token) => c.organisations(token)),
    conclusions: async ({ organisationId, ...filter }) => ctx.withServer((c, token) => c.conclusionRegister(token, organisationId, filter)),
    conclusionsExport: async ({ organisationId, format, ...filter }) => fileForIpc(await ctx.withServer((c, token) => c.conclusionRegisterFile(token, organisationId, { ...filter, format }))),
  };
}

