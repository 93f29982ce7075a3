/** Follow-up tasks after the meeting, their deadlines, attachments and the monthly report. */
import { z } from 'zod';
import { UploadDocumentResponse } from './documents';
import { endpoint } from './endpoint';
import { TaskId } from './ids';
import { safeLine, safeMultiline } from '../text-safety';
import { Day } from './common';

export const TaskPriority = z.enum(['normal', 'high', 'urgent']);
export type TaskPriority = z.infer<typeof TaskPriority>;

/** A follow-up task assigned from a conclusion. */
export const TaskPayload = z
  .object({
    taskId: z.uuid(),
    conclusionId: z.uuid().nullable().default(null),
    agendaItemId: z.string().max(64).nullable().default(null),
    title: safeLine('Task title').min(1, 'Say what is to be done.').max(2000),
    /** The unit responsible (ministry, province…), as the conclusion names it. */
    unit: safeLine('Unit').max(300).nullable().default(null),
    assigneeUserId: z.string().max(64).nullable().default(null),
    deadline: Day,
    priority: TaskPriority.default('normal'),
  })
  .refine((t) => t.unit || t.assigneeUserId, { message: 'A task needs an owner: a unit, a person, or both.', path: ['unit'] });
export type TaskPayload = z.infer<typeof TaskPayload>;

/** The assignee reports progress; `completed` closes the task at the server's receive time. */
export const TaskProgressPayload = z.object({
  taskId: z.uuid(),
  note: safeMultiline('Note').max(20_000).default(''),
  /** A PDF attached to the report, uploaded first as a meeting document. */
  documentId: z.string().max(64).nullable().default(null),
  completed: z.boolean().default(false),
});
export type TaskProgressPayload = z.infer<typeof TaskProgressPayload>;

export const Extension = z.object({ deadline: Day, reason: z.string(), at: z.string(), by: z.string() });

export const ProgressReport = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string(),
  note: z.string(),
  documentId: z.string().nullable(),
  completed: z.boolean(),
});

/** A task as the server keeps it; status is computed with shared/domain/tasks, never stored. */
export const Task = z.object({
  id: z.string(),
  meetingId: z.string(),
  meetingTitle: z.string(),
  conclusionId: z.string().nullable(),
  agendaItemId: z.string().nullable(),
  title: z.string(),
  unit: z.string().nullable(),
  assigneeUserId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** The original deadline; `extensions` may move it (shared/domain/tasks effectiveDeadline). */
  deadline: Day,
  priority: TaskPriority,
  createdAt: z.string(),
  createdBy: z.string(),
  completedAt: z.string().nullable(),
  extensions: z.array(Extension),
  progress: z.array(ProgressReport),
});
export type Task = z.infer<typeof Task>;

/** GET /api/tasks?scope=mine|all — tasks of the caller's meetings (all: secretariat and chairs see every task of their meetings). */
export const TaskList = z.object({ tasks: z.array(Task) });
export type TaskList = z.infer<typeof TaskList>;

/** POST /api/tasks/:taskId/extend — secretariat of the task's meeting; recorded with the reason. */
export const ExtendTaskRequest = z.object({ deadline: Day, reason: safeMultiline('Reason').min(1, 'Give the reason for the extension.').max(2000) });

/** GET /api/reports/tasks?month=YYYY-MM&format=pdf|csv — the monthly monitoring report as a file. */
export const MonthlyReportQuery = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Use a month like 2026-10.'), format: z.enum(['pdf', 'csv']) });

const task = z.object({ taskId: TaskId });

export const taskEndpoints = {
  'tasks.list': endpoint({
    method: 'GET',
    path: '/api/tasks',
    access: 'signed-in',
    summary: "Follow-up tasks: the caller's own, or all of the meetings they may see",
    query: z.object({ scope: z.enum(['mine', 'all']).default('all') }),
    reply: TaskList,
    timeoutMs: 30_000,
  }),
  'tasks.extend': endpoint({
    method: 'POST',
    path: '/api/tasks/:taskId/extend',
    access: 'signed-in',
    summary: "Extend a task's deadline, with the reason (secretariat of its meeting)",
    params: task,
    body: ExtendTaskRequest,
    reply: Task,
    errors: ['not_found', 'forbidden', 'conflict'],
  }),
  'tasks.attach': endpoint({
    method: 'POST',
    path: '/api/tasks/:taskId/attachments',
    access: 'signed-in',
    summary: "Attach a PDF to a task's progress report (its assignee or the secretariat)",
    description: 'The body is the PDF itself (Content-Type: application/pdf).',
    params: task,
    query: z.object({ filename: z.string().trim().min(1, 'The file name is missing.').max(300) }),
    body: { upload: 'application/pdf' },
    reply: UploadDocumentResponse,
    status: 201,
    errors: ['not_found', 'forbidden', 'conflict', 'payload_too_large'],
  }),
  'tasks.monthlyReport': endpoint({
    method: 'GET',
    path: '/api/reports/tasks',
    access: 'signed-in',
    summary: 'The monthly task report as PDF or CSV (secretariat members and administrators)',
    query: MonthlyReportQuery,
    reply: { file: ['application/pdf', 'text/csv'] },
    errors: ['forbidden'],
    timeoutMs: 60_000,
  }),
};
