/**
 * The device's data folder holds a person's meetings, notes and session: other accounts on
 * the same computer must not read it. Folders are 0700 and files 0600 from creation on;
 * a folder left readable by an older version is repaired when the core opens it.
 * (Windows ignores these modes; there the profile folder's ACL does the same job.)
 */
import fs from 'node:fs';
import path from 'node:path';

export const privateDirMode = 0o700;
export const privateFileMode = 0o600;

/** Creates the folder (and parents) owner-only, and makes an existing one owner-only. */
export function ensurePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: privateDirMode });
  chmodIfNeeded(dir, privateDirMode);
}

/** Makes an existing file owner-only; absent files are fine (nothing to protect yet). */
export function ensurePrivateFile(file: string): void {
  chmodIfNeeded(file, privateFileMode);
}

/** Creates an empty owner-only file if absent, so whatever opens it later inherits the mode. */
export function touchPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'a', privateFileMode));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  ensurePrivateFile(file);
}

/** Whether the folder is still readable by others (a data folder from before this rule). */
export function isOpenToOthers(dir: string): boolean {
  try {
    return (fs.statSync(dir).mode & 0o077) !== 0;
  } catch {
    return false;
  }
}

/** Every folder 0700 and file 0600 below `dir` (a one-time repair of an old data folder). */
export function repairTree(dir: string): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  chmodIfNeeded(dir, privateDirMode);
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) repairTree(p);
    else if (e.isFile()) chmodIfNeeded(p, privateFileMode);
  }
}

function chmodIfNeeded(p: string, mode: number): void {
  if (process.platform === 'win32') return;
  try {
    const st = fs.statSync(p);
    if ((st.mode & 0o777) !== mode) fs.chmodSync(p, mode);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
