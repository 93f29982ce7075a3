/**
 * Browser mode: the `Bridge` over the desktop core's loopback WebSocket
 * (wire format in shared/bridge-protocol.ts).
 *
 * Calls made while the socket is still connecting wait for it; calls made while the core
 * is known to be down fail at once, so a screen never hangs on a spinner. When the socket
 * closes, every call in flight is rejected (the core may or may not have run it; the UI
 * re-reads state when the bridge comes back) and we reconnect with capped backoff.
 */
import { isEventName, type Channel, type EventName, type WireBridge, type WireEvents } from '../../shared/contract';
import type { BridgeRequest } from '../../shared/bridge-protocol';
import { createEventFanout } from '../../shared/event-fanout';
import { ApiError, fromErrorInfo, isErrorCode } from '../../shared/errors';
import { BridgeDownError } from './errors';
import type { BridgeHealth, HealthSource } from './health';

export interface WebSocketBridgeOptions {
  url: string;
  /** First reconnect delay; doubles up to `maxDelayMs`. */
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface WebSocketBridge extends WireBridge, HealthSource {
  /** Stops reconnecting and fails everything pending; for tests and page teardown. */
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: ApiError): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** A `result` envelope from the core, or an error if it is malformed. */
function settle(result: unknown): { ok: true; value: unknown } | { ok: false; error: ApiError } {
  if (isRecord(result) && result.ok === true) return { ok: true, value: result.value };
  if (isRecord(result) && result.ok === false && isRecord(result.error)) {
    const { code, message } = result.error;
    return {
      ok: false,
      error: fromErrorInfo({ code: isErrorCode(code) ? code : 'server_error', message: typeof message === 'string' ? message : '' }),
    };
  }
  return { ok: false, error: new ApiError('server_error', 'The application core sent a reply this version cannot read.') };
}

export function createWebSocketBridge(options: WebSocketBridgeOptions): WebSocketBridge {
  const minDelay = options.minDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 8000;

  let socket: WebSocket | null = null;
  let health: BridgeHealth = 'connecting';
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedForGood = false;
  let nextId = 1;

  const pending = new Map<number, Pending>();
  /** Frames waiting for the socket to open, in call order. */
  const queued: string[] = [];
  // One faulty screen must not stop the others from hearing the event.
  const events = createEventFanout<EventName>((event, err) => console.error(`Listener for ${event} failed`, err));
  const healthListeners = new Set<(h: BridgeHealth) => void>();

  function setHealth(next: BridgeHealth) {
    if (next === health) return;
    health = next;
    for (const l of healthListeners) l(next);
  }

  function failAll() {
    queued.length = 0;
    const calls = [...pending.values()];
    pending.clear();
    for (const p of calls) p.reject(new BridgeDownError());
  }

  function onMessage(data: unknown) {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (!isRecord(msg)) return;
    if (msg.t === 'result' && typeof msg.id === 'number') {
      const p = pending.get(msg.id);
      if (!p) return;
      pending.delete(msg.id);
      const r = settle(msg.result);
      if (r.ok) p.resolve(r.value);
      else p.reject(r.error);
    } else if (msg.t === 'event' && isEventName(msg.event)) {
      events.emit(msg.event, msg.payload);
    }
  }

  function scheduleReconnect() {
    if (closedForGood || retryTimer) return;
    // Jitter so several tabs do not hammer a restarting core in lockstep.
    const delay = Math.min(maxDelay, minDelay * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt++;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
  }

  function connect() {
    let ws: WebSocket;
    try {
      ws = new WebSocket(options.url);
    } catch {
      setHealth('down');
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      for (const frame of queued.splice(0)) ws.send(frame);
      setHealth('up');
    };
    ws.onmessage = (e) => onMessage(e.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      failAll();
      setHealth('down');
      scheduleReconnect();
    };
    // `error` is always followed by `close`, which does the work.
    ws.onerror = () => {};
  }

  connect();

  return {
    invoke(channel: Channel, input: unknown): Promise<unknown> {
      if (closedForGood || !socket) return Promise.reject(new BridgeDownError());
      const id = nextId++;
      const request: BridgeRequest = { t: 'call', id, channel, input };
      const frame = JSON.stringify(request);
      return new Promise<unknown>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
        else queued.push(frame);
      });
    },

    on<E extends EventName>(event: E, listener: (payload: WireEvents[E]) => void): () => void {
      return events.on(event, listener);
    },

    health: () => health,

    onHealth(listener) {
      healthListeners.add(listener);
      return () => {
        healthListeners.delete(listener);
      };
    },

    close() {
      closedForGood = true;
      if (retryTimer) clearTimeout(retryTimer);
      const ws = socket;
      socket = null;
      ws?.close();
      failAll();
      setHealth('down');
    },
  };
}
