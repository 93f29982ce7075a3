/**
 * Creating and publishing meetings. The meetings row is what the list and the access
 * checks read; the `meeting/<id>` doc is what clients show. Both are written here so they
 * agree before anyone connects.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/errors';
import type { MeetingSummary } from '../../../shared/api/meetings';
import { canCreateMeeting } from '../../../shared/roles';
import { liveDoc } from '../../../shared/ydoc/live';
import { addParticipant, setMeta } from '../../../shared/ydoc/meeting';
import type { MeetingRecord } from '../../store/types';
import { organisationForNewMeeting } from '../../organisations/access';
import { officialRecordsOf } from '../../records-official/service';
import type { ApiContext } from '../context';
import type { Handlers } from '../router';
import type { meetingEndpoints } from '../../../shared/api/meetings';
import { meetingAccess } from '../../access';
import { serveBlob } from '../blob-route';

const summary = (m: MeetingRecord, role: MeetingSummary['role']): MeetingSummary => ({
  id: m.id,
  title: m.title,
  status: m.status,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  venue: m.venue,
  role,
});

export const meetingHandlers: Handlers<typeof meetingEndpoints> = {
  'meetings.list': async (ctx, { session: { user } }) => {
    const own = await ctx.store.listMeetingsOfUser(user.id);
    const roles = new Map(own.map((m) => [m.id, m.role]));
    const all = user.globalRole === 'admin' ? await ctx.store.listAllMeetings() : own;
    const meetings: MeetingSummary[] = [];
    for (const m of all) {
      const access = meetingAccess(user, m.status, roles.get(m.id) ?? null);
      if (access) meetings.push(summary(m, access.role));
    }
    return { meetings };
  },

  'meetings.create': {
    // Refused before the body is read: who may create meetings does not depend on it.
    guard: async (ctx, { session: { user } }) => {
      if (!canCreateMeeting(await standing(ctx, user.id, user.globalRole))) {
        ctx.log('warn', 'meeting creation refused', { user: user.username });
        throw new ApiError(
          'forbidden',
          'Only administrators and secretariat members can create meetings. Ask an administrator to create the meeting or to add you to a secretariat.',
        );
      }
    },
    handle: async (ctx, { session: { user }, body }) => {
      const orgs = officialRecordsOf(ctx).orgs;
      // Every meeting belongs to an organisation (issue 14): the one asked for, else the creator's own.
      const organisationId = await organisationForNewMeeting(orgs, user, body.organisationId);
      const id = randomUUID();
      const meeting = await ctx.store.createMeetingWithMembers(
        { id, title: body.title, status: 'draft', startsAt: body.startsAt, endsAt: body.endsAt, venue: body.venue },
        [{ userId: user.id, role: 'secretariat' }],
      );
      if (organisationId) await orgs.setMeetingOrganisation(id, organisationId);
      await ctx.docs.transact(`meeting/${id}`, (doc) => {
        // The creator is a participant like any other, so the list shows who prepares it.
        addParticipant(doc, { id: user.id, name: user.displayName, position: null, unit: null, role: 'secretariat', siteId: null });
        setMeta(doc, {
          title: body.title,
          kind: body.kind,
          startsAt: body.startsAt,
          endsAt: body.endsAt,
          venue: body.venue,
          confidentiality: body.confidentiality,
          status: 'draft',
          publishedAt: null,
        });
      });
      await ctx.docs.transact(`live/${id}`, (doc) => {
        liveDoc.state(doc).set('currentItemId', null);
        liveDoc.state(doc).set('startedAt', null);
      });
      ctx.log('info', 'meeting created', { meetingId: id, user: user.username, title: body.title });
      return summary(meeting, 'secretariat');
    },
  },

  'meetings.publish': async (ctx, { session, meeting, role }) => {
    // Row first, and only from draft, so two secretaries pressing Publish at once get one
    // success and one 409; the doc's status is reverted to the row's if they disagree.
    if (!(await ctx.store.changeMeetingStatus(meeting.id, 'draft', 'published'))) {
      throw new ApiError('conflict', 'This meeting is already published.');
    }
    const publishedAt = new Date().toISOString();
    try {
      await ctx.docs.transact(`meeting/${meeting.id}`, (doc) => setMeta(doc, { status: 'published', publishedAt }));
    } catch (err) {
      await ctx.store.changeMeetingStatus(meeting.id, 'published', 'draft');
      throw err;
    }
    ctx.log('info', 'meeting published', { meetingId: meeting.id, user: session.user.username });
    return summary({ ...meeting, status: 'published' }, role);
  },

  'meetings.blob': async (ctx, { session, params, req, res }) => serveBlob(req, res, params.sha256.toLowerCase(), session.user, ctx.store, ctx.dataDir),
  'meetings.blobHead': async (ctx, { session, params, req, res }) => serveBlob(req, res, params.sha256.toLowerCase(), session.user, ctx.store, ctx.dataDir),
};

/** The same rule the app uses to show "create meeting" (shared/roles). */
async function standing(ctx: ApiContext, userId: string, globalRole: 'admin' | 'user') {
  return {
    globalRole,
    // Anyone who already runs a meeting may start another; everyone else needs an admin.
    meetingRoles: (await ctx.store.countMembershipsWithRole(userId, 'secretariat')) > 0 ? (['secretariat'] as const) : [],
    organisationSecretariat: (await officialRecordsOf(ctx).orgs.secretariatOf(userId)).length > 0,
  };
}
