/**
 * One Yjs document on this device, kept in the local store and synced with the server
 * through the stock y-websocket client. Local first: the document opens from disk before
 * (and without) any network, and every update from anywhere is written to disk.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { YDocStore } from './ydoc-store';
import { fullJitter } from '../../shared/backoff';
import { addressesOf } from './server-addresses';

/** Reconnect waits: a random time up to a ceiling doubling from the base to the cap. */
const reconnectBaseMs = 250;
const reconnectCapMs = 8_000;

/** Closes that mean this node is gone or going (not that this device may not come back): try the next address. */
const abnormalClose = 1006;
const tryAgainCloseCode = 1012; // server/ops/drain.ts tryAgainCloseCode

const syncBase = (address: string) => address.replace(/^http/, 'ws') + '/sync';

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
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** Closes in a row without a sync in between. */
  private failures = 0;

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
    const addresses = addressesOf(this.opts.serverUrl);
    let address = addresses.current();
    const provider = new WebsocketProvider(syncBase(address), this.opts.docName, this.doc, {
      params: { token },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      // y-websocket's own reconnect waits a fixed 2^n × 100 ms: after a server restart every
      // device would come back at the same instants. It is told never to reconnect after a
      // close by the server; the 'closed' handler below does it with full jitter instead.
      shouldReconnect: () => false,
    });
    // Presence is attendance, written by the server; no per-client awareness traffic.
    provider.awareness.setLocalState(null);
    provider.on('status', ({ status }) => {
      this.status = status;
      this.opts.onStatus(status);
    });
    provider.on('closed', ({ code }: { code: number }) => {
      if (this.provider !== provider) return;
      // 44xx: the server says coming back is pointless (refused token, no such meeting).
      if (code >= 4400 && code < 4500) return;
      // Refused, dropped or told to try again: the next address of the list (the same one
      // when there is only one). Whatever the HTTP calls found out meanwhile counts too.
      if (code === abnormalClose || code === tryAgainCloseCode) address = addresses.failed(address);
      else address = addresses.current();
      provider.serverUrl = syncBase(address);
      this.failures++;
      if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
      this.reconnectTimer = setTimeout(() => {
        this.reconnectTimer = null;
        if (this.provider === provider) provider.connect();
      }, fullJitter(this.failures, reconnectBaseMs, reconnectCapMs));
    });
    provider.on('sync', (synced: boolean) => {
      if (synced) this.failures = 0;
      if (synced && !this.everSynced) {
        this.everSynced = true;
        this.opts.onChange();
      }
    });
    provider.on('connection-error', () => this.opts.onConnectionError());
    this.provider = provider;
  }

  disconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
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
