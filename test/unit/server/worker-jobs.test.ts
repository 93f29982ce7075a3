/**
 * workerJobs (server/documents/worker-jobs.ts), with the real comment-table worker: a job's
 * answer comes back; a full line, a limit reached and a job that failed each become the
 * ApiError that names the work, so both job kinds built on it (comment tables, records)
 * answer the same way.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/errors';
import { workerJobs, type WorkerJobKind } from '../../../server/documents/worker-jobs';
import type { CommentFileJob } from '../../../server/draft-comments/table-pool';

// The entry lives beside the module that names it.
const base = new URL('../../../server/draft-comments/table-pool.ts', import.meta.url).href;
const kind: WorkerJobKind = {
  entry: 'comment-table-worker',
  base,
  limits: { timeMs: 60_000, memoryMb: 256 },
  running: 1,
  waiting: 0,
  warmMs: 0,
  work: 'Writing the test table',
  busy: 'Too many test tables right now',
};
const job: CommentFileJob = { format: 'pdf', table: { title: 'Dự thảo Luật', deadline: null, comments: [] } };

describe('workerJobs', () => {
  it("returns the worker's answer, and refuses a job past the line as rate_limited", async () => {
    const run = workerJobs<CommentFileJob, Uint8Array>(kind);
    const first = run(job);
    const second = run(job);
    await expect(second).rejects.toEqual(new ApiError('rate_limited', 'Too many test tables right now; try again in a moment.'));
    await expect(second).rejects.toBeInstanceOf(ApiError);
    const bytes = await first;
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('reports a limit reached and a failed job as server errors that name the work', async () => {
    const slow = workerJobs<CommentFileJob, Uint8Array>({ ...kind, limits: { timeMs: 1, memoryMb: 256 } });
    await expect(slow(job)).rejects.toMatchObject({ name: 'ApiError', code: 'server_error', message: 'Writing the test table went past its limit (The PDF job did not finish within 1 ms.).' });
    const run = workerJobs<CommentFileJob, Uint8Array>(kind);
    const broken = { format: 'pdf', table: null } as unknown as CommentFileJob;
    await expect(run(broken)).rejects.toMatchObject({ name: 'ApiError', code: 'server_error', message: expect.stringMatching(/^Writing the test table failed: \S/) });
  });
});
