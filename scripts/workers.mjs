// Worker threads (PDF parsing, ballot checks, recounts) run through node/worker-pool.ts,
// which loads `<name>.js` from beside the bundle that starts them: each bundle that can
// start one is built together with these entries, into the same folder. One list for the
// build and the benchmarks.
import path from 'node:path';

// The bundle is named after its source file: that name is what the pool is asked to load.
const entry = (file) => ({ in: file, out: path.basename(file, '.ts') });

export const serverWorkers = [
  'server/documents/inspect-pdf-worker.ts',
  'server/voting/ballot-check-worker.ts',
  'server/audit/audit-check-worker.ts',
  'server/records-official/verify-pdf-worker.ts',
  'server/records-official/render-record-worker.ts',
  'server/draft-comments/comment-table-worker.ts',
].map(entry);
export const coreWorkers = ['main/core/text-index-worker.ts', 'main/core/poll-verify-worker.ts'].map(entry);
