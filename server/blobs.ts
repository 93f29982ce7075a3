/**
 * Content-addressed document files: `<dataDir>/blobs/<first two hex>/<sha256>`. A file is
 * written to a temporary name and renamed into place, so a reader never sees half a file
 * and a crash leaves at most a stray temp file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, stat, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';

export const sha256Pattern = /^[0-9a-f]{64}$/;

export function blobPath(dataDir: string, sha256: string): string {
  if (!sha256Pattern.test(sha256)) throw new Error('Not a sha256 hex digest.');
  return path.join(dataDir, 'blobs', sha256.slice(0, 2), sha256);
}

export async function putBlob(dataDir: string, bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const target = blobPath(dataDir, sha256);
  const existing = await stat(target).catch(() => null);
  if (existing?.isFile() && existing.size === bytes.byteLength) return { sha256, size: bytes.byteLength };
  await mkdir(path.dirname(target), { recursive: true });
  const tmp = path.join(path.dirname(target), `.${sha256}.${randomUUID()}.tmp`);
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return { sha256, size: bytes.byteLength };
}

export async function blobSize(dataDir: string, sha256: string): Promise<number | null> {
  const s = await stat(blobPath(dataDir, sha256)).catch(() => null);
  return s?.isFile() ? s.size : null;
}
