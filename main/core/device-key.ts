/**
 * The device key: 32 random bytes from which every at-rest key is derived (at-rest.ts).
 * Where it is kept is the shell's business — Electron seals it with the OS keystore through
 * `safeStorage` (main/electron/device-key.ts); browser mode, and tests, keep it in a file of
 * the data folder that only this user can read. The core sees only this interface.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, ensurePrivateFile, privateFileMode } from './private-files';

export interface DeviceKeyProvider {
  /**
   * How the key is kept: `os-keystore` (sealed by the operating system for this user) or
   * `user-file` (a file only this user can read: anyone who can act as this user, or read
   * the disk directly, can read it too — the UI says so).
   */
  readonly protection: 'os-keystore' | 'user-file';
  /** The key, created on first use. Rejects with a sentence a person can act on. */
  key(): Promise<Buffer>;
}

export const deviceKeyBytes = 32;

/** Name of the key file in the data folder (browser mode, or Electron's agreed fallback). */
export const deviceKeyFileName = 'device.key';

export function fileDeviceKey(dataDir: string): DeviceKeyProvider {
  return {
    protection: 'user-file',
    async key() {
      ensurePrivateDir(dataDir);
      const file = path.join(dataDir, deviceKeyFileName);
      try {
        // 'wx': two cores starting on one folder must not each write their own key.
        fs.writeFileSync(file, crypto.randomBytes(deviceKeyBytes).toString('base64') + '\n', { flag: 'wx', mode: privateFileMode });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      ensurePrivateFile(file);
      const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
      if (key.length !== deviceKeyBytes) {
        throw new Error(
          `The device key file ${file} is damaged (${key.length} bytes instead of ${deviceKeyBytes}). Restore it from a backup, or delete the data folder and sign in again.`,
        );
      }
      return key;
    },
  };
}
