/** In the room: check-in and polls. Records go to the outbox first; steps go to the server. */
import { ApiError } from '../../../shared/errors';
import type { LocalBallot, OutboxState } from '../../../shared/contract';
import { canEditMeeting, canSpeak, runsMeeting } from '../../../shared/roles';
import { isVotingMember } from '../../../shared/domain/attendance';
import { memberRights } from '../../../shared/domain/site-rights';
import { fileForIpc } from '../server-client';
import type { CoreContext } from '../context';
import { meetingDoc } from '../../../shared/ydoc/meeting';
import { localOrigin } from '../origins';
import { outboxState } from '../outbox';
import { encryptForPoll, openWithShare, takeCeremonyStep, tellerStatus, TellerStore, verifyOnDevice, type TellerServer } from '../tellers';
import type { EvidenceInput } from '../../../shared/crypto';
import { PollDefinition } from '../../../shared/ydoc/live';
import type { Handlers } from '../validate';



export function attendanceHandlers(ctx: CoreContext): Handlers['attendance'] {
  return {
    checkIn: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      const view = m.view();
      if (!view.live.checkInOpen) throw new ApiError('conflict', 'Check-in is closed for this meeting. The secretariat opens it before the meeting starts.');
      const owner = ctx.owner();
      const [r] = ctx.outbox.enqueue(owner, meetingId, [
        { key: crypto.randomUUID(), kind: 'checkin', payload: { userId: owner.userId, status: 'present', substitute: null } },
      ]);
      return outboxState(r!);
    },
    mark: async ({ meetingId, userIds, status, substitute }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat can check other people in or out.');
      const known = new Set(m.view().content.participants.map((p) => p.id));
      const unknown = userIds.find((id) => !known.has(id));
      if (unknown) throw new ApiError('not_found', 'One of the people is no longer a participant of the meeting. Nothing was recorded.');
      if (substitute && userIds.length > 1) throw new ApiError('invalid_input', 'A substitute stands in for one member at a time.');
      ctx.outbox.enqueue(
        ctx.owner(),
        meetingId,
        [...new Set(userIds)].map((userId) => ({ key: crypto.randomUUID(), kind: 'checkin' as const, payload: { userId, status, substitute } })),
      );
      return { queued: new Set(userIds).size };
    },
    setWindow: async ({ meetingId, open }) => {
      const m = ctx.requireOpen(meetingId);
      if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat can open or close check-in.');
      await ctx.withServer((c, token) => c.setCheckInWindow(token, meetingId, open));
      return null;
    },
  };
}

/** One store of teller secrets per local database (its table is created on first use). */
const tellerStores = new WeakMap<object, TellerStore>();

export function pollHandlers(ctx: CoreContext): Handlers['polls'] {
  const tellerStore = () => {
    let s = tellerStores.get(ctx.db);
    if (!s) tellerStores.set(ctx.db, (s = new TellerStore(ctx.db, ctx.keys.records)));
    return s;
  };
  const tellerServer = (meetingId: string, pollId: string): TellerServer => ({
    ceremony: () => ctx.withServer((c, token) => c.ceremony(token, meetingId, pollId)),
    step: (step, body) => ctx.withServer((c, token) => c.ceremonyStep(token, meetingId, pollId, step, body)),
    partial: (body) => ctx.withServer((c, token) => c.sendPartial(token, meetingId, pollId, body)),
  });
  const manage = (meetingId: string) => {
    const m = ctx.requireOpen(meetingId);
    if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat can prepare and run polls.');
    return m;
  };
  return {
    create: async ({ meetingId, agendaItemId, definition }) => {
      manage(meetingId);
      return ctx.withServer((c, token) => c.createPoll(token, meetingId, { agendaItemId, definition }));
    },
    update: async ({ meetingId, pollId, agendaItemId, definition }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.updatePoll(token, meetingId, pollId, { agendaItemId, definition }));
      return null;
    },
    remove: async ({ meetingId, pollId }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.removePoll(token, meetingId, pollId));
      return null;
    },
    open: async ({ meetingId, pollId }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.pollStep(token, meetingId, pollId, 'open'));
      return null;
    },
    close: async ({ meetingId, pollId }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.pollStep(token, meetingId, pollId, 'close'));
      return null;
    },
    publish: async ({ meetingId, pollId }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.pollStep(token, meetingId, pollId, 'publish'));
      return null;
    },
    cast: async ({ meetingId, pollId, choices }): Promise<LocalBallot> => {
      const m = ctx.requireOpen(meetingId);
      const poll = m.view().polls.find((p) => p.id === pollId);
      // Checked here too so a person hears at once; the server checks again and decides.
      if (!poll) throw new ApiError('not_found', 'This poll is not on this device yet. Wait a moment and try again.');
      if (poll.status !== 'open') throw new ApiError('conflict', 'The poll is not open.');
      if (!memberRights(m.view().content, m.view().me).vote) throw new ApiError('forbidden', 'Your site follows this meeting without voting.');
      const valid = new Set(poll.definition.kind === 'approve' ? ['yes', 'no', 'abstain'] : poll.definition.options.map((o) => o.id));
      const wrong = choices.find((c) => !valid.has(c));
      if (wrong) throw new ApiError('invalid_input', `«${wrong}» is not on this ballot.`);
      const mine = m.view().myBallots[pollId];
      if (mine && mine.state !== 'refused' && !poll.definition.allowChange) {
        throw new ApiError('conflict', 'You have already voted in this poll.');
      }
      if (poll.definition.secret) {
        // Encrypted before it is stored: the outbox row holds ciphertexts and proofs only,
        // and the plaintext `choices` goes out of scope with this call.
        const { encrypted, tracker } = encryptForPoll(meetingId, poll, choices);
        const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'ballot', payload: { pollId, encrypted } }]);
        return { ...outboxState(r!), pollId, choices: [], tracker, castAt: r!.createdAt };
      }
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'ballot', payload: { pollId, choices } }]);
      return { ...outboxState(r!), pollId, choices, tracker: null, castAt: r!.createdAt };
    },
    recordHands: async ({ meetingId, pollId, entries }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.recordHands(token, meetingId, pollId, entries));
      return null;
    },
    voters: async ({ meetingId, pollId }) => {
      manage(meetingId);
      return ctx.withServer((c, token) => c.voters(token, meetingId, pollId));
    },
    // -- secret polls' tellers (issue 15) --
    ceremony: async ({ meetingId, pollId }) => {
      ctx.requireOpen(meetingId);
      const state = await tellerServer(meetingId, pollId).ceremony();
      return tellerStatus(state, tellerStore().get(ctx.owner(), pollId));
    },
    takePart: async ({ meetingId, pollId }) => {
      ctx.requireOpen(meetingId);
      return takeCeremonyStep(tellerStore(), ctx.owner(), meetingId, pollId, tellerServer(meetingId, pollId));
    },
    openResult: async ({ meetingId, pollId }) => {
      ctx.requireOpen(meetingId);
      return openWithShare(tellerStore(), ctx.owner(), pollId, tellerServer(meetingId, pollId));
    },
    restartCeremony: async ({ meetingId, pollId }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.restartCeremony(token, meetingId, pollId));
      return null;
    },
    declareVoid: async ({ meetingId, pollId, reason }) => {
      manage(meetingId);
      await ctx.withServer((c, token) => c.declareVoid(token, meetingId, pollId, reason));
      return null;
    },
    verify: async ({ meetingId, pollId }) => {
      ctx.requireOpen(meetingId);
      const evidence = await ctx.withServer((c, token) => c.pollEvidence(token, meetingId, pollId));
      // Checked here, on this device, not taken on the server's word.
      const def = PollDefinition.safeParse(evidence.definition);
      if (!def.success) throw new ApiError('server_error', "The server sent a poll record whose definition this app cannot read.");
      const r = await verifyOnDevice({ ...evidence, definition: def.data } as EvidenceInput);
      return { ok: r.ok, problems: r.problems, ballots: r.ballots, counts: r.counts, trackers: evidence.ballots.map((b) => b.tracker), missing: r.missing, rejected: r.rejected };
    },
  };
}

export function speakerHandlers(ctx: CoreContext): Handlers['speakers'] {
  const run = (meetingId: string) => {
    const m = ctx.requireOpen(meetingId);
    if (!runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the chair or the secretariat gives the floor.');
    return m;
  };
  return {
    request: async ({ meetingId, kind }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canSpeak(m.role)) throw new ApiError('forbidden', 'Only participants who take part in the debate can ask to speak.');
      if (!memberRights(m.view().content, m.view().me).speak) throw new ApiError('forbidden', 'Members at your site follow this meeting without speaking.');
      // Said here at once, offline too; the server checks again against its own list.
      if (kind === 'reply' && !m.view().speakers.some((r) => r.status === 'speaking' && r.userId !== m.view().me)) {
        throw new ApiError('conflict', 'Nobody else has the floor: there is no one to reply to. Ask to speak instead.');
      }
      return ctx.withServer((c, token) => c.askToSpeak(token, meetingId, kind));
    },
    withdraw: async ({ meetingId, requestId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'withdraw'));
    },
    grant: async ({ meetingId, requestId }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'grant'));
    },
    finish: async ({ meetingId, requestId }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.moveSpeakerRequest(token, meetingId, requestId, 'finish'));
    },
    time: async ({ meetingId, requestId, action }) => {
      run(meetingId);
      return ctx.withServer((c, token) => c.timeSpeech(token, meetingId, requestId, action));
    },
    order: async ({ meetingId, order }) => {
      run(meetingId);
      await ctx.withServer((c, token) => c.orderSpeakers(token, meetingId, order));
      return null;
    },
    giveSite: async ({ meetingId, siteId }) => {
      const m = run(meetingId);
      if (!m.view().content.sites.some((s) => s.id === siteId)) throw new ApiError('not_found', 'This site is not part of the meeting.');
      return ctx.withServer((c, token) => c.giveSiteAPlace(token, meetingId, siteId));
    },
  };
}

/**
 * Follow the presenter: the device checks who may present and that the page exists in the
 * pack's document (so a person hears at once), the server checks again and decides.
 */
export function presentingHandlers(ctx: CoreContext): Handlers['presenting'] {
  const pagesOf = (meetingId: string, documentId: string) => {
    const doc = ctx.requireOpen(meetingId).view().content.documents.find((d) => d.id === documentId);
    if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting pack.');
    return doc.pages;
  };
  const checkPage = (page: number, pages: number) => {
    if (page > pages) throw new ApiError('invalid_input', `The document has ${pages} pages; there is no page ${page}.`);
  };
  return {
    start: async ({ meetingId, documentId, page, presenterId }) => {
      const m = ctx.requireOpen(meetingId);
      const view = m.view();
      const named = view.presenting?.presenterId === view.me && (presenterId === null || presenterId === view.me);
      if (!runsMeeting(m.role) && !named) throw new ApiError('forbidden', 'Only the chair, a vice chair, the secretariat or the named presenter can present a document.');
      if (presenterId !== null && !view.content.participants.some((p) => p.id === presenterId)) throw new ApiError('not_found', 'That person is not a participant of the meeting.');
      checkPage(page, pagesOf(meetingId, documentId));
      return ctx.withServer((c, token) => c.startPresenting(token, meetingId, { documentId, page, presenterId }));
    },
    turn: async ({ meetingId, page }) => {
      const m = ctx.requireOpen(meetingId);
      const p = m.view().presenting;
      if (!p) throw new ApiError('conflict', 'Nothing is being presented.');
      if (p.presenterId !== m.view().me && !runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the presenter turns the pages for everyone.');
      checkPage(page, pagesOf(meetingId, p.documentId));
      return ctx.withServer((c, token) => c.turnPresentedPage(token, meetingId, page));
    },
    stop: async ({ meetingId }) => {
      const m = ctx.requireOpen(meetingId);
      const p = m.view().presenting;
      if (p && p.presenterId !== m.view().me && !runsMeeting(m.role)) throw new ApiError('forbidden', 'Only the presenter or whoever runs the meeting can stop presenting.');
      await ctx.withServer((c, token) => c.stopPresenting(token, meetingId));
      return null;
    },
  };
}

/**
 * Conflicts of interest: a record through the outbox, like a check-in, so a declaration
 * made offline is kept and sent with a receipt. Checked here so the person hears at once;
 * the server decides.
 */
export function recusalHandlers(ctx: CoreContext): Handlers['recusals'] {
  return {
    declare: async ({ meetingId, agendaItemId, reason }) => {
      const m = ctx.requireOpen(meetingId);
      if (!m.role || !isVotingMember(m.role)) throw new ApiError('forbidden', 'Only voting members declare a conflict of interest: others do not vote.');
      const view = m.view();
      if (!view.content.agenda.some((i) => i.id === agendaItemId)) throw new ApiError('not_found', 'This agenda item no longer exists; someone may have deleted it.');
      if (view.recusals.some((r) => r.agendaItemId === agendaItemId && r.userId === view.me)) throw new ApiError('conflict', 'You have already declared a conflict of interest on this item.');
      const voted = view.polls.find((p) => p.agendaItemId === agendaItemId && p.status === 'open' && view.myBallots[p.id] && view.myBallots[p.id]!.state !== 'refused');
      if (voted) throw new ApiError('conflict', 'You have already voted in the open poll on this item; your ballot stays as cast. Ask the chair.');
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'recusal', payload: { agendaItemId, reason } }]);
      return outboxState(r!);
    },
  };
}

/**
 * Comments on drafts: the window is the secretariat's (meeting doc); a comment is a record
 * through the outbox, kept on the device whatever happens (after the deadline the server
 * refuses it with the reason, and the device shows it); the list and the answers need the
 * server.
 */
export function commentHandlers(ctx: CoreContext): Handlers['comments'] {
  return {
    setWindow: async ({ meetingId, documentId, until, public: isPublic }) => {
      const m = ctx.requireEditor(meetingId);
      const doc = m.meeting.doc;
      if (!meetingDoc.documents(doc).has(documentId)) throw new ApiError('not_found', 'This document is not part of the meeting.');
      doc.transact(() => {
        if (until === null) meetingDoc.commentWindows(doc).delete(documentId);
        else meetingDoc.commentWindows(doc).set(documentId, JSON.stringify({ until, public: isPublic }));
      }, localOrigin);
      return null;
    },
    add: async ({ meetingId, documentId, page, quote, text, asUnit }) => {
      const m = ctx.requireOpen(meetingId);
      const doc = m.view().content.documents.find((d) => d.id === documentId);
      if (!doc) throw new ApiError('not_found', 'This document is not part of the meeting pack.');
      if (page > doc.pages) throw new ApiError('invalid_input', `The document has ${doc.pages} pages; there is no page ${page}.`);
      const [r] = ctx.outbox.enqueue(ctx.owner(), meetingId, [{ key: crypto.randomUUID(), kind: 'comment', payload: { commentId: crypto.randomUUID(), documentId, page, quote, text, asUnit } }]);
      return outboxState(r!);
    },
    list: async ({ meetingId, documentId }) => {
      ctx.requireOpen(meetingId);
      return ctx.withServer((c, token) => c.listComments(token, meetingId, documentId));
    },
    export: async ({ meetingId, documentId, format }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat exports the consolidated comments.');
      return fileForIpc(await ctx.withServer((c, token) => c.exportComments(token, meetingId, documentId, format)));
    },
    respond: async ({ meetingId, commentId, status, reply }) => {
      const m = ctx.requireOpen(meetingId);
      if (!canEditMeeting(m.role)) throw new ApiError('forbidden', 'Only the secretariat answers comments on drafts.');
      return ctx.withServer((c, token) => c.answerComment(token, meetingId, commentId, { status, reply }));
    },
  };
}
