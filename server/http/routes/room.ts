/**
 * What happens in the room: outbox records (check-ins, ballots), the check-in window,
 * polls and their lifecycle, show of hands, voters, and the audit log. The work is done by
 * RoomService; these handlers authenticate, parse, check the role and log.
 */
import { ApiError } from '../../../shared/errors';
import { canEditMeeting, canSpeak, runsMeeting } from '../../../shared/roles';
import { CommentResponse, CommentTableFormat } from '../../../shared/domain/draft-comments';
import { listComments } from '../../room/draft-comments';
import { commentsCsv, commentsPdf, type CommentTable } from '../../room/draft-comments-export';
import { commentsDocx, commentsXlsx } from '../../room/draft-comments-office';
import { meetingDoc } from '../../../shared/ydoc/meeting';
import {
  CheckInWindowRequest,
  CurrentItemRequest,
  type CurrentItemResponse,
  CreatePollRequest,
  CeremonyConfirmRequest,
  CeremonyDealingRequest,
  CeremonyKeyRequest,
  HandsRequest,
  PartialDecryptionRequest,
  VoidPollRequest,
  type SharedAnnotationsResponse,
  SubmitRecordsRequest,
  type SubmitRecordsResponse,
  VerifyReceiptRequest,
  type VerifyReceiptResponse,
} from '../../../shared/http';
import { PresentingPageRequest, StartPresentingRequest } from '../../../shared/domain/presenting';
import { AskToSpeakRequest, SiteFloorRequest, SpeakerOrderRequest, SpeakerTimeRequest } from '../../../shared/domain/speaking';
import { PollDefinition } from '../../../shared/ydoc/live';
import type { PollRow } from '../../room/repo';
import { readJson } from '../body';
import { requireMember, requireRunner, requireSession, type Route } from '../context';
import { sendFile, sendJson } from '../respond';
import { meetingIdPattern } from './meetings';

/** The request with its definition checked by the same schema clients build it with. */
export const PollBody = CreatePollRequest.extend({ definition: PollDefinition });

const idPattern = meetingIdPattern;
const meetingPath = (rest: string) => new RegExp(`^/api/meetings/${meetingIdPattern}${rest}$`);

/** The poll as the API answers it (the same fields as in `live/<id>`, counts aside). */
export function pollJson(p: PollRow) {
  return {
    pollId: p.id,
    agendaItemId: p.agendaItemId,
    status: p.status,
    openedAt: p.openedAt,
    closesAt: p.closesAt,
    closedAt: p.closedAt,
    publishedAt: p.publishedAt,
    eligibleCount: p.eligibleCount,
    result: p.result,
  };
}

export const roomRoutes: Route[] = [
  {
    methods: ['POST'],
    pattern: meetingPath('/records'),
    handler: async (ctx, req, res, m) => {
      // A device marked lost still sends what people did on it before it wipes itself.
      const session = await requireSession(ctx, req, { allowLost: true });
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', 'Only participants of this meeting can send records to it.');
      const body = await readJson(req, SubmitRecordsRequest);
      const started = performance.now();
      const out = await ctx.room.submit(meeting.id, { id: session.user.id, role }, body.records);
      // Counts only: a record's content (a secret choice) never goes to the log. In a vote
      // of 3,152 a line per accepted request is noise; refusals are what someone looks for.
      ctx.log(out.refused ? 'info' : 'debug', 'records received', {
        meetingId: meeting.id,
        user: session.user.username,
        records: body.records.length,
        accepted: out.accepted,
        refused: out.refused,
        repeated: out.repeated,
        ms: Math.round(performance.now() - started),
      });
      sendJson(res, 200, { receipts: out.receipts } satisfies SubmitRecordsResponse);
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath('/annotations'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', 'Only participants of this meeting can read the notes shared with it.');
      const raw = new URL(req.url ?? '/', 'http://x').searchParams.get('since');
      let since: number | string | null = null;
      if (raw !== null && raw !== '') {
        if (/^\d{1,15}$/.test(raw)) since = Number(raw);
        else if (!Number.isNaN(Date.parse(raw)) && raw.length <= 40) since = new Date(raw).toISOString();
        else throw new ApiError('invalid_input', 'The query parameter "since" is not valid: give a version number or a date and time.');
      }
      const out = ctx.room.sharedAnnotations(meeting.id, session.user.id, since);
      sendJson(res, 200, out satisfies SharedAnnotationsResponse);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/receipts/verify'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      const body = await readJson(req, VerifyReceiptRequest);
      // One's own receipts; the desk (chair, secretariat) checks anyone's in a dispute.
      if (body.userId !== session.user.id && !runsMeeting(role)) {
        throw new ApiError('forbidden', "Only the chair or the secretariat can check another person's receipt.");
      }
      const out = ctx.room.verifyReceipt(meeting.id, body);
      ctx.log('info', 'receipt checked', { meetingId: meeting.id, user: session.user.username, valid: out.valid, reason: out.reason });
      sendJson(res, 200, out satisfies VerifyReceiptResponse);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/checkin-window'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'open or close check-in');
      const body = await readJson(req, CheckInWindowRequest);
      await ctx.room.setCheckInWindow(meeting.id, body.open, session.user.id);
      ctx.log('info', body.open ? 'check-in opened' : 'check-in closed', { meetingId: meeting.id, user: session.user.username });
      sendJson(res, 200, { ok: true, open: body.open });
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/current-item'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'move the meeting to an agenda item');
      const body = await readJson(req, CurrentItemRequest);
      const out = await ctx.room.setCurrentItem(meeting.id, body.agendaItemId, session.user.id);
      ctx.log('info', body.agendaItemId ? 'agenda item started' : 'agenda item ended', { meetingId: meeting.id, agendaItemId: body.agendaItemId, user: session.user.username });
      sendJson(res, 200, out satisfies CurrentItemResponse);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/speakers'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!canSpeak(role)) throw new ApiError('forbidden', 'Only participants who take part in the debate (delegates, guests, the chair) can ask to speak.');
      // No body at all (clients before issue 17) asks to speak.
      const empty = req.headers['content-length'] === '0' || (!req.headers['content-type'] && !req.headers['transfer-encoding'] && !req.headers['content-length']);
      const body = empty ? AskToSpeakRequest.parse({}) : await readJson(req, AskToSpeakRequest);
      const current = ctx.room.repo.currentItem(meeting.id).itemId;
      const q = ctx.room.speakers;
      const site = await q.siteOfUser(meeting.id, session.user.id);
      if (!(await q.maySpeakAt(meeting.id, site.siteId))) throw new ApiError('forbidden', `Members at ${site.siteName ?? 'your site'} follow this meeting without speaking.`);
      const out = await q.request(meeting.id, session.user.id, ctx.room.repo.displayName(session.user.id), current, body.kind, site);
      ctx.log('info', 'asked to speak', { meetingId: meeting.id, user: session.user.username, kind: body.kind });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/speakers/site'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'give a site the floor');
      const body = await readJson(req, SiteFloorRequest);
      const q = ctx.room.speakers;
      const site = await q.site(meeting.id, body.siteId);
      if (!site) throw new ApiError('invalid_input', `The field "siteId" is not valid: there is no site "${body.siteId}" in this meeting.`);
      if (!(await q.maySpeakAt(meeting.id, site.siteId))) throw new ApiError('conflict', `Members at ${site.siteName} follow this meeting without speaking; change the site's rights first.`);
      const out = await q.requestForSite(meeting.id, site, ctx.room.repo.currentItem(meeting.id).itemId, session.user.id);
      ctx.log('info', 'site added to the speakers', { meetingId: meeting.id, siteId: body.siteId, user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/speakers/order'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'reorder the speakers');
      const body = await readJson(req, SpeakerOrderRequest);
      const out = await ctx.room.speakers.reorder(meeting.id, body.order, session.user.id);
      ctx.log('info', 'speakers reordered', { meetingId: meeting.id, user: session.user.username, count: body.order.length });
      sendJson(res, 200, { speakers: out });
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/speakers/${idPattern}/time`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'time a speech');
      const body = await readJson(req, SpeakerTimeRequest);
      const out = await ctx.room.speakers.time(meeting.id, m[2]!, session.user.id, body);
      ctx.log('info', `speaker time ${body.kind}`, { meetingId: meeting.id, requestId: m[2], user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/speakers/${idPattern}/(withdraw|grant|finish)`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const step = m[3] as 'withdraw' | 'grant' | 'finish';
      const { meeting, role } =
        step === 'withdraw' ? await requireMember(ctx, session, m[1]!) : await requireRunner(ctx, session, m[1]!, step === 'grant' ? 'give the floor' : 'end a speech');
      const q = ctx.room.speakers;
      const out =
        step === 'withdraw'
          ? await q.withdraw(meeting.id, m[2]!, session.user.id, runsMeeting(role))
          : step === 'grant'
            ? await q.grant(meeting.id, m[2]!, session.user.id, ctx.room.repo.currentItem(meeting.id).itemId)
            : await q.finish(meeting.id, m[2]!, session.user.id);
      ctx.log('info', `speaker ${step}`, { meetingId: meeting.id, requestId: m[2], user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/presenting'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      const body = await readJson(req, StartPresentingRequest);
      if (body.presenterId !== null && !ctx.room.repo.memberRole(meeting.id, body.presenterId)) {
        throw new ApiError('invalid_input', 'The field "presenterId" is not valid: that person is not a participant of this meeting.');
      }
      const presenter = body.presenterId ?? session.user.id;
      const out = await ctx.room.presenting.start(meeting.id, { id: session.user.id, role }, { documentId: body.documentId, page: body.page, presenterId: body.presenterId, presenterName: ctx.room.repo.displayName(presenter) });
      ctx.log('info', 'presenting started', { meetingId: meeting.id, documentId: body.documentId, presenterId: out.presenterId, user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/presenting/page'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      const body = await readJson(req, PresentingPageRequest);
      // Not logged: a presenter turns many pages, and each is only a page number.
      sendJson(res, 200, await ctx.room.presenting.turn(meeting.id, { id: session.user.id, role }, body.page));
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/presenting/stop'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      await ctx.room.presenting.stop(meeting.id, { id: session.user.id, role });
      ctx.log('info', 'presenting stopped', { meetingId: meeting.id, user: session.user.username });
      sendJson(res, 200, { ok: true });
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath('/comments'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      const documentId = new URL(req.url ?? '/', 'http://x').searchParams.get('documentId');
      if (documentId !== null && !/^[A-Za-z0-9_-]{1,64}$/.test(documentId)) throw new ApiError('invalid_input', 'The query "documentId" is not a document id.');
      const facts = await ctx.room.meetingFacts(meeting.id);
      const comments = listComments(ctx.room.repo, facts.commentWindows ?? new Map(), meeting.id, { id: session.user.id, role }, documentId);
      sendJson(res, 200, { comments });
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath('/comments/export'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!canEditMeeting(role)) throw new ApiError('forbidden', 'Only the secretariat exports the consolidated comments.');
      const params = new URL(req.url ?? '/', 'http://x').searchParams;
      const documentId = params.get('documentId') ?? '';
      const parsedFormat = CommentTableFormat.safeParse(params.get('format') ?? 'pdf');
      if (!parsedFormat.success) throw new ApiError('invalid_input', `The query "format" must be one of ${CommentTableFormat.options.join(', ')}.`);
      const format = parsedFormat.data;
      const title = await ctx.rooms.read(`meeting/${meeting.id}`, (doc) => {
        const d = meetingDoc.documents(doc).get(documentId);
        return d && typeof d.get === 'function' ? String(d.get('title') ?? '') : null;
      });
      if (title === null) throw new ApiError('invalid_input', `The query "documentId" is not valid: there is no document "${documentId}" in this meeting.`);
      const facts = await ctx.room.meetingFacts(meeting.id);
      const windows = facts.commentWindows ?? new Map();
      const table: CommentTable = { title, deadline: windows.get(documentId)?.until ?? null, comments: listComments(ctx.room.repo, windows, meeting.id, { id: session.user.id, role }, documentId) };
      const name = `gop-y-${documentId.slice(0, 8)}.${format}`;
      if (format === 'csv') sendFile(res, commentsCsv(table), 'text/csv; charset=utf-8', name);
      else if (format === 'pdf') sendFile(res, await commentsPdf(table), 'application/pdf', name);
      else if (format === 'docx') sendFile(res, await commentsDocx(table), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', name);
      else sendFile(res, await commentsXlsx(table), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', name);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/comments/${idPattern}/response`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!canEditMeeting(role)) throw new ApiError('forbidden', 'Only the secretariat answers comments on drafts.');
      const body = await readJson(req, CommentResponse);
      const out = ctx.room.answerComment(meeting.id, m[2]!, session.user.id, body);
      ctx.log('info', 'comment answered', { meetingId: meeting.id, commentId: m[2], status: body.status, user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath('/polls'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'prepare polls');
      const body = await readJson(req, PollBody);
      const poll = await ctx.room.createPoll(meeting.id, session.user.id, body.agendaItemId, body.definition);
      ctx.log('info', 'poll created', { meetingId: meeting.id, pollId: poll.id, user: session.user.username, kind: poll.definition.kind, secret: poll.definition.secret });
      sendJson(res, 201, { pollId: poll.id });
    },
  },
  {
    methods: ['PATCH', 'DELETE'],
    pattern: meetingPath(`/polls/${idPattern}`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'change polls');
      const pollId = m[2]!;
      if (req.method === 'DELETE') {
        await ctx.room.deletePoll(meeting.id, pollId, session.user.id);
        ctx.log('info', 'poll deleted', { meetingId: meeting.id, pollId, user: session.user.username });
        sendJson(res, 200, { ok: true });
        return;
      }
      const body = await readJson(req, PollBody);
      const poll = await ctx.room.updatePoll(meeting.id, pollId, session.user.id, body.agendaItemId, body.definition);
      ctx.log('info', 'poll updated', { meetingId: meeting.id, pollId, user: session.user.username });
      sendJson(res, 200, pollJson(poll));
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/(open|close|publish)`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const step = m[3] as 'open' | 'close' | 'publish';
      const { meeting } = await requireRunner(ctx, session, m[1]!, `${step} polls`);
      const pollId = m[2]!;
      const by = session.user.id;
      const poll =
        step === 'open'
          ? await ctx.room.openPoll(meeting.id, pollId, by)
          : step === 'close'
            ? await ctx.room.closePoll(meeting.id, pollId, by)
            : await ctx.room.publishPoll(meeting.id, pollId, by);
      sendJson(res, 200, pollJson(poll));
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/hands`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'record votes by show of hands');
      const body = await readJson(req, HandsRequest);
      sendJson(res, 200, ctx.room.recordHands(meeting.id, m[2]!, session.user.id, body.entries));
    },
  },
  // -- secret polls: the tellers' key ceremony and the opening of the result (issue 15) --
  {
    methods: ['GET'],
    pattern: meetingPath(`/polls/${idPattern}/ceremony`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', 'Only participants of this meeting can follow its key ceremonies.');
      sendJson(res, 200, ctx.room.ceremony(meeting.id, m[2]!, session.user.id));
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/ceremony/(key|dealing|confirm)`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', 'Only the tellers of this poll take part in its key ceremony.');
      const pollId = m[2]!;
      const step = m[3] as 'key' | 'dealing' | 'confirm';
      const me = session.user.id;
      let out: unknown = { ok: true };
      if (step === 'key') await ctx.room.ceremonyKey(meeting.id, pollId, me, await readJson(req, CeremonyKeyRequest));
      else if (step === 'dealing') await ctx.room.ceremonyDealing(meeting.id, pollId, me, await readJson(req, CeremonyDealingRequest));
      else out = await ctx.room.ceremonyConfirm(meeting.id, pollId, me, await readJson(req, CeremonyConfirmRequest));
      ctx.log('info', `ceremony ${step}`, { meetingId: meeting.id, pollId, user: session.user.username });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/ceremony/restart`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'restart a key ceremony');
      await ctx.room.restartCeremony(meeting.id, m[2]!, session.user.id);
      ctx.log('info', 'ceremony restarted', { meetingId: meeting.id, pollId: m[2], user: session.user.username });
      sendJson(res, 200, { ok: true });
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/partial`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', 'Only the tellers of this poll open its result.');
      const out = await ctx.room.partialDecryption(meeting.id, m[2]!, session.user.id, await readJson(req, PartialDecryptionRequest));
      ctx.log('info', 'partial decryption received', { meetingId: meeting.id, pollId: m[2], user: session.user.username, opened: out.opened });
      sendJson(res, 200, out);
    },
  },
  {
    methods: ['POST'],
    pattern: meetingPath(`/polls/${idPattern}/void`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'declare a poll void');
      const body = await readJson(req, VoidPollRequest);
      await ctx.room.declareVoid(meeting.id, m[2]!, session.user.id, body.reason);
      sendJson(res, 200, { ok: true });
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath(`/polls/${idPattern}/evidence`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireMember(ctx, session, m[1]!);
      if (!role) throw new ApiError('forbidden', "Only participants of this meeting can download a poll's ballots and tally proofs.");
      sendJson(res, 200, ctx.room.evidence(meeting.id, m[2]!));
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath(`/polls/${idPattern}/voters`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireRunner(ctx, session, m[1]!, 'see who has voted');
      sendJson(res, 200, ctx.room.voters(meeting.id, m[2]!));
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath('/audit'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      // Open to every participant: a named (roll-call) vote is public by its nature, and the
      // entries are what lets a member check that the record was not rewritten.
      const { meeting } = await requireMember(ctx, session, m[1]!);
      sendJson(res, 200, { entries: ctx.room.auditEntries(meeting.id) });
    },
  },
  {
    methods: ['GET'],
    pattern: meetingPath('/audit/verify'),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting } = await requireMember(ctx, session, m[1]!);
      const result = ctx.room.verifyAudit(meeting.id);
      if (!result.ok) ctx.log('error', 'audit chain broken', { meetingId: meeting.id, brokenAt: result.brokenAt });
      sendJson(res, 200, result);
    },
  },
];
