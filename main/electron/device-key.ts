/**
 * The device key in Electron: sealed by the operating system for this user through
 * `safeStorage` (Keychain on macOS, DPAPI on Windows, the Secret Service or KWallet on
 * Linux), with the asynchronous API — the synchronous one is deprecated in Electron 45 and
 * removed in 46. The sealed key is a file of the data folder; without the user's OS login
 * it is useless.
 *
 * On Linux without a keyring safeStorage falls back to `basic_text`, a fixed password that
 * protects nothing: the person is told so and asked before the app keeps the key in a file
 * only their account can read (as browser mode does). The answer is remembered.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { dialog, safeStorage } from 'electron';
import { deviceKeyBytes, fileDeviceKey, type DeviceKeyProvider } from '../core/device-key';
import { ensurePrivateDir, privateFileMode } from '../core/private-files';

const sealedKeyFile = 'device.key.sealed';
const fallbackConsentFile = 'device.key.fallback-accepted';

/** Asks whether to keep the key in a user-only file; true to go on, false to quit. */
export type AskFallback = (reason: 'no-keyring' | 'unavailable') => Promise<boolean>;

export function safeStorageDeviceKey(dataDir: string, ask: AskFallback = askWithDialog): DeviceKeyProvider {
  let protection: DeviceKeyProvider['protection'] = 'os-keystore';
  return {
    get protection() {
      return protection;
    },
    async key() {
      ensurePrivateDir(dataDir);
      const sealedFile = path.join(dataDir, sealedKeyFile);
      const available = await safeStorage.isAsyncEncryptionAvailable();
      const basicText = process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
      if (!available || basicText) {
        // A key sealed earlier with a real keyring stays unreadable rather than replaced:
        // replacing it would orphan everything sealed under it.
        if (fs.existsSync(sealedFile)) {
          throw new Error(
            'The system keyring that protects this device\'s key is not available now. Unlock or start it (for example GNOME Keyring or KWallet) and open OpenCabinet again.',
          );
        }
        const consent = path.join(dataDir, fallbackConsentFile);
        if (!fs.existsSync(consent)) {
          if (!(await ask(basicText ? 'no-keyring' : 'unavailable'))) {
            throw new Error('OpenCabinet was not started: no system keyring to protect the confidential documents on this device.');
          }
          fs.writeFileSync(consent, new Date().toISOString() + '\n', { mode: privateFileMode });
        }
        protection = 'user-file';
        return fileDeviceKey(dataDir).key();
      }
      if (fs.existsSync(sealedFile)) {
        const got = await safeStorage.decryptStringAsync(fs.readFileSync(sealedFile));
        const key = Buffer.from(got.result, 'base64');
        if (key.length !== deviceKeyBytes) throw new Error(`The device key in ${sealedFile} is damaged. Delete the data folder and sign in again.`);
        // The keystore rotated its key (or found a stronger one): store the key sealed anew.
        if (got.shouldReEncrypt) writeSealed(sealedFile, await safeStorage.encryptStringAsync(key.toString('base64')));
        return key;
      }
      const key = crypto.randomBytes(deviceKeyBytes);
      writeSealed(sealedFile, await safeStorage.encryptStringAsync(key.toString('base64')));
      return key;
    },
  };
}

/** Written beside, then renamed: a crash never leaves half a sealed key. */
function writeSealed(file: string, sealed: Buffer): void {
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, sealed, { mode: privateFileMode });
  fs.renameSync(tmp, file);
}

/** Before any window exists: a plain message box, in both UI languages (the UI's own i18n is not up yet). */
async function askWithDialog(reason: 'no-keyring' | 'unavailable'): Promise<boolean> {
  const why =
    reason === 'no-keyring'
      ? 'Không tìm thấy kho khóa của hệ thống (GNOME Keyring, KWallet). / No system keyring (GNOME Keyring, KWallet) was found.'
      : 'Hệ thống không cho phép mã hóa khóa của thiết bị. / The system cannot seal this device\'s key.';
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: 'OpenCabinet',
    message: 'Bảo vệ tài liệu mật trên thiết bị này / Protecting confidential documents on this device',
    detail:
      `${why}\n\n` +
      'Nếu tiếp tục, khóa mã hóa tài liệu mật sẽ được lưu trong một tệp chỉ tài khoản của bạn đọc được: ai đăng nhập được bằng tài khoản này, hoặc đọc trực tiếp ổ đĩa, cũng đọc được. ' +
      'Nên cài đặt và mở kho khóa rồi khởi động lại ứng dụng.\n\n' +
      'If you continue, the key that encrypts confidential documents is kept in a file only your account can read: anyone who can use this account, or read the disk directly, can read it too. ' +
      'Installing and unlocking a keyring, then restarting the app, is safer.',
    buttons: ['Tiếp tục / Continue', 'Thoát / Quit'],
    defaultId: 1,
    cancelId: 1,
  });
  return response === 0;
}
