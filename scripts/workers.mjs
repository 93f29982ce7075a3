// Worker threads (PDF parsing, ballot checks, recounts) run through node/worker-pool.ts,
// which loads `<name>.js` from beside the bundle that starts them: each bundle that can
// start one is built together with these entries, into the same folder. One list for the
// build and the benchmarks.
export const serverWorkers = [
  { in: 'server/documents/inspect-pdf-worker.ts', out: 'inspect-pdf-worker' },
  { in: 'server/voting/ballot-check-worker.ts', out: 'ballot-check-worker' },
  { in: 'server/audit/audit-check-worker.ts', out: 'audit-check-worker' },
  { in: 'server/records-official/verify-pdf-worker.ts', out: 'verify-pdf-worker' },
  { in: 'server/records-official/render-record-worker.ts', out: 'render-record-worker' },
  { in: 'server/draft-comments/comment-table-worker.ts', out: 'comment-table-worker' },
];
export const coreWorkers = [
  { in: 'main/core/text-index-worker.ts', out: 'text-index-worker' },
  { in: 'main/core/poll-verify-worker.ts', out: 'poll-verify-worker' },
];
