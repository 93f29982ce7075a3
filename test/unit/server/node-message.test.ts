import { describe, expect, it } from 'vitest';
import { parseNodeMessage } from '../../../server/fanout/redis';

describe('parseNodeMessage (cluster node channel)', () => {
  const member = { kind: 'close-member', origin: 'n1', meetingId: 'm1', userId: 'u1', code: 4403, reason: 'Removed.' };
  const sessions = { kind: 'close-sessions', origin: 'n1', userId: 'u1', sessionIds: ['s1'], code: 4401, reason: 'Signed out.' };

  it.each([
    ['a member close', member],
    ['a session close', sessions],
    ['a close of all sessions', { ...sessions, sessionIds: null }],
  ])('reads %s', (_what, m) => {
    expect(parseNodeMessage(JSON.stringify(m))).toEqual(m);
  });

  it('drops extra fields', () => {
    expect(parseNodeMessage(JSON.stringify({ ...member, extra: 1 }))).toEqual(member);
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '3'],
    ['an unknown kind', JSON.stringify({ ...member, kind: 'close-all' })],
    ['no origin', JSON.stringify({ ...member, origin: undefined })],
    ['no meeting on a member close', JSON.stringify({ ...member, meetingId: undefined })],
    ['a code that is not a number', JSON.stringify({ ...member, code: '4403' })],
    ['session ids that are not strings', JSON.stringify({ ...sessions, sessionIds: [1] })],
  ])('refuses %s', (_what, text) => {
    expect(parseNodeMessage(text)).toBeNull();
  });
});
