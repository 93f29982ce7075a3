/**
 * Files a person chose, as the core reads them. Electron hands us the path of a file the
 * person dropped or picked (the renderer cannot read the disk itself); browser mode first
 * copies the bytes into this device's staging folder. Either way the core checks it is a
 * readable regular file before anything is sent anywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/errors';
import type { FileRef } from '../../shared/contract';
import { ensurePrivateDir } from './private-files';

/** Staged copies are a person's documents too: owner-only like the rest of the data folder. */
export { privateFileMode as stagedFileMode } from './private-files';

export interface LocalFile {
  path: string;
  name: string;
  size: number;
}

export function stagingDir(dataDir: string): string {
  return path.join(dataDir, 'staging');
}

/** The staging folder, created (or repaired) owner-only. */
export function ensureStagingDir(dataDir: string): string {
  const dir = stagingDir(dataDir);
  ensurePrivateDir(dir);
  return dir;
}

export function resolveFile(dataDir: string, ref: FileRef): LocalFile {
  if (ref.kind === 'staged') {
    const file = path.join(stagingDir(dataDir), ref.id);
    let name = 'file';
    try {
      name = (JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as { name: string }).name;
    } catch {
      throw new ApiError('not_found', 'The file is no longer staged on this device. Choose it again.');
    }
    return { path: file, name, size: statRegular(file, name) };
  }
  const full = path.resolve(ref.path);
  const name = path.basename(full);
  return { path: full, name, size: statRegular(full, name) };
}

function statRegular(file: string, name: string): number {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    throw new ApiError('not_found', `«${name}» cannot be found or read on this device.`);
  }
  if (!st.isFile()) throw new ApiError('invalid_input', `«${name}» is not a file.`);
  return st.size;
}

/** Staged copies are only needed until the call that uses them finishes. */
export function releaseFile(dataDir: string, ref: FileRef): void {
  if (ref.kind !== 'staged') return;
  const file = path.join(stagingDir(dataDir), ref.id);
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.json`, { force: true });
}
