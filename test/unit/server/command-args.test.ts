/** The offline commands' usage errors (server/command-args.ts): exit code 2 with the reason and the usage. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runAuditCommand } from '../../../server/audit/cli';
import { runVerifyPoll } from '../../../server/voting/verify-poll-cli';
import { commandArgs } from '../../../server/command-args';

describe('offline command arguments', () => {
  const errors: string[] = [];
  const spy = () => vi.spyOn(console, 'error').mockImplementation((s: unknown) => void errors.push(String(s)));
  afterEach(() => {
    vi.restoreAllMocks();
    errors.length = 0;
  });

  it('names the missing flags and prints the usage', async () => {
    spy();
    expect(runVerifyPoll(['--data', '/nowhere'])).toBe(2);
    expect(errors.pop()).toBe('Give both --data and --poll.\nUsage: opencabinet-server verify-poll --data DIR --poll ID');
    expect(await runAuditCommand(['verify', '--meeting', 'm'])).toBe(2);
    expect(errors.pop()).toMatch(/^Give both --data and --meeting\.\nUsage: opencabinet-server audit verify /);
  });

  it('refuses an unknown flag with the parser’s reason and the usage', () => {
    spy();
    expect(runVerifyPoll(['--data', '/nowhere', '--poll', 'p', '--force'])).toBe(2);
    expect(errors.pop()).toMatch(/--force[\s\S]*\nUsage: opencabinet-server verify-poll /);
  });

  it('gives the values when the required flags are there', () => {
    expect(commandArgs<{ data: string; head?: string[] }>(['--data', 'd', '--head', 'a', '--head', 'b'], { data: { type: 'string' }, head: { type: 'string', multiple: true } }, ['data'], 'usage')).toEqual({ data: 'd', head: ['a', 'b'] });
    spy();
    expect(commandArgs(['--head', 'a'], { data: { type: 'string' }, head: { type: 'string' } }, ['data'], 'usage')).toBeNull();
    expect(errors.pop()).toBe('Give --data.\nusage');
  });
});
