import type { SessionInfo } from '../../../shared/contract';
import { ApiError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { deviceName, publicSession } from '../session';
import type { Handlers } from '../validate';
import { forgetLastWipe } from '../wipe';

export function sessionHandlers(ctx: CoreContext): Handlers['session'] {
  return {
    login: async ({ serverUrl, username, password }): Promise<SessionInfo> => {
      const res = await ctx.client(serverUrl).login(username, password, deviceName(ctx.opts.mode));
      ctx.receiptKeys.pin(serverUrl, res.receiptKey);
      ctx.closeAllMeetings();
      ctx.session = { serverUrl, token: res.token, user: res.user, expiresAt: res.expiresAt };
      ctx.sessions.save(ctx.session);
      forgetLastWipe(ctx.db);
      ctx.lease.reached(serverUrl, res.user.id);
      ctx.connectivity.start();
      ctx.outbox.kick();
      ctx.emitSession();
      return publicSession(ctx.session)!;
    },
    logout: async () => {
      const s = ctx.session;
      const refused = s ? await ctx.client(s.serverUrl, 3000).logout(s.token).then(() => null, (err: unknown) => err) : null;
      // Signing out of a device marked lost must not skip its wipe: the wipe signs it out.
      if (s && refused instanceof ApiError && refused.code === 'device_lost') {
        ctx.onDeviceLost?.(s);
        return null;
      }
      ctx.signOutHere();
      return null;
    },
    current: async () => publicSession(ctx.session),
  };
}
