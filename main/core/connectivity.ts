/**
 * Whether this device can talk to its server right now. Replica connections tell us at
 * once when a socket opens or drops; a health ping covers the time when no meeting is open
 * and notices when the server comes back.
 */
import type { SyncState } from '../../shared/contract';

export interface ConnectivityOptions {
  ping: () => Promise<boolean>;
  onChange: (state: SyncState, lastOnlineAt: string | null) => void;
  onReconnected: () => void;
  intervalMs?: number;
}

export class Connectivity {
  private state: SyncState = 'signed_out';
  private lastOnlineAt: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private socketsUp = 0;
  private pingOk: boolean | null = null;

  constructor(private readonly opts: ConnectivityOptions) {}

  get current(): { state: SyncState; lastOnlineAt: string | null } {
    return { state: this.state, lastOnlineAt: this.lastOnlineAt };
  }

  start(): void {
    this.stop();
    this.pingOk = null;
    this.set('connecting');
    const tick = async () => {
      const ok = await this.opts.ping();
      if (this.timer === null) return;
      this.pingOk = ok;
      this.recompute();
      this.timer = setTimeout(tick, this.opts.intervalMs ?? (ok ? 10_000 : 2_000));
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socketsUp = 0;
    this.set('signed_out');
  }

  /** A replica socket opened (+1) or closed (-1). */
  socketDelta(delta: 1 | -1): void {
    this.socketsUp = Math.max(0, this.socketsUp + delta);
    // A dropped socket is the earliest sign the server is gone; don't wait for a ping.
    if (delta === -1 && this.socketsUp === 0) this.pingOk = false;
    if (delta === 1) this.pingOk = true;
    this.recompute();
  }

  private recompute(): void {
    if (this.timer === null) return;
    const online = this.socketsUp > 0 || this.pingOk === true;
    if (online) this.set('online');
    else if (this.pingOk === null) this.set('connecting');
    else this.set('offline');
  }

  private set(state: SyncState): void {
    if (state === 'online') this.lastOnlineAt = new Date().toISOString();
    if (state === this.state) return;
    const wasOffline = this.state === 'offline';
    this.state = state;
    this.opts.onChange(state, this.lastOnlineAt);
    if (state === 'online' && wasOffline) this.opts.onReconnected();
  }
}
