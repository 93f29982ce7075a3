/**
 * Worker thread entry (see tellers.ts verifyOnDevice): checks a secret poll's whole public
 * record — a congress's 3,152 ballots take about a minute of arithmetic — off the core's
 * event loop, so sync and the UI keep answering meanwhile.
 */
import { verifyPollEvidence, type EvidenceInput, type VerifyReport } from '../../shared/crypto';
import { serveJobs } from '../../node/worker-pool';

serveJobs<EvidenceInput, VerifyReport>(async (evidence) => verifyPollEvidence(evidence));
