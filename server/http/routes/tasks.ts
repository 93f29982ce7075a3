/**
 * After the meeting: the task list, deadline extensions, attachments to progress reports
 * and the monthly report. Conclusions, tasks and progress reports themselves arrive as
 * outbox records (outbox.submit); these are the calls that are not records.
 */
import type { taskEndpoints } from '../../../shared/api/tasks';
import { ApiError } from '../../../shared/errors';
import { Task } from '../../../shared/api/tasks';
import { canDownloadMonthlyReport } from '../../../shared/roles';
import { getAgendaItem } from '../../../shared/ydoc/meeting';
import type { Session } from '../../auth/sessions';
import { monthlyCsv, monthlyPdf, monthlyTables } from '../../reports/monthly';
import { requireMember, requireSecretariat, type ApiContext } from '../context';
import { sendFile } from '../respond';
import { JsonText, type Handlers } from '../router';
import { meetingDocumentDefault, storeMeetingPdf } from './documents';

const noSuchTask = 'There is no such task, or you are not a participant of its meeting.';

async function taskFacts(ctx: ApiContext, taskId: string) {
  const facts = await ctx.records.rdb.read(() => ctx.records.after.taskFacts(taskId));
  if (!facts) throw new ApiError('not_found', noSuchTask);
  return facts;
}

/** The task, if the caller may attach a file to its report: its assignee or the secretariat. */
async function attachableTask(ctx: ApiContext, session: Session, taskId: string) {
  const json = await ctx.records.rdb.read(() => ctx.records.after.taskJson(taskId));
  const task = json === null ? null : Task.parse(JSON.parse(json));
  if (!task) throw new ApiError('not_found', noSuchTask);
  const { meeting, role } = await requireMember(ctx, session, task.meetingId);
  if (task.assigneeUserId !== session.user.id && role !== 'secretariat') {
    ctx.log('warn', 'task attachment refused', { meetingId: meeting.id, taskId: task.id, user: session.user.username, role: role ?? 'admin' });
    throw new ApiError('forbidden', 'Only the person the task is assigned to (or the secretariat) can attach a file to its report.');
  }
  if (task.completedAt) throw new ApiError('conflict', 'This task is already completed; its reports are closed.');
  return { task, meeting };
}

export const taskHandlers: Handlers<typeof taskEndpoints> = {
  'tasks.list': async (ctx, { session: { user }, query: { scope } }) => {
    const started = performance.now();
    // Global admins oversee every meeting, so "all" is every task for them.
    const list = await ctx.records.rdb.read(() => ctx.records.after.taskJsonList(scope === 'all' && user.globalRole === 'admin' ? 'every' : scope, user.id));
    ctx.log('debug', 'tasks listed', { user: user.username, scope, count: list.length, ms: Math.round(performance.now() - started) });
    return new JsonText(`{"tasks":[${list.join(',')}]}`);
  },

  'tasks.extend': {
    guard: async (ctx, { session, params }) => {
      await requireSecretariat(ctx, session, (await taskFacts(ctx, params.taskId)).meeting_id, 'extend task deadlines');
    },
    handle: async (ctx, { session, params, body }) => {
      const facts = await taskFacts(ctx, params.taskId);
      const json = await ctx.records.extendTask(facts.id, session.user.id, body.deadline, body.reason);
      ctx.log('info', 'task extended', { meetingId: facts.meeting_id, taskId: facts.id, user: session.user.username, deadline: body.deadline });
      return Task.parse(JSON.parse(json));
    },
  },

  // The assignee attaches a PDF to a progress report: stored as a document of the task's
  // meeting (under the task's agenda item), so the report record can name it. Delegates
  // cannot upload meeting documents otherwise; only for a task that is theirs.
  'tasks.attach': {
    guard: async (ctx, { session, params }) => {
      await attachableTask(ctx, session, params.taskId);
    },
    handle: async (ctx, { session, params, query, req }) => {
      const { task, meeting } = await attachableTask(ctx, session, params.taskId);
      // Under the task's agenda item while it is still on the agenda; otherwise with the meeting.
      const item = task.agendaItemId;
      const onAgenda = item !== null && (await ctx.docs.read(`meeting/${meeting.id}`, (doc) => !!getAgendaItem(doc, item)));
      return storeMeetingPdf(ctx, req, meeting.id, session.user.username, {
        filename: query.filename,
        agendaItemId: onAgenda ? item : null,
        confidentiality: await meetingDocumentDefault(ctx, meeting.id),
        replaces: null,
      });
    },
  },

  'tasks.monthlyReport': {
    guard: async (ctx, { session: { user } }) => {
      // The same rule the app uses to offer the report (shared/roles).
      if (!canDownloadMonthlyReport({ globalRole: user.globalRole, meetingRoles: (await ctx.records.rdb.read(() => ctx.records.after.isSecretariatSomewhere(user.id))) ? ['secretariat'] : [] })) {
        throw new ApiError('forbidden', 'Only the secretariat of a meeting (or an administrator) can produce the monthly task report.');
      }
    },
    handle: async (ctx, { session: { user }, query: q, res }) => {
      const admin = user.globalRole === 'admin';
      const tasks = (await ctx.records.rdb.read(() => ctx.records.after.taskJsonList(admin ? 'every' : 'all', user.id))).map((j) => Task.parse(JSON.parse(j)));
      const tables = monthlyTables(tasks, q.month);
      const name = `bao-cao-nhiem-vu-${q.month}.${q.format}`;
      if (q.format === 'csv') sendFile(res, monthlyCsv(tables), 'text/csv; charset=utf-8', name);
      else sendFile(res, await monthlyPdf(tables), 'application/pdf', name);
      ctx.log('info', 'task report produced', { user: user.username, month: q.month, format: q.format, tasks: tasks.length });
    },
  },
};
