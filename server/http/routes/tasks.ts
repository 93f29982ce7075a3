/**
 * After the meeting: the task list, deadline extensions, the conclusion notice and the
 * monthly report. Conclusions, tasks and progress reports themselves arrive as outbox
 * records (POST /api/meetings/:id/records); these are the calls that are not records.
 */
import { z } from 'zod';
import { ApiError } from '../../../shared/errors';
import { ExtendTaskRequest, MonthlyReportQuery, Task } from '../../../shared/http';
import { canDownloadMonthlyReport } from '../../../shared/roles';
import { getAgendaItem } from '../../../shared/ydoc/meeting';
import { monthlyCsv, monthlyPdf, monthlyTables } from '../../reports/monthly';
import { readJson, readQuery } from '../body';
import { requireMember, requireRunner, requireSecretariat, requireSession, type Route } from '../context';
import { sendFile, sendJson, sendJsonText } from '../respond';
import { meetingDocumentDefault, storeMeetingPdf } from './documents';
import { meetingIdPattern } from './meetings';

export const TaskListQuery = z.object({ scope: z.enum(['mine', 'all']).default('all') });
export const TaskAttachmentQuery = z.object({ filename: z.string().trim().min(1, 'The file name is missing.').max(300) });
const taskIdPattern = '([A-Za-z0-9-]{1,64})';

export const taskRoutes: Route[] = [
  {
    methods: ['GET'],
    pattern: /^\/api\/tasks$/,
    handler: async (ctx, req, res) => {
      const session = await requireSession(ctx, req);
      const { scope } = readQuery(req, TaskListQuery);
      const started = performance.now();
      const user = session.user;
      // Global admins oversee every meeting, so "all" is every task for them.
      const list = ctx.room.after.taskJsonList(scope === 'all' && user.globalRole === 'admin' ? 'every' : scope, user.id);
      sendJsonText(res, 200, `{"tasks":[${list.join(',')}]}`);
      ctx.log('debug', 'tasks listed', { user: user.username, scope, count: list.length, ms: Math.round(performance.now() - started) });
    },
  },
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/tasks/${taskIdPattern}/extend$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const facts = ctx.room.after.taskFacts(m[1]!);
      if (!facts) throw new ApiError('not_found', 'There is no such task, or you are not a participant of its meeting.');
      await requireSecretariat(ctx, session, facts.meeting_id, 'extend task deadlines');
      const body = await readJson(req, ExtendTaskRequest);
      const json = await ctx.room.extendTask(facts.id, session.user.id, body.deadline, body.reason);
      ctx.log('info', 'task extended', { meetingId: facts.meeting_id, taskId: facts.id, user: session.user.username, deadline: body.deadline });
      sendJson(res, 200, Task.parse(JSON.parse(json)));
    },
  },
  {
    // The assignee attaches a PDF to a progress report: stored as a document of the task's
    // meeting (under the task's agenda item), so the report record can name it. Delegates
    // cannot upload meeting documents otherwise; only for a task that is theirs.
    methods: ['POST'],
    pattern: new RegExp(`^/api/tasks/${taskIdPattern}/attachments$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const json = ctx.room.after.taskJson(m[1]!);
      const task = json === null ? null : Task.parse(JSON.parse(json));
      if (!task) throw new ApiError('not_found', 'There is no such task, or you are not a participant of its meeting.');
      const { meeting, role } = await requireMember(ctx, session, task.meetingId);
      if (task.assigneeUserId !== session.user.id && role !== 'secretariat') {
        ctx.log('warn', 'task attachment refused', { meetingId: meeting.id, taskId: task.id, user: session.user.username, role: role ?? 'admin' });
        throw new ApiError('forbidden', 'Only the person the task is assigned to (or the secretariat) can attach a file to its report.');
      }
      if (task.completedAt) throw new ApiError('conflict', 'This task is already completed; its reports are closed.');
      const q = readQuery(req, TaskAttachmentQuery);
      // Under the task's agenda item while it is still on the agenda; otherwise with the meeting.
      const item = task.agendaItemId;
      const onAgenda = item !== null && (await ctx.rooms.read(`meeting/${meeting.id}`, (doc) => !!getAgendaItem(doc, item)));
      await storeMeetingPdf(ctx, req, res, meeting.id, session.user.username, { filename: q.filename, agendaItemId: onAgenda ? item : null, confidentiality: await meetingDocumentDefault(ctx, meeting.id), replaces: null });
    },
  },
  {
    methods: ['GET'],
    pattern: /^\/api\/reports\/tasks$/,
    handler: async (ctx, req, res) => {
      const session = await requireSession(ctx, req);
      const user = session.user;
      const admin = user.globalRole === 'admin';
      // The same rule the app uses to offer the report (shared/roles).
      if (!canDownloadMonthlyReport({ globalRole: user.globalRole, meetingRoles: ctx.room.after.isSecretariatSomewhere(user.id) ? ['secretariat'] : [] })) {
        throw new ApiError('forbidden', 'Only the secretariat of a meeting (or an administrator) can produce the monthly task report.');
      }
      const q = readQuery(req, MonthlyReportQuery);
      const tasks = ctx.room.after.taskJsonList(admin ? 'every' : 'all', user.id).map((j) => Task.parse(JSON.parse(j)));
      const tables = monthlyTables(tasks, q.month);
      const name = `bao-cao-nhiem-vu-${q.month}.${q.format}`;
      if (q.format === 'csv') sendFile(res, monthlyCsv(tables), 'text/csv; charset=utf-8', name);
      else sendFile(res, await monthlyPdf(tables), 'application/pdf', name);
      ctx.log('info', 'task report produced', { user: user.username, month: q.month, format: q.format, tasks: tasks.length });
    },
  },
];
