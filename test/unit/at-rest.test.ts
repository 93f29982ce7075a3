/**
 * The at-rest primitives on real files: sealed texts and sealed document files read back
 * exactly (whole and by any range, across chunk edges), refuse another key or a changed
 * byte, and a sealed download resumes from its whole chunks.
 */
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  chunkSize,
  deriveKeys,
  isSealedFile,
  openStored,
  openText,
  readSealedFile,
  resumeSealedPart,
  sealedFileSize,
  sealedSource,
  sealFile,
  sealText,
  SealError,
} from '../../main/core/at-rest';
import { tempDir } from '../support/temp';

const keys = deriveKeys(crypto.randomBytes(32));
const otherKeys = deriveKeys(crypto.randomBytes(32));

async function bytesOf(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function sealed(plain: Buffer): Promise<string> {
  const dir = tempDir();
  const src = path.join(dir, 'plain.pdf');
  fs.writeFileSync(src, plain);
  const out = path.join(dir, 'sealed');
  await sealFile(keys.blobs, src, out);
  return out;
}

describe('sealed texts', () => {
  it('open with their key only, and a changed byte is refused', () => {
    const text = 'Dự thảo Nghị quyết về phát triển mạng lưới Đường bộ cao tốc';
    const s = sealText(keys.records, text);
    expect(s.startsWith('ocs1:')).toBe(true);
    expect(s).not.toContain('Nghị');
    expect(sealText(keys.records, text)).not.toBe(s); // a fresh IV each time
    expect(openText(keys.records, s)).toBe(text);
    expect(() => openText(otherKeys.records, s)).toThrow(SealError);
    expect(() => openText(keys.session, s)).toThrow(SealError); // each purpose its own key
    const raw = Buffer.from(s.slice(5), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => openText(keys.records, 'ocs1:' + raw.toString('base64url'))).toThrow(SealError);
  });

  it('leave values written before sealing readable as they were', () => {
    expect(openStored(keys.records, 'ghi chú cũ')).toBe('ghi chú cũ');
    expect(openStored(keys.records, null)).toBeNull();
    expect(openStored(keys.records, sealText(keys.records, 'mới'))).toBe('mới');
  });
});

describe('sealed document files', () => {
  const sizes = [0, 1, chunkSize - 1, chunkSize, chunkSize + 1, 3 * chunkSize + 12_345];
  it.each(sizes)('of %i bytes read back whole and by any range, and show no clear byte', async (size) => {
    const plain = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(size)]).subarray(0, size);
    const file = await sealed(plain);
    expect(fs.statSync(file).size).toBe(sealedFileSize(size));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(isSealedFile(file)).toBe(true);
    if (size >= 5) expect(fs.readFileSync(file).includes('%PDF-')).toBe(false);
    expect((await readSealedFile(keys.blobs, file)).equals(plain)).toBe(true);
    const src = sealedSource(keys.blobs, file);
    expect(src.size).toBe(size);
    if (size === 0) return;
    const edges = [0, 1, chunkSize - 1, chunkSize, chunkSize + 1, size - 1].filter((x) => x < size);
    for (const a of edges) {
      for (const b of edges.filter((x) => x >= a)) {
        expect((await bytesOf(src.read(a, b))).equals(plain.subarray(a, b + 1)), `range ${a}-${b}`).toBe(true);
      }
    }
  });

  it('refuse another device key, a changed byte, and a cut file', async () => {
    const plain = crypto.randomBytes(2 * chunkSize + 100);
    const file = await sealed(plain);
    await expect(readSealedFile(otherKeys.blobs, file)).rejects.toThrow(SealError);
    const bytes = fs.readFileSync(file);
    bytes[32 + chunkSize + 16 + 8]! ^= 1; // inside the second chunk (header 32, chunk + tag 16)
    fs.writeFileSync(file, bytes);
    const src = sealedSource(keys.blobs, file);
    expect((await bytesOf(src.read(0, 10))).equals(plain.subarray(0, 11))).toBe(true); // first chunk intact
    await expect(bytesOf(src.read(chunkSize, chunkSize + 10))).rejects.toThrow(SealError);
    fs.truncateSync(file, bytes.length - 1);
    expect(() => sealedSource(keys.blobs, file)).toThrow(SealError);
  });

  it('resume a download from the whole chunks already on disk, with the hash carried over', async () => {
    const plain = crypto.randomBytes(3 * chunkSize + 777);
    const part = path.join(tempDir(), 'x.part');
    const write = async (from: number, to: number, end: boolean) => {
      const hash = crypto.createHash('sha256');
      const { received, sealer } = await resumeSealedPart(keys.blobs, part, plain.length, hash);
      sealer.on('data', (c: Buffer) => fs.appendFileSync(part, c));
      await new Promise((r) => sealer.write(plain.subarray(received, to), r));
      // Ended: the last short chunk is flushed. Not ended: the connection dropped, and what
      // was buffered short of a whole chunk is lost.
      if (end) await new Promise((r) => sealer.end(r));
      await new Promise((r) => setImmediate(r));
      hash.update(plain.subarray(received, to));
      return { received, hash, from };
    };
    const first = await write(0, 2 * chunkSize + 500, false);
    expect(first.received).toBe(0);
    const second = await write(0, plain.length, true);
    // Two whole chunks survived; the 500 bytes after them came again.
    expect(second.received).toBe(2 * chunkSize);
    expect(second.hash.digest('hex')).toBe(crypto.createHash('sha256').update(plain).digest('hex'));
    expect((await readSealedFile(keys.blobs, part)).equals(plain)).toBe(true);
  });
});
