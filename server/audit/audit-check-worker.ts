/**
 * Worker thread entry (see audit-jobs.ts): the slow parts of the audit check, off the
 * server's event loop — recounting a secret poll from its public record (seconds of bigint
 * arithmetic for a large poll) and reading the text of an issued notice or minutes with
 * pdf.js (legacy build, nothing rendered, no scripts).
 */
import { verifyPollEvidence } from '../../shared/crypto';
import { polyfillPromiseWithResolvers } from '../../shared/polyfills';
import { serveJobs } from '../../node/worker-pool';
import type { AuditJob } from './audit-jobs';

/**
 * The text of each page, in drawing order, one string per page. Page numbers (a lone
 * number in the top or bottom margin) are left out: they fall in the middle of a paragraph
 * that runs over a page and would break the sentence being looked for.
 */
async function pageTexts(file: string, maxPages: number): Promise<string[]> {
  polyfillPromiseWithResolvers();
  const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const { readFile } = await import('node:fs/promises');
  const data = new Uint8Array(await readFile(file));
  const task = lib.getDocument({ data, disableFontFace: true, useSystemFonts: false, useWorkerFetch: false, stopAtErrors: false, verbosity: 0 });
  try {
    const doc = await task.promise;
    if (doc.numPages > maxPages) throw Object.assign(new Error(`The document has ${doc.numPages} pages; an issued record has at most ${maxPages}.`), { name: 'TooManyPages' });
    const out: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const height = page.view[3]! - page.view[1]!;
      const content = await page.getTextContent();
      const parts: string[] = [];
      for (const item of content.items) {
        if (!('str' in item)) continue;
        const y = item.transform[5] as number;
        if (/^\s*\d+\s*$/.test(item.str) && (y > height - 50 || y < 45)) continue;
        parts.push(item.str);
      }
      page.cleanup();
      out.push(parts.join(' '));
    }
    return out;
  } finally {
    await task.destroy().catch(() => {});
  }
}

serveJobs<AuditJob, unknown>(async (job) => (job.kind === 'evidence' ? verifyPollEvidence(job.evidence) : pageTexts(job.file, job.maxPages)));
