/**
 * Issue 18: "Verify now" in the Audit view. The server checks its own chain and rows; what
 * the device adds is the heads it kept — from its receipts and from the signed heads in
 * `live/<id>` — which the server cannot forge or forget: a chain shortened, emptied or
 * recomputed since this device saw it fails on them. The role (chair, vice chair,
 * secretariat) is checked by the server.
 */
import type { CoreContext } from '../context';
import type { Handlers } from '../validate';

export function auditHandlers(ctx: CoreContext): Handlers['audit'] {
  return {
    verify: async ({ meetingId }) => {
      const s = ctx.requireSession();
      const heads = ctx.auditHeads.list(s.serverUrl, meetingId).map((h) => ({ hash: h.hash, length: h.length }));
      const report = await ctx.withServer((c, token) => c.auditCheck(token, meetingId, heads));
      return { report, deviceHeads: heads.length };
    },
  };
}
