import * as Y from 'yjs';
import { ApiError } from '../../../shared/errors';
import { addSite, meetingDoc } from '../../../shared/ydoc/meeting';
import type { CoreContext } from '../context';
import { patchMap } from '../map-patch';
import { localOrigin } from '../origins';
import type { Handlers } from '../validate';

export function siteHandlers(ctx: CoreContext): Handlers['sites'] {
  const site = (d: Y.Doc, siteId: string) => {
    const s = meetingDoc.sites(d).get(siteId);
    if (!(s instanceof Y.Map)) throw new ApiError('not_found', 'This site no longer exists; someone may have removed it.');
    return s;
  };
  return {
    add: async ({ meetingId, name, kind }) => {
      const d = ctx.requireEditor(meetingId).meeting.doc;
      const siteId = crypto.randomUUID();
      d.transact(() => addSite(d, { id: siteId, name, kind }), localOrigin);
      return { siteId };
    },
    update: async ({ meetingId, siteId, name, kind }) => {
      const d = ctx.requireEditor(meetingId).meeting.doc;
      const s = site(d, siteId);
      patchMap(d, s, { name, kind }, localOrigin);
      return null;
    },
    remove: async ({ meetingId, siteId }) => {
      const d = ctx.requireEditor(meetingId).meeting.doc;
      site(d, siteId);
      d.transact(() => {
        meetingDoc.sites(d).delete(siteId);
        meetingDoc.participants(d).forEach((p) => {
          if (p instanceof Y.Map && p.get('siteId') === siteId) p.set('siteId', null);
        });
      }, localOrigin);
      return null;
    },
  };
}
