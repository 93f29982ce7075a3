/** Signing in and out, the session, health, the receipt key and the OpenAPI document. */
import type { IncomingMessage } from 'node:http';
import type { sessionEndpoints } from '../../../shared/api/session';
import { ApiError } from '../../../shared/errors';
import type { LoginResponse } from '../../../shared/api/session';
import { dummyHash, verifyPassword } from '../../auth/passwords';
import { officialRecordsOf } from '../../records-official/service';
import { bearer, type ApiContext } from '../context';
import { openApiDocument } from '../openapi';
import { clientAddress, rateLimited } from '../request-limits';
import type { Handlers } from '../router';

const badCredentials = 'The user name or password is not correct.';

/**
 * Whether the request carries a valid session of this very user: a device already signed
 * in as the chair is never held back by someone else's failures (issue 18).
 */
async function signedInAs(ctx: ApiContext, req: IncomingMessage, username: string): Promise<boolean> {
  const token = bearer(req);
  if (!token) return false;
  const session = await ctx.sessions.verify(token, clientAddress(req));
  return !!session && session.user.username.toLowerCase() === username.toLowerCase();
}

const isOrganisationSecretariat = async (ctx: ApiContext, userId: string) => (await officialRecordsOf(ctx).orgs.secretariatOf(userId)).length > 0;

export const sessionHandlers: Handlers<typeof sessionEndpoints> = {
  'session.health': async (ctx) => ({ ok: true, version: ctx.version }),

  'session.login': async (ctx, { req, body }) => {
    const ip = clientAddress(req);
    const refusal = (await signedInAs(ctx, req, body.username)) ? null : ctx.limiter.begin(body.username, ip);
    if (refusal) {
      const { limits } = ctx.limiter;
      ctx.log('warn', 'login rate limited', { username: body.username, ip, scope: refusal.scope });
      throw rateLimited(
        refusal.scope === 'account'
          ? `Too many failed sign-in attempts for this user name from this device (more than ${limits.pairFreeFailures}).`
          : `Too many failed sign-ins from this network address (${limits.addressMaxFailures} in ${Math.round(limits.addressWindowMs / 60_000)} minutes).`,
        refusal.retryAfterMs,
      );
    }
    const user = await ctx.store.findUserByUsername(body.username);
    const ok = await verifyPassword(body.password, user?.passwordHash ?? (await dummyHash()));
    if (!user || !ok) {
      ctx.limiter.fail(body.username, ip);
      ctx.log('info', 'login failed', { username: body.username, ip });
      throw new ApiError('bad_credentials', badCredentials);
    }
    ctx.limiter.succeed(body.username, ip);
    // Told only after the right password, so a guesser learns nothing about the account.
    if (await ctx.store.isUserDisabled(user.id)) {
      ctx.log('warn', 'login to a disabled account', { username: user.username, ip });
      throw new ApiError('forbidden', 'This account is disabled. Ask an administrator to enable it again.');
    }
    const { token, expiresAt } = await ctx.sessions.issue(user.id, { name: body.deviceName, ip });
    const { passwordHash: _, ...account } = user;
    ctx.log('info', 'login', { username: user.username, ip });
    return {
      token,
      expiresAt: new Date(expiresAt).toISOString(),
      user: { ...account, organisationSecretariat: await isOrganisationSecretariat(ctx, user.id) },
      receiptKey: ctx.records.signer.publicKeyBase64(),
    } satisfies LoginResponse;
  },

  'session.receiptKey': async (ctx) => ({ algorithm: 'Ed25519', publicKey: ctx.records.signer.publicKeyBase64() }),

  'session.logout': async (ctx, { session }) => {
    await ctx.sessions.revoke(session.tokenHash);
    return { ok: true };
  },

  'session.current': async (ctx, { session: { user, expiresAt } }) => ({
    user: { ...user, organisationSecretariat: await isOrganisationSecretariat(ctx, user.id) },
    expiresAt: new Date(expiresAt).toISOString(),
  }),

  'session.openapi': async (ctx) => openApiDocument(ctx.version),
};
