import { describe, expect, it } from 'vitest';
import { createEventFanout } from '../../shared/event-fanout';

describe('createEventFanout', () => {
  it('tells every subscriber of the event, and only them, until they unsubscribe', () => {
    const fanout = createEventFanout<'a' | 'b'>(() => undefined);
    const heard: string[] = [];
    const offA1 = fanout.on('a', (p: string) => heard.push(`a1:${p}`));
    fanout.on('a', (p: string) => heard.push(`a2:${p}`));
    fanout.on('b', (p: string) => heard.push(`b:${p}`));
    fanout.emit('a', 'x');
    offA1();
    fanout.emit('a', 'y');
    expect(heard).toEqual(['a1:x', 'a2:x', 'a2:y']);
  });

  it('reports a subscriber that throws and still tells the others', () => {
    const failures: [string, unknown][] = [];
    const fanout = createEventFanout<'a'>((event, err) => failures.push([event, err]));
    const heard: unknown[] = [];
    const boom = new Error('boom');
    fanout.on('a', () => {
      throw boom;
    });
    fanout.on('a', (p: unknown) => heard.push(p));
    fanout.emit('a', 1);
    expect(heard).toEqual([1]);
    expect(failures).toEqual([['a', boom]]);
  });

  it('lets a subscriber unsubscribe itself while it is told, without skipping the next', () => {
    const fanout = createEventFanout<'a'>(() => undefined);
    const heard: string[] = [];
    const off = fanout.on('a', () => {
      heard.push('once');
      off();
    });
    fanout.on('a', () => heard.push('always'));
    fanout.emit('a', null);
    fanout.emit('a', null);
    expect(heard).toEqual(['once', 'always', 'always']);
  });
});
