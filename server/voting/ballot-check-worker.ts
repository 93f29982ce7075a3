/** Worker thread entry (see ballot-checks.ts): checks the proofs of a request's encrypted ballots, or adds up a poll's. */
import { serveJobs } from '../../node/worker-pool';
import { runWorkerJob, type WorkerJob } from './ballot-checks';

serveJobs<WorkerJob, unknown>(async (m) => runWorkerJob(m));
