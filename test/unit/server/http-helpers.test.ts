import { describe, expect, it } from 'vitest';
import { LoginRequest } from '../../../shared/api/session';
import { parseRange } from '../../../server/http/blob-route';
import { describeIssue } from '../../../server/http/body';
import { meetingAccess } from '../../../server/access';

describe('parseRange', () => {
  it.each([
    [undefined, 100, undefined],
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=90-500', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=-500', 100, { start: 0, end: 99 }],
    ['bytes=100-', 100, null],
    ['bytes=5-1', 100, null],
    ['bytes=-0', 100, null],
    ['bytes=-', 100, null],
    ['items=0-1', 100, null],
    ['bytes=0-1,5-6', 100, undefined],
  ] as const)('%s of %d bytes', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe('describeIssue', () => {
  it('names missing fields and bad values in a sentence', () => {
    const missing = LoginRequest.safeParse({ username: 'a' });
    expect(describeIssue(missing.error!)).toBe('The field "password" is missing.');
    const empty = LoginRequest.safeParse({ username: ' ', password: 'x' });
    expect(describeIssue(empty.error!)).toBe('The field "username" is not valid: Enter a user name.');
    const notObject = LoginRequest.safeParse([1]);
    expect(describeIssue(notObject.error!)).toBe('The request body must be a JSON object.');
  });
});

describe('meetingAccess', () => {
  const user = { id: 'u', username: 'u', displayName: 'u', globalRole: 'user' as const };
  const admin = { ...user, globalRole: 'admin' as const };
  it.each([
    [user, 'published', 'delegate', { role: 'delegate', canEdit: false }],
    [user, 'published', 'secretariat', { role: 'secretariat', canEdit: true }],
    [user, 'draft', 'delegate', null],
    [user, 'draft', 'chair', null],
    [user, 'draft', 'secretariat', { role: 'secretariat', canEdit: true }],
    [user, 'published', null, null],
    [admin, 'draft', null, { role: 'observer', canEdit: false }],
    [admin, 'published', 'delegate', { role: 'delegate', canEdit: false }],
  ] as const)('%#', (u, status, role, expected) => {
    expect(meetingAccess(u, status, role)).toEqual(expected);
  });
});
