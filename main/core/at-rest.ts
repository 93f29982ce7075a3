/**
 * Encryption at rest (AES-256-GCM, node:crypto) for what a lost device must not give away:
 * the session token, annotations and drafts (short texts, `sealText`), and the document
 * files of confidential meetings (chunked, so a reader can ask for page 1 of a 1,000-page
 * file — an HTTP Range — and get it without decrypting the rest).
 *
 * Every key here is derived (HKDF-SHA256) from the one device key the shell provides
 * (see device-key.ts); the device key itself is never written by this module.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';

export type Purpose = 'session' | 'records' | 'blobs' | 'index';

/** The keys the core uses, one per purpose, so one leaking does not open the others. */
export interface AtRestKeys {
  session: Buffer;
  records: Buffer;
  blobs: Buffer;
  index: Buffer;
}

export function deriveKey(deviceKey: Buffer, purpose: Purpose): Buffer {
  if (deviceKey.length < 32) throw new Error(`The device key is ${deviceKey.length} bytes; at least 32 are needed.`);
  return Buffer.from(crypto.hkdfSync('sha256', deviceKey, Buffer.alloc(0), `opencabinet at-rest ${purpose} v1`, 32));
}

export function deriveKeys(deviceKey: Buffer): AtRestKeys {
  return {
    session: deriveKey(deviceKey, 'session'),
    records: deriveKey(deviceKey, 'records'),
    blobs: deriveKey(deviceKey, 'blobs'),
    index: deriveKey(deviceKey, 'index'),
  };
}

/** Thrown when something sealed does not open: another device's data, a changed key, or tampering. */
export class SealError extends Error {
  constructor(what: string) {
    super(`${what} could not be decrypted with this device's key (copied from another device, or changed on disk).`);
    this.name = 'SealError';
  }
}

// --- short texts ---------------------------------------------------------------------

const textPrefix = 'ocs1:';

export function isSealedText(value: string): boolean {
  return value.startsWith(textPrefix);
}

/** `ocs1:` + base64url(iv 12 | tag 16 | ciphertext). A fresh random IV every time. */
export function sealText(key: Buffer, text: string): string {
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
  return textPrefix + Buffer.concat([iv, c.getAuthTag(), body]).toString('base64url');
}

export function openText(key: Buffer, sealed: string, what = 'A stored value'): string {
  if (!isSealedText(sealed)) throw new SealError(what);
  const raw = Buffer.from(sealed.slice(textPrefix.length), 'base64url');
  if (raw.length < 28) throw new SealError(what);
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new SealError(what);
  }
}

/** Seals a nullable column value. */
export function sealNullable(key: Buffer, text: string | null): string | null {
  return text === null ? null : sealText(key, text);
}

/**
 * Opens a column written sealed — or, for rows written before sealing existed, returns the
 * plain value as it is (they are sealed again on their next write).
 */
export function openStored(key: Buffer, value: string | null, what?: string): string | null {
  if (value === null || !isSealedText(value)) return value;
  return openText(key, value, what);
}

// --- document files ------------------------------------------------------------------
//
// Layout: header (32 bytes) = magic "OCSEALB1" | salt 16 | plain size u64be,
// then ceil(size / chunkSize) chunks of (ciphertext | tag 16). Each file gets its own key
// HKDF(blobs key, salt), so the chunk index can be the nonce without ever repeating one;
// the header is authenticated with every chunk, so neither the size nor the order of
// chunks can be changed unnoticed.

export const chunkSize = 64 * 1024;
const magic = Buffer.from('OCSEALB1', 'ascii');
export const headerSize = 32;
const tagSize = 16;
const sealedChunk = chunkSize + tagSize;

interface BlobHeader {
  raw: Buffer;
  salt: Buffer;
  size: number;
}

function makeHeader(size: number, salt = crypto.randomBytes(16)): BlobHeader {
  const raw = Buffer.alloc(headerSize);
  magic.copy(raw, 0);
  salt.copy(raw, 8);
  raw.writeBigUInt64BE(BigInt(size), 24);
  return { raw, salt, size };
}

function parseHeader(raw: Buffer): BlobHeader | null {
  if (raw.length < headerSize || !raw.subarray(0, 8).equals(magic)) return null;
  return { raw: Buffer.from(raw.subarray(0, headerSize)), salt: Buffer.from(raw.subarray(8, 24)), size: Number(raw.readBigUInt64BE(24)) };
}

function fileKey(blobsKey: Buffer, h: BlobHeader): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', blobsKey, h.salt, 'opencabinet blob chunk v1', 32));
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12);
  n.writeBigUInt64BE(BigInt(index), 4);
  return n;
}

function sealChunk(key: Buffer, h: BlobHeader, index: number, plain: Buffer): Buffer {
  const c = crypto.createCipheriv('aes-256-gcm', key, nonce(index));
  c.setAAD(h.raw);
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
}

function openChunk(key: Buffer, h: BlobHeader, index: number, sealed: Buffer): Buffer {
  if (sealed.length < tagSize) throw new SealError('A document file');
  try {
    const d = crypto.createDecipheriv('aes-256-gcm', key, nonce(index));
    d.setAAD(h.raw);
    d.setAuthTag(sealed.subarray(sealed.length - tagSize));
    return Buffer.concat([d.update(sealed.subarray(0, sealed.length - tagSize)), d.final()]);
  } catch {
    throw new SealError('A document file');
  }
}

export function sealedFileSize(plainSize: number): number {
  return headerSize + plainSize + tagSize * Math.ceil(plainSize / chunkSize);
}

/** Whether a file on disk is a sealed document file (by its first bytes). */
export function isSealedFile(file: string): boolean {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(8);
    return fs.readSync(fd, head, 0, 8, 0) === 8 && head.equals(magic);
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** Streams plain bytes in, sealed chunks out; the header is written by whoever starts the file. */
class SealingTransform extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly key: Buffer,
    private readonly header: BlobHeader,
    private index: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= chunkSize) {
      let all = Buffer.concat(this.pending);
      while (all.length >= chunkSize) {
        this.push(sealChunk(this.key, this.header, this.index++, all.subarray(0, chunkSize)));
        all = all.subarray(chunkSize);
      }
      this.pending = all.length ? [Buffer.from(all)] : [];
      this.pendingBytes = all.length;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    // Flush runs only when the input ended cleanly — the end of the file — so only the
    // last chunk is ever short. (An interrupted download never flushes; its torn chunk is
    // dropped on resume.)
    if (this.pendingBytes > 0) this.push(sealChunk(this.key, this.header, this.index++, Buffer.concat(this.pending)));
    done();
  }
}

/**
 * A download into a sealed `.part` file: picks up the whole chunks a previous attempt left
 * (feeding their plain bytes to `hash`, so the file is still verified end to end), drops
 * a torn last chunk, and returns where to continue and the stream to write plain bytes to.
 */
export async function resumeSealedPart(
  blobsKey: Buffer,
  part: string,
  plainSize: number,
  hash: crypto.Hash,
): Promise<{ received: number; sealer: Transform }> {
  let header: BlobHeader | null = null;
  let whole = 0;
  if (fs.existsSync(part)) {
    const fd = fs.openSync(part, 'r');
    try {
      const head = Buffer.alloc(headerSize);
      fs.readSync(fd, head, 0, headerSize, 0);
      header = parseHeader(head);
      if (header && header.size === plainSize) {
        const key = fileKey(blobsKey, header);
        const onDisk = fs.fstatSync(fd).size;
        // Whole chunks only: a chunk cut by a crash fails its tag and is fetched again.
        const max = Math.min(Math.floor((onDisk - headerSize) / sealedChunk), Math.floor(plainSize / chunkSize));
        const buf = Buffer.alloc(sealedChunk);
        for (; whole < max; whole++) {
          fs.readSync(fd, buf, 0, sealedChunk, headerSize + whole * sealedChunk);
          try {
            hash.update(openChunk(key, header, whole, buf));
          } catch {
            break;
          }
          // Hashing 100 MB is seconds of CPU: let the rest of the core breathe in between.
          if (whole % 64 === 63) await new Promise((r) => setImmediate(r));
        }
      } else header = null;
    } finally {
      fs.closeSync(fd);
    }
  }
  if (!header) {
    header = makeHeader(plainSize);
    fs.writeFileSync(part, header.raw, { mode: 0o600 });
  } else fs.truncateSync(part, headerSize + whole * sealedChunk);
  return { received: whole * chunkSize, sealer: new SealingTransform(fileKey(blobsKey, header), header, whole) };
}

/** Seals a plain file into `target` (a document that became confidential after it arrived). */
export async function sealFile(blobsKey: Buffer, source: string, target: string): Promise<void> {
  const size = fs.statSync(source).size;
  const header = makeHeader(size);
  fs.writeFileSync(target, header.raw, { mode: 0o600 });
  const out = fs.createWriteStream(target, { flags: 'a', mode: 0o600 });
  const sealer = new SealingTransform(fileKey(blobsKey, header), header, 0);
  await new Promise<void>((resolve, reject) => {
    const input = fs.createReadStream(source, { highWaterMark: chunkSize });
    input.on('error', reject);
    sealer.on('error', reject);
    out.on('error', reject);
    out.on('finish', () => resolve());
    input.pipe(sealer).pipe(out);
  });
}

/** What the reader is served from: the plain size, and any byte range of the plain file. */
export interface BlobSource {
  size: number;
  /** Plain bytes start..end (inclusive). */
  read(start: number, end: number): Readable;
}

export function plainSource(file: string): BlobSource {
  return { size: fs.statSync(file).size, read: (start, end) => fs.createReadStream(file, { start, end }) };
}

/** A sealed file read as if it were plain, decrypting only the chunks a range touches. */
export function sealedSource(blobsKey: Buffer, file: string): BlobSource {
  const fd = fs.openSync(file, 'r');
  let header: BlobHeader | null;
  try {
    const head = Buffer.alloc(headerSize);
    fs.readSync(fd, head, 0, headerSize, 0);
    header = parseHeader(head);
    if (!header || fs.fstatSync(fd).size !== sealedFileSize(header.size)) throw new SealError('A document file');
  } finally {
    fs.closeSync(fd);
  }
  const h = header;
  const key = fileKey(blobsKey, h);
  return {
    size: h.size,
    read(start, end) {
      async function* chunks(): AsyncGenerator<Buffer> {
        const handle = await fs.promises.open(file, 'r');
        try {
          const buf = Buffer.alloc(sealedChunk);
          for (let i = Math.floor(start / chunkSize); i <= Math.floor(end / chunkSize); i++) {
            const plainLen = Math.min(chunkSize, h.size - i * chunkSize);
            const { bytesRead } = await handle.read(buf, 0, plainLen + tagSize, headerSize + i * sealedChunk);
            const plain = openChunk(key, h, i, buf.subarray(0, bytesRead));
            const from = Math.max(0, start - i * chunkSize);
            const to = Math.min(plainLen, end - i * chunkSize + 1);
            yield Buffer.from(plain.subarray(from, to));
          }
        } finally {
          await handle.close();
        }
      }
      return Readable.from(chunks(), { objectMode: false });
    },
  };
}

/** A whole sealed file in memory: what the text-index worker gives pdf.js for a confidential file. */
export async function readSealedFile(blobsKey: Buffer, file: string): Promise<Buffer> {
  const src = sealedSource(blobsKey, file);
  const parts: Buffer[] = [];
  if (src.size === 0) return Buffer.alloc(0);
  for await (const c of src.read(0, src.size - 1)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}
