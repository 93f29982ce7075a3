/** Signing in and out, the server's health, its receipt key and its own description. */
import { z } from 'zod';
import { Health, LoginRequest, LoginResponse, OkResponse, ReceiptKeyResponse, SessionResponse } from '../http';
import { endpoint } from './endpoint';

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
