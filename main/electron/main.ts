/**
 * Electron entry: lifecycle only. The work happens in the core (plain Node); this file
 * connects it to one hardened window over IPC.
 */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, session } from 'electron';
import { createCore, type Core } from '../core';
import { wireIpc } from './ipc';
import { log } from './log';
import { registerAppScheme, serveRenderer } from './protocol';
import { hardenSession, installSecurityGuards } from './security';
import { createMainWindow } from './window';
import { safeStorageDeviceKey } from './device-key';

// Bundled layout: out/electron/main.js, out/preload/index.cjs, out/renderer/.
const here = dirname(fileURLToPath(import.meta.url));
const preloadPath = join(here, '../preload/index.cjs');
const rendererRoot = join(here, '../renderer');

/** How long quitting waits for the core to flush before giving up on it. */
const closeTimeoutMs = 5_000;

/** Tests and side-by-side installs need their own data folder; the flag wins over the env. */
function dataDirOverride(argv: readonly string[], env: NodeJS.ProcessEnv): string | null {
  const flag = argv.find((a) => a.startsWith('--user-data-dir='));
  const value = flag ? flag.slice('--user-data-dir='.length) : env.OPENCABINET_DATA_DIR;
  return value ? resolve(value) : null;
}

// All of this must happen before `ready`: the data folder decides which instance lock
// we take, and scheme privileges and the sandbox can only be set at startup.
const dataDir = dataDirOverride(process.argv, process.env);
if (dataDir) app.setPath('userData', dataDir);
registerAppScheme();
installSecurityGuards(log);

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this data folder; it has been told to show itself.
  app.quit();
} else {
  start();
}

function start(): void {
  let core: Core | null = null;
  let win: BrowserWindow | null = null;

  const showWindow = () => {
    if (!core) return;
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
      return;
    }
    win = createMainWindow({ preloadPath, log });
    win.on('closed', () => {
      win = null;
    });
  };

  app.on('second-instance', showWindow);

  app.on('window-all-closed', () => {
    // macOS apps stay in the dock until the user quits them.
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && BrowserWindow.getAllWindows().length === 0) showWindow();
  });

  let closing: 'no' | 'running' | 'done' = 'no';
  app.on('before-quit', (event) => {
    if (!core || closing === 'done') return;
    event.preventDefault();
    if (closing === 'running') return;
    closing = 'running';
    const timeout = new Promise<void>((done) => setTimeout(done, closeTimeoutMs).unref());
    Promise.race([core.close(), timeout])
      .catch((err: unknown) => log('error', 'The local store did not close cleanly.', err))
      .finally(() => {
        closing = 'done';
        app.quit();
      });
  });

  // A stray promise in the core must not close the person's window: log it and keep going.
  process.on('unhandledRejection', (err) => console.error('[main] unhandled rejection', err));

  app
    .whenReady()
    .then(async () => {
      hardenSession(session.defaultSession, log);
      serveRenderer(rendererRoot, (sha) => core?.blobSource(sha) ?? null);
      core = await createCore({
        dataDir: app.getPath('userData'),
        mode: 'electron',
        // The OS keystore (safeStorage) seals the key of confidential files at rest.
        deviceKey: safeStorageDeviceKey(app.getPath('userData')),
        defaultServerUrl: process.env.OPENCABINET_SERVER_URL ?? null,
      });
      wireIpc({ core, target: () => (win && !win.isDestroyed() ? win.webContents : null), log });
      showWindow();
    })
    .catch((err: unknown) => {
      log('error', 'OpenCabinet could not start.', err);
      dialog.showErrorBox(
        'OpenCabinet could not start',
        `The local data folder could not be opened (${app.getPath('userData')}). ` +
          'Check that the disk is not full and that no other copy of OpenCabinet is using it, then start the application again.\n\n' +
          (err instanceof Error ? err.message : String(err)),
      );
      app.exit(1);
    });
}
