import type { Api, EventName, Events } from '../../shared/contract';

export interface CoreOptions {
  /** Folder for this device's local SQLite store and blob cache. */
  dataDir: string;
  mode: 'electron' | 'browser';
  /** Offered on the login screen (e.g. the embedded demo server). */
  defaultServerUrl?: string | null;
  /** Headers the renderer must send when it loads `/blob/<sha256>` from its shell (browser mode: the launch token). */
  blobHeaders?: Record<string, string>;
  /** Where diagnostics go; defaults to console. */
  log?: (level: 'info' | 'warn' | 'error', message: string, extra?: unknown) => void;
}

/** The desktop core as the shells (Electron, browser host, tests) see it. */
export interface Core {
  api: Api;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  /** A verified document file on this device, for the shell's `/blob/<sha256>` route; null if absent. */
  blobPath(sha256: string): string | null;
  /** Flushes the local store and disconnects; safe to call twice. */
  close(): Promise<void>;
}
