/** Voting on the device: polls run by the chair, ballots cast through the outbox (sealed for secret polls), tellers and the check of the count. */
import { ApiError } from '../../../shared/errors';
import type { LocalBallot } from '../../../shared/contract';
import { runsMeeting } from '../../../shared/roles';
import { memberRights } from '../../../shared/domain/site-rights';
import type { CoreContext } from '../context';
import { outboxState } from '../outbox';
import { encryptForPoll, openWithShare, takeCeremonyStep, tellerStatus, TellerStore, verifyOnDevice, type TellerServer } from '../tellers';
import type { EvidenceInput } from '../../../shared/crypto';
import { PollDefinition } from '../../../shared/ydoc/live';
import type { Handlers } from '../validate';

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
