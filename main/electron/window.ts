/**
 * The one window factory. Every window of the app is made here so that none can be
 * created with weaker settings by accident.
 */
import { BrowserWindow } from 'electron';
import type { Log } from './log';
import { appEntryUrl } from './origin';

export interface WindowOptions {
  preloadPath: string;
  log: Log;
}

export function createMainWindow({ preloadPath, log }: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    title: 'OpenCabinet',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    // Kept hidden until the first paint so the user never sees a white flash.
    show: false,
    backgroundColor: '#f4f5f7',
    webPreferences: {
      preload: preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Dictionaries would be fetched from Google's servers; we load nothing remote.
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());
  win.webContents.on('did-fail-load', (_e, code, description, url) => {
    log('error', `The window could not load ${url}: ${description} (${code}).`);
  });
  win.webContents.on('render-process-gone', (_e, details) => {
    log('error', `The window's renderer stopped: ${details.reason}.`);
  });
  void win.loadURL(appEntryUrl).catch((err: unknown) => log('error', 'Could not load the application page.', err));
  return win;
}
