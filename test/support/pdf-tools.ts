/**
 * Debian's poppler tools on generated PDFs: pdftotext for what a reader sees, pdfsig for
 * the signature. pdfsig checks with NSS, which needs a certificate database (without one
 * every file reports "Unknown Validation Failure"): an empty one is made once per run with
 * certutil (libnss3-tools). The demo certificate is not in it, so the signer is untrusted
 * while the signature and the digest are still checked.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let work: string | null = null;
function dir(): string {
  if (!work) {
    work = mkdtempSync(path.join(tmpdir(), 'oc-pdftools-'));
    execFileSync('certutil', ['-N', '--empty-password', '-d', `sql:${path.join(work)}`]);
    process.once('exit', () => rmSync(work!, { recursive: true, force: true }));
  }
  return work;
}

let n = 0;
function file(bytes: Uint8Array): string {
  const f = path.join(dir(), `f${n++}.pdf`);
  writeFileSync(f, bytes);
  return f;
}

/** Text in reading order, whitespace collapsed, NFC. */
export function pdfToText(bytes: Uint8Array): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file(bytes), '-'], { encoding: 'utf8' }).normalize('NFC').replace(/\s+/g, ' ');
}

export function pdfsig(bytes: Uint8Array): string {
  const r = spawnSync('pdfsig', ['-nssdir', `sql:${dir()}`, file(bytes)], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`;
}

/**
 * Flips one bit in the binary comment on the file's second line ("%PDF-1.7" then "%" and
 * four high bytes): inside the signed range, yet the file still parses, so only the
 * signature can notice.
 */
export function tamper(bytes: Uint8Array): Uint8Array {
  const copy = Buffer.from(bytes);
  const at = copy.indexOf('\n%', 0, 'latin1') + 2;
  if (at < 2 || at > 32 || copy[at]! < 0x80) throw new Error('No binary header comment to change.');
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}
