/**
 * Participants of a meeting. meeting_members decides who may connect and in which role;
 * the doc's `participants` map is the list people see. Every change writes both, the
 * membership first, so the list never shows someone the server would not let in.
 */
import os from 'node:os';
import * as Y from 'yjs';
import type { z } from 'zod';
import { ApiError } from '../../../shared/errors';
import { closeCodes } from '../../../shared/ydoc/doc-names';
import { type AddParticipantsRequest, type AddParticipantsResponse } from '../../../shared/api/participants';
import type { participantEndpoints } from '../../../shared/api/participants';
import { canEditMeeting, canSeeDraft, type MeetingRole } from '../../../shared/roles';
import { addParticipant, meetingDoc } from '../../../shared/ydoc/meeting';
import { generateInitialPassword, hashInitialPassword } from '../../auth/passwords';
import { mapLimit } from '../../concurrency';
import { ParticipantConflict, type MeetingRecord } from '../../store/types';
import type { ApiContext } from '../context';
import type { Handlers } from '../router';

// One hash per core: libuv's pool has 4 threads by default, so file I/O keeps the rest.
const hashConcurrency = Math.max(1, Math.min(4, os.availableParallelism()));
const lastSecretariat = 'A meeting needs at least one secretariat member.';

/** Close code for "your role changed": the client reconnects and the upgrade decides again. */
export const roleChangedCloseCode = 1012;

function siteIds(doc: Y.Doc): Set<string> {
  return new Set(meetingDoc.sites(doc).keys());
}

function alreadyMember(username: string, index: number): ApiError {
  return new ApiError('conflict', `participants.${index}.username: "${username}" is already a participant of this meeting.`);
}

async function addParticipants(
  ctx: ApiContext,
  meeting: MeetingRecord,
  rows: z.output<typeof AddParticipantsRequest>['participants'],
  user: string,
): Promise<AddParticipantsResponse> {
  const firstAt = new Map<string, number>();
  rows.forEach((p, i) => {
    const first = firstAt.get(p.username);
    if (first !== undefined) {
      throw new ApiError('invalid_input', `participants.${i}.username: "${p.username}" is already used at position ${first}.`);
    }
    firstAt.set(p.username, i);
  });

  const sites = await ctx.docs.read(`meeting/${meeting.id}`, siteIds);
  rows.forEach((p, i) => {
    if (p.siteId !== null && !sites.has(p.siteId)) {
      throw new ApiError('invalid_input', `participants.${i}.siteId: there is no site "${p.siteId}" in this meeting.`);
    }
  });

  const members = new Set((await ctx.store.listMembers(meeting.id)).map((m) => m.username.toLowerCase()));
  const clash = rows.findIndex((p) => members.has(p.username));
  if (clash >= 0) throw alreadyMember(rows[clash]!.username, clash);

  const existing = await ctx.store.findUsersByUsernames(rows.map((p) => p.username));
  const started = Date.now();
  const passwords = await mapLimit(rows, hashConcurrency, async (p) => {
    if (existing.has(p.username)) return null;
    const password = generateInitialPassword();
    return { password, hash: await hashInitialPassword(password) };
  });
  const hashMs = Date.now() - started;

  let added;
  try {
    added = await ctx.store.addParticipants(
      meeting.id,
      rows.map((p, i) => ({ username: p.username, displayName: p.name, role: p.role, passwordHash: passwords[i]?.hash ?? null })),
    );
  } catch (err) {
    if (err instanceof ParticipantConflict) throw alreadyMember(err.username, Math.max(0, firstAt.get(err.username.toLowerCase()) ?? 0));
    throw err;
  }

  // A person has one name everywhere: an existing account keeps its own display name, so
  // the participant list, seating and attendance say what the speaker list and tasks say.
  const raced = added.filter((a) => !a.created && !existing.has(a.username.toLowerCase())).map((a) => a.username);
  // An account another request created since the lookup above: ask for its name too.
  if (raced.length) for (const [k, u] of await ctx.store.findUsersByUsernames(raced)) existing.set(k, u);
  const nameOf = (i: number) => (added[i]!.created ? rows[i]!.name : (existing.get(rows[i]!.username)?.displayName ?? rows[i]!.name));
  await ctx.docs.transact(`meeting/${meeting.id}`, (doc) => {
    rows.forEach((p, i) => {
      addParticipant(doc, { id: added[i]!.userId, name: nameOf(i), position: p.position, unit: p.unit, role: p.role, siteId: p.siteId });
    });
  });
  const created = added.filter((a) => a.created).length;
  ctx.log('info', 'participants added', { meetingId: meeting.id, user, added: added.length, created, hashMs });
  return {
    added: added.map((a, i) => ({
      userId: a.userId,
      username: a.username,
      // An account another request created meanwhile keeps its own password.
      initialPassword: a.created ? (passwords[i]?.password ?? null) : null,
      displayName: nameOf(i),
      existingAccount: !a.created,
    })),
  };
}

/** Whether a role change alters what the user's open connections may do or see. */
function accessChanged(before: MeetingRole, after: MeetingRole): boolean {
  return canEditMeeting(before) !== canEditMeeting(after) || canSeeDraft(before) !== canSeeDraft(after);
}

export const participantHandlers: Handlers<typeof participantEndpoints> = {
  // Which user names already have an account, and whose: the import preview marks those
  // rows before anything is written. Secretariat only, as adding them is.
  'participants.lookupAccounts': async (ctx, { body }) => {
    const found = await ctx.store.findUsersByUsernames([...new Set(body.usernames)]);
    return { accounts: [...found.values()].map((u) => ({ username: u.username, displayName: u.displayName })) };
  },

  'participants.add': async (ctx, { session, meeting, body }) => addParticipants(ctx, meeting, body.participants, session.user.username),

  'participants.update': async (ctx, { session, meeting, params: { userId }, body: patch }) => {
    const before = await ctx.store.getMemberRole(meeting.id, userId);
    if (!before) throw new ApiError('not_found', 'This person is not a participant of this meeting.');
    if (patch.siteId) {
      const sites = await ctx.docs.read(`meeting/${meeting.id}`, siteIds);
      if (!sites.has(patch.siteId)) throw new ApiError('invalid_input', `siteId: there is no site "${patch.siteId}" in this meeting.`);
    }
    if (patch.role && patch.role !== before) {
      const outcome = await ctx.store.changeMember(meeting.id, userId, patch.role);
      if (outcome === 'last_secretariat') throw new ApiError('conflict', lastSecretariat);
      if (outcome === 'not_member') throw new ApiError('not_found', 'This person is not a participant of this meeting.');
    }
    await ctx.docs.transact(`meeting/${meeting.id}`, (doc) => {
      const entry = meetingDoc.participants(doc).get(userId);
      if (entry instanceof Y.Map) {
        for (const [k, v] of Object.entries(patch)) if (v !== undefined) entry.set(k, v);
      }
    });
    if (patch.role && patch.role !== before && accessChanged(before, patch.role)) {
      ctx.docs.closeConnectionsOf(meeting.id, userId, roleChangedCloseCode, 'Your role in this meeting changed; reconnect.');
    }
    ctx.log('info', 'participant changed', { meetingId: meeting.id, user: session.user.username, participant: userId, fields: Object.keys(patch) });
    return { ok: true };
  },

  'participants.remove': async (ctx, { session, meeting, params: { userId } }) => {
    const outcome = await ctx.store.changeMember(meeting.id, userId, null);
    if (outcome === 'last_secretariat') throw new ApiError('conflict', lastSecretariat);
    if (outcome === 'not_member') throw new ApiError('not_found', 'This person is not a participant of this meeting.');
    await ctx.docs.transact(`meeting/${meeting.id}`, (doc) => {
      meetingDoc.participants(doc).delete(userId);
    });
    const closed = ctx.docs.closeConnectionsOf(meeting.id, userId, closeCodes.forbidden, 'You are no longer a participant of this meeting.');
    ctx.log('info', 'participant removed', { meetingId: meeting.id, user: session.user.username, participant: userId, closedConnections: closed });
    return { ok: true };
  },
};
