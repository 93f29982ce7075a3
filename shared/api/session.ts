/** Signing in and out, the server's health, its receipt key and its own description. */
import { z } from 'zod';
import { Health } from './ops';
import { OkResponse } from './common';
import { ReceiptKeyResponse } from './outbox';
import { endpoint } from './endpoint';
import { GlobalRole } from '../roles';
import { safeLine } from '../text-safety';

export const LoginRequest = z.object({
  username: z.string().trim().min(1, 'Enter a user name.').max(128),
  password: z.string().min(1, 'Enter a password.').max(1024),
  /** What the device calls itself (host name and system; browser mode says so), listed in "my devices". */
  deviceName: safeLine('Device name').max(120, 'A device name can have at most 120 characters.').optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  globalRole: GlobalRole,
  /**
   * Secretariat of an organisation (issue 14), as of sign-in: with globalRole and the
   * meeting list's roles, what the app asks shared/roles before offering an action.
   */
  organisationSecretariat: z.boolean().optional(),
});
export type User = z.infer<typeof User>;

export const LoginResponse = z.object({
  token: z.string(),
  /** ISO time after which the token is refused and the user must sign in again. */
  expiresAt: z.string(),
  user: User,
  /** The server's receipt key (as GET /api/receipt-key), pinned by the device at sign-in. */
  receiptKey: z.string(),
});
export type LoginResponse = z.infer<typeof LoginResponse>;

export const SessionResponse = z.object({ user: User, expiresAt: z.string() });
export type SessionResponse = z.infer<typeof SessionResponse>;

export const sessionEndpoints = {
  'session.health': endpoint({ method: 'GET', path: '/api/health', access: 'public', summary: 'Liveness check', reply: Health, timeoutMs: 3000 }),
  'session.login': endpoint({
    method: 'POST',
    path: '/api/login',
    access: 'public',
    summary: 'Sign in and get a session token',
    body: LoginRequest,
    reply: LoginResponse,
    errors: ['bad_credentials', 'forbidden', 'rate_limited'],
  }),
  'session.receiptKey': endpoint({
    method: 'GET',
    path: '/api/receipt-key',
    access: 'public',
    summary: "The server's Ed25519 public key that signs record receipts",
    reply: ReceiptKeyResponse,
  }),
  'session.logout': endpoint({ method: 'POST', path: '/api/logout', access: 'signed-in', summary: 'Revoke the current session token', reply: OkResponse }),
  'session.current': endpoint({ method: 'GET', path: '/api/session', access: 'signed-in', summary: 'The current session and its user', reply: SessionResponse }),
  'session.openapi': endpoint({
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    summary: 'This document (OpenAPI 3.1)',
    reply: z.record(z.string(), z.unknown()),
  }),
};
