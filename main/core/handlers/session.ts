import type { SessionInfo } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { ServerClient } from '../server-client';
import { publicSession } from '../session';
import type { Handlers } from '../validate';

export function sessionHandlers(ctx: CoreContext): Handlers['session'] {
  return {
    login: async ({ serverUrl, username, password }): Promise<SessionInfo> => {
      const res = await new ServerClient(serverUrl).login(username, password);
      ctx.receiptKeys.pin(serverUrl, res.receiptKey);
      ctx.closeAllMeetings();
      ctx.session = { serverUrl, token: res.token, user: res.user, expiresAt: res.expiresAt };
      ctx.sessions.save(ctx.session);
      ctx.connectivity.start();
      ctx.outbox.kick();
      ctx.emitSession();
      return publicSession(ctx.session)!;
    },
    logout: async () => {
      const s = ctx.session;
      if (s) await new ServerClient(s.serverUrl, 3000).logout(s.token).catch(() => undefined);
      ctx.closeAllMeetings();
      ctx.session = null;
      ctx.sessions.clear();
      ctx.connectivity.stop();
      ctx.emitSession();
      return null;
    },
    current: async () => publicSession(ctx.session),
  };
}
