/**
 * One Yjs document on this device, kept in the local store and synced with the server
 * through the stock y-websocket client. Local first: the document opens from disk before
 * (and without) any network, and every update from anywhere is written to disk.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { YDocStore } from './ydoc-store';

/** Origin tag for updates that came from the local store, so they are not written back. */
const fromStore = Symbol('local-store');

export type ReplicaStatus = 'connected' | 'connecting' | 'disconnected';

export interface ReplicaOptions {
  store: YDocStore;
  /** Key in the local store; includes the server so two servers never mix documents. */
  storeKey: string;
  serverUrl: string;
  docName: string;
  token: string;
  onChange: () => void;
  onStatus: (status: ReplicaStatus) => void;
  onConnectionError: () => void;
}

export class Replica {
  readonly doc = new Y.Doc();
  private provider: WebsocketProvider | null = null;
  private status: ReplicaStatus = 'disconnected';
  private everSynced = false;

  constructor(private readonly opts: ReplicaOptions) {
    opts.store.load(opts.storeKey, this.doc, fromStore);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== fromStore) {
        opts.store.append(opts.storeKey, update);
        opts.store.maybeCompact(opts.storeKey, this.doc);
      }
      opts.onChange();
    });
  }

  get synced(): boolean {
    return this.everSynced;
  }

  get connectionStatus(): ReplicaStatus {
    return this.status;
  }

  connect(token: string = this.opts.token): void {
    this.provider?.destroy();
    const wsUrl = this.opts.serverUrl.replace(/^http/, 'ws') + '/sync';
    const provider = new WebsocketProvider(wsUrl, this.opts.docName, this.doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 4000,
    });
    // Presence is attendance, written by the server; no per-client awareness traffic.
    provider.awareness.setLocalState(null);
    provider.on('status', ({ status }) => {
      this.status = status;
      this.opts.onStatus(status);
    });
    provider.on('sync', (synced: boolean) => {
      if (synced && !this.everSynced) {
        this.everSynced = true;
        this.opts.onChange();
      }
    });
    provider.on('connection-error', () => this.opts.onConnectionError());
    this.provider = provider;
  }

  disconnect(): void {
    this.provider?.destroy();
    this.provider = null;
    if (this.status !== 'disconnected') {
      this.status = 'disconnected';
      this.opts.onStatus('disconnected');
    }
  }

  close(): void {
    this.disconnect();
    this.opts.store.maybeCompact(this.opts.storeKey, this.doc, true);
    this.doc.destroy();
  }
}
