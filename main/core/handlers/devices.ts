/**
 * Who is signed in where (issue 11): the signed-in person's devices, and for an
 * administrator (or the secretariat of a meeting someone is in) that person's devices.
 * Everything here is the server's business; the core passes it on with the session token.
 */
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function deviceHandlers(ctx: CoreContext): Handlers['devices'] {
  return {
    list: async () => (await ctx.withServer((c, token) => c.devices(token))).devices,
    signOut: async ({ deviceId }) => {
      await ctx.withServer((c, token) => c.signOutDevice(token, deviceId));
      return null;
    },
    markLost: ({ deviceId }) => ctx.withServer((c, token) => c.markDeviceLost(token, deviceId)),
    signOutEverywhere: async () => {
      const res = await ctx.withServer((c, token) => c.signOutEverywhere(token));
      // This device was one of them: sign out here as "sign out" does (local data stays).
      ctx.signOutHere();
      return res;
    },
    ofUser: ({ user }) => ctx.withServer((c, token) => c.userDevices(token, user)),
    signOutUser: ({ user }) => ctx.withServer((c, token) => c.signOutUser(token, user)),
    setDisabled: ({ user, disabled }) => ctx.withServer((c, token) => c.setUserDisabled(token, user, disabled)),
  };
}
