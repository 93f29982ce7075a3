import { describe, expect, it } from 'vitest';
import { JobSlots, SlotsFullError } from '../../../server/documents/job-slots';

/** A job that runs until its `finish` is called, and records when it started. */
function gate(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((r) => (finish = r));
  return { job: () => (log.push(name), done.then(() => name)), finish };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('JobSlots', () => {
  it('runs at most `running` jobs, queues at most `waiting`, refuses the rest at once', async () => {
    const slots = new JobSlots(2, 1);
    const log: string[] = [];
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => gate(log, n));
    const pa = slots.run(a!.job);
    const pb = slots.run(b!.job);
    const pc = slots.run(c!.job);
    await tick();
    expect(log).toEqual(['a', 'b']);
    expect(slots.load).toEqual({ running: 2, waiting: 1 });
    await expect(slots.run(d!.job)).rejects.toBeInstanceOf(SlotsFullError);
    await expect(slots.run(d!.job)).rejects.toMatchObject({ running: 2, waiting: 1 });
    expect(log).toEqual(['a', 'b']);

    a!.finish();
    expect(await pa).toBe('a');
    await tick();
    // The waiting job got the freed slot; nothing else started.
    expect(log).toEqual(['a', 'b', 'c']);
    expect(slots.load).toEqual({ running: 2, waiting: 0 });
    b!.finish();
    c!.finish();
    expect(await Promise.all([pb, pc])).toEqual(['b', 'c']);
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot when a job fails', async () => {
    const slots = new JobSlots(1, 0);
    await expect(slots.run(() => Promise.reject(new Error('damaged')))).rejects.toThrow('damaged');
    expect(slots.load).toEqual({ running: 0, waiting: 0 });
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
