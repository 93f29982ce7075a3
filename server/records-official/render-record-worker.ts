/**
 * Worker thread entry: lays out (and signs) a notice or minutes off the server's event
 * loop. A record takes 0.3–1 s of pdf-lib, font subsetting and RSA; on the main thread
 * every sync message and request of every meeting waited for it.
 */
import { serveJobs } from '../../node/worker-pool';
import { renderRecordFile, type RenderedRecord, type RenderJob } from './render-record';

serveJobs<RenderJob, RenderedRecord>(renderRecordFile);
