/**
 * Worker thread entry: writes the consolidated comment table as DOCX, XLSX or PDF off the
 * server's event loop. A table of 10,000 comments costs seconds of docx/exceljs/pdf-lib
 * work; on the main thread every sync message and request of every meeting waited for it.
 */
import { serveJobs } from '../../node/worker-pool';
import { commentsPdf } from './export';
import { commentsDocx, commentsXlsx } from './office';
import type { CommentFileJob } from './table-pool';

serveJobs<CommentFileJob, Uint8Array>(async ({ format, table }) => {
  const bytes = format === 'docx' ? await commentsDocx(table) : format === 'xlsx' ? await commentsXlsx(table) : await commentsPdf(table);
  // A plain Uint8Array crosses to the parent as is (a Buffer would arrive as one anyway).
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
});
