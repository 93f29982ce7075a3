/**
 * One meaning for a database's refusals, whichever database said it. SQLite and PostgreSQL
 * report a taken user name, a missing meeting or an unreachable database in their own
 * words; callers (and devices, over HTTP) must get the same ApiError from either store:
 *   unique violation      → `conflict`  (409)
 *   foreign-key violation → `not_found` (404)
 *   database unreachable  → `offline`   (503, "try again"; nothing was written)
 * The message names what clashed, from the Store method that was called.
 */
import { ApiError } from '../../shared/errors';
import type { Store } from './types';

const conflictMessages: Partial<Record<keyof Store, string>> = {
  createUsers: 'That user name is already taken.',
  createMeeting: 'A meeting with this id already exists.',
  createMeetingWithMembers: 'A meeting with this id already exists.',
  addParticipants: 'That user name is already taken.',
  createSession: 'This session already exists.',
  createDeviceSession: 'This session (or its id) already exists.',
};

const missingMessages: Partial<Record<keyof Store, string>> = {
  addMembers: 'The meeting or one of the accounts does not exist.',
  createMeetingWithMembers: 'One of the accounts does not exist.',
  addParticipants: 'The meeting does not exist.',
  createSession: 'The account does not exist.',
  createDeviceSession: 'The account does not exist.',
  addMeetingBlob: 'The meeting does not exist.',
};

type Failure = 'unique' | 'foreign_key' | 'unavailable' | null;

/** PostgreSQL SQLSTATEs and libpq/socket failures that mean "the database is not there right now". */
const unavailableStates = /^(08|57P0[123]|53300)/;
const unavailableErrnos = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export function classifyDatabaseError(err: unknown): Failure {
  if (!err || typeof err !== 'object') return null;
  const code = (err as { code?: unknown }).code;
  const message = (err as { message?: unknown }).message;
  if (typeof code === 'string') {
    // PostgreSQL (pg sets the SQLSTATE as `code`)
    if (code === '23505') return 'unique';
    if (code === '23503') return 'foreign_key';
    if (unavailableStates.test(code) || unavailableErrnos.has(code)) return 'unavailable';
    // SQLite (better-sqlite3's extended result codes)
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return 'unique';
    if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'foreign_key';
    if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_')) return 'unavailable';
  }
  // pg reports a dropped connection or an exhausted pool without a code.
  if (typeof message === 'string' && /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message)) {
    return 'unavailable';
  }
  return null;
}

export const databaseUnavailable = (): ApiError =>
  new ApiError('offline', 'The database cannot be reached right now, so nothing was saved. Try again in a moment.');

export function translateStoreError(method: keyof Store, err: unknown): unknown {
  if (err instanceof ApiError) return err;
  switch (classifyDatabaseError(err)) {
    case 'unique':
      return new ApiError('conflict', conflictMessages[method] ?? 'This already exists.');
    case 'foreign_key':
      return new ApiError('not_found', missingMessages[method] ?? 'Something this refers to does not exist.');
    case 'unavailable':
      return databaseUnavailable();
    default:
      return err;
  }
}

/**
 * The same store whose methods reject with translated errors. Properties that are not
 * methods (the SQLite connection the room uses) are passed through untouched.
 */
export function withStoreErrors<S extends Store>(store: S): S {
  const wrapped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    if (typeof value !== 'function' || key === 'close') {
      wrapped[key] = value;
      continue;
    }
    const method = key as keyof Store;
    wrapped[key] = async (...args: unknown[]) => {
      try {
        return await (value as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (err) {
        throw translateStoreError(method, err);
      }
    };
  }
  return wrapped as S;
}
