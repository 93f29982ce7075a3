/**
 * Creating and publishing meetings. The meetings row is what the list and the access
 * checks read; the `meeting/<id>` doc is what clients show. Both are written here so they
 * agree before anyone connects.
 */
import { randomUUID } from 'node:crypto';
import { ApiError } from '../../../shared/errors';
import { CreateMeetingRequest, type MeetingSummary } from '../../../shared/http';
import { canCreateMeeting } from '../../../shared/roles';
import { liveDoc } from '../../../shared/ydoc/live';
import { addParticipant, setMeta } from '../../../shared/ydoc/meeting';
import type { MeetingRecord } from '../../store/types';
import { organisationForNewMeeting } from '../../organisations/access';
import { readJson } from '../body';
import { officialRecordsOf } from '../../records-official/service';
import { requireSecretariat, requireSession, type Route } from '../context';
import { sendJson } from '../respond';

export const meetingIdPattern = '([A-Za-z0-9_-]{1,64})';

const summary = (m: MeetingRecord, role: MeetingSummary['role']): MeetingSummary => ({
  id: m.id,
  title: m.title,
  status: m.status,
  startsAt: m.startsAt,
  endsAt: m.endsAt,
  venue: m.venue,
  role,
});

export const meetingRoutes: Route[] = [
  {
    methods: ['POST'],
    pattern: /^\/api\/meetings$/,
    handler: async (ctx, req, res) => {
      const session = await requireSession(ctx, req);
      const { user } = session;
      // Anyone who already runs a meeting may start another; everyone else needs an admin.
      const orgs = officialRecordsOf(ctx).orgs;
      // The same rule the app uses to show "create meeting" (shared/roles).
      const standing = {
        globalRole: user.globalRole,
        meetingRoles: (await ctx.store.countMembershipsWithRole(user.id, 'secretariat')) > 0 ? (['secretariat'] as const) : [],
        organisationSecretariat: orgs.secretariatOf(user.id).length > 0,
      };
      if (!canCreateMeeting(standing)) {
        ctx.log('warn', 'meeting creation refused', { user: user.username });
        throw new ApiError(
          'forbidden',
          'Only administrators and secretariat members can create meetings. Ask an administrator to create the meeting or to add you to a secretariat.',
        );
      }
      const body = await readJson(req, CreateMeetingRequest);
      // Every meeting belongs to an organisation (issue 14): the one asked for, else the creator's own.
      const organisationId = organisationForNewMeeting(orgs, user, body.organisationId);
      const id = randomUUID();
      const meeting = await ctx.store.createMeetingWithMembers(
        { id, title: body.title, status: 'draft', startsAt: body.startsAt, endsAt: body.endsAt, venue: body.venue },
        [{ userId: user.id, role: 'secretariat' }],
      );
      if (organisationId) orgs.setMeetingOrganisation(id, organisationId);
      await ctx.rooms.transact(`meeting/${id}`, (doc) => {
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
      await ctx.rooms.transact(`live/${id}`, (doc) => {
        liveDoc.state(doc).set('currentItemId', null);
        liveDoc.state(doc).set('startedAt', null);
      });
      ctx.log('info', 'meeting created', { meetingId: id, user: user.username, title: body.title });
      sendJson(res, 201, summary(meeting, 'secretariat'));
    },
  },
  {
    methods: ['POST'],
    pattern: new RegExp(`^/api/meetings/${meetingIdPattern}/publish$`),
    handler: async (ctx, req, res, m) => {
      const session = await requireSession(ctx, req);
      const { meeting, role } = await requireSecretariat(ctx, session, m[1]!, 'publish it');
      // Row first, and only from draft, so two secretaries pressing Publish at once get one
      // success and one 409; the doc's status is reverted to the row's if they disagree.
      if (!(await ctx.store.changeMeetingStatus(meeting.id, 'draft', 'published'))) {
        throw new ApiError('conflict', 'This meeting is already published.');
      }
      const publishedAt = new Date().toISOString();
      try {
        await ctx.rooms.transact(`meeting/${meeting.id}`, (doc) => setMeta(doc, { status: 'published', publishedAt }));
      } catch (err) {
        await ctx.store.changeMeetingStatus(meeting.id, 'published', 'draft');
        throw err;
      }
      ctx.log('info', 'meeting published', { meetingId: meeting.id, user: session.user.username });
      sendJson(res, 200, summary({ ...meeting, status: 'published' }, role));
    },
  },
];
