import type { Api, EventName, Events } from '../../shared/contract';
import type { BlobSource } from './at-rest';
import type { DeviceKeyProvider } from './device-key';

export interface CoreOptions {
  /** Folder for this device's local SQLite store and blob cache. */
  dataDir: string;
  mode: 'electron' | 'browser';
  /** Offered on the login screen (e.g. the embedded demo server). */
  defaultServerUrl?: string | null;
  /** Headers the renderer must send when it loads `/blob/<sha256>` from its shell (browser mode: the launch token). */
  blobHeaders?: Record<string, string>;
  /**
   * Keeps the device key that seals the session token and confidential meetings' files at
   * rest. Electron passes its safeStorage provider; defaults to a key file in `dataDir`
   * readable only by this user (browser mode, tests).
   */
  deviceKey?: DeviceKeyProvider;
  /** This device's clock (ms since epoch), for the offline lease and the server-clock estimate; tests inject a fake or skewed one. Defaults to Date.now. */
  now?: () => number;
  /** Where diagnostics go; defaults to console. */
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;
}

/** The desktop core as the shells (Electron, browser host, tests) see it. */
export interface Core {
  api: Api;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** A verified document file as stored on this device (sealed for confidential meetings); null if absent. */
  blobPath(sha256: string): string | null;
  /** The plain bytes of a verified document file, for the shell's `/blob/<sha256>` route; null if absent. */
  blobSource(sha256: string): BlobSource | null;
  /** Flushes the local store and disconnects; safe to call twice. */
  close(): Promise<void>;
}
