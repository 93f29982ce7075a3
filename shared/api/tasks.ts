/** Follow-up tasks after the meeting, their deadlines, attachments and the monthly report. */
import { z } from 'zod';
import { ExtendTaskRequest, MonthlyReportQuery, Task, TaskList, UploadDocumentResponse } from '../http';
import { endpoint } from './endpoint';
import { TaskId } from './ids';

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
