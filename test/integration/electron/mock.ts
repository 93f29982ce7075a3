/**
 * A stand-in for the `electron` module: just enough for the shell in main/electron/ and
 * the preload to run under vitest, where the real binary may not exist. Its state lives on
 * `globalThis` so the test can reach the handlers the shell registered.
 */
import { EventEmitter } from 'node:events';

/* eslint-disable @typescript-eslint/no-explicit-any -- a loose fake of a large API */
type Handler = (event: any, input: unknown) => Promise<unknown>;

export interface MockState {
  paths: Record<string, string>;
  sandbox: boolean;
  schemes: unknown;
  protocolHandler: ((req: { url: string; method: string }) => Promise<Response>) | null;
  handlers: Map<string, Handler>;
  windows: MockWindow[];
  loaded: string | null;
  permissionRequest: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null;
  permissionCheck: (() => boolean) | null;
  beforeRequest: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | null;
  openedExternally: string[];
  rendererListeners: { channel: string; fn: (event: unknown, message: unknown) => void }[];
  exposed: { key: string; value: any } | null;
  quitted: boolean;
}

const g = globalThis as unknown as { __electronMock?: MockState };
export const state: MockState = (g.__electronMock ??= {
  paths: {},
  sandbox: false,
  schemes: null,
  protocolHandler: null,
  handlers: new Map(),
  windows: [],
  loaded: null,
  permissionRequest: null,
  permissionCheck: null,
  beforeRequest: null,
  openedExternally: [],
  rendererListeners: [],
  exposed: null,
  quitted: false,
});

class App extends EventEmitter {
  setPath(name: string, value: string) {
    state.paths[name] = value;
  }
  getPath(name: string) {
    return state.paths[name] ?? `/nonexistent/${name}`;
  }
  requestSingleInstanceLock() {
    return true;
  }
  enableSandbox() {
    state.sandbox = true;
  }
  whenReady() {
    return new Promise<void>((r) => setTimeout(r, 5));
  }
  isReady() {
    return true;
  }
  quit() {
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('before-quit', event);
    if (!event.defaultPrevented) state.quitted = true;
  }
  exit() {
    state.quitted = true;
  }
}
export const app = new App();

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown) {
    state.schemes = schemes;
  },
  handle(_scheme: string, handler: MockState['protocolHandler']) {
    state.protocolHandler = handler;
  },
};

let nextId = 1;
export class MockWebContents extends EventEmitter {
  id = nextId++;
  mainFrame = { url: 'app://opencabinet/index.html', parent: null, processId: 7, routingId: 1 };
  openHandler: ((d: { url: string }) => unknown) | null = null;
  setWindowOpenHandler(h: (d: { url: string }) => unknown) {
    this.openHandler = h;
  }
  isDestroyed() {
    return false;
  }
  send(channel: string, message: unknown) {
    for (const l of state.rendererListeners) if (l.channel === channel) l.fn({}, structuredClone(message));
  }
}

export class MockWindow extends EventEmitter {
  webContents = new MockWebContents();
  constructor(readonly options: any) {
    super();
    state.windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    state.loaded = url;
    return Promise.resolve();
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  focus() {}
  restore() {}
  show() {}
  static getAllWindows() {
    return state.windows;
  }
}
export const BrowserWindow = MockWindow;

export const ipcMain = {
  handle(channel: string, fn: Handler) {
    if (state.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.handlers.set(channel, fn);
  },
  removeHandler(channel: string) {
    state.handlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: MockState['permissionRequest']) {
      state.permissionRequest = h;
    },
    setPermissionCheckHandler(h: MockState['permissionCheck']) {
      state.permissionCheck = h;
    },
    setDevicePermissionHandler() {},
    webRequest: {
      onBeforeRequest(h: MockState['beforeRequest']) {
        state.beforeRequest = h;
      },
    },
  },
};

export const shell = {
  openExternal(url: string) {
    state.openedExternally.push(url);
    return Promise.resolve();
  },
};

export const dialog = { showErrorBox() {} };

/**
 * The OS keystore behind safeStorage cannot run here (no Electron binary, no keyring): a
 * stand-in that seals with a fixed AES key, so the shell's async key path runs end to end.
 */
const keystoreKey = Buffer.alloc(32, 7);
export const safeStorage = {
  async isAsyncEncryptionAvailable() {
    return true;
  },
  getSelectedStorageBackend() {
    return 'gnome_libsecret';
  },
  async encryptStringAsync(text: string) {
    const { createCipheriv, randomBytes } = await import('node:crypto');
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', keystoreKey, iv);
    const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  async decryptStringAsync(sealed: Buffer) {
    const { createDecipheriv } = await import('node:crypto');
    const d = createDecipheriv('aes-256-gcm', keystoreKey, sealed.subarray(0, 12));
    d.setAuthTag(sealed.subarray(12, 28));
    return { shouldReEncrypt: false, result: Buffer.concat([d.update(sealed.subarray(28)), d.final()]).toString('utf8') };
  },
};

/** Renderer side: calls go to the handlers main registered, as from our window's top frame. */
export const ipcRenderer = {
  async invoke(channel: string, input: unknown) {
    const handler = state.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const wc = state.windows[0]!.webContents;
    return structuredClone(await handler({ sender: wc, senderFrame: wc.mainFrame }, structuredClone(input)));
  },
  on(channel: string, fn: (event: unknown, message: unknown) => void) {
    state.rendererListeners.push({ channel, fn });
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, value: unknown) {
    state.exposed = { key, value };
  },
};
