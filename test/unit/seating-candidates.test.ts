import { describe, expect, it } from 'vitest';
import { candidatesForRoom, type RoomCandidate } from '../../shared/domain/seating';

const people: RoomCandidate[] = [
  { id: 'hall-1', role: 'delegate', siteId: 'hall' },
  { id: 'bridge-1', role: 'delegate', siteId: 'bridge' },
  { id: 'nosite-1', role: 'delegate', siteId: null },
  { id: 'nosite-2', role: 'guest', siteId: null },
  { id: 'seated', role: 'delegate', siteId: null },
];
const sites = [
  { id: 'hall', kind: 'main' as const },
  { id: 'bridge', kind: 'bridge' as const },
];
const seated = new Set(['seated']);

describe('who a room is auto-seated for', () => {
  it.each([
    { records: 'no site', siteId: null, ids: ['hall-1', 'bridge-1', 'nosite-1', 'nosite-2'], withoutSite: 0 },
    { records: 'the main hall (also takes people with no site)', siteId: 'hall', ids: ['hall-1', 'nosite-1', 'nosite-2'], withoutSite: 0 },
    { records: 'a remote site (counts those with no site, never silently)', siteId: 'bridge', ids: ['bridge-1'], withoutSite: 2 },
  ])('$room', ({ siteId, ids, withoutSite }) => {
    const out = candidatesForRoom(people, { siteId }, sites, seated);
    expect(out.people.map((p) => p.id)).toEqual(ids);
    expect(out.withoutSite).toBe(withoutSite);
  });
});
