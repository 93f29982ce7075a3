/**
 * Bounds on what one client can take from the HTTP server: time and memory (a body or a
 * reader that trickles), requests a second (per user; per address before sign-in) and
 * uploads at once (per user). Defaults are generous on purpose: a 3,152-delegate congress
 * behind one NAT address is normal work, and so is a device fetching a whole meeting pack.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../shared/errors';

export interface HttpLimits {
  /** Whole header block must arrive within this (Node's headersTimeout). */
  headersTimeoutMs: number;
  /** Whole request, body included (Node's requestTimeout): a 500 MB upload over a slow link fits. */
  requestTimeoutMs: number;
  /** An idle keep-alive socket is closed after this. */
  keepAliveTimeoutMs: number;
  /**
   * A request body must deliver at least `minProgressBytes` in every `bodyIdleTimeoutMs`
   * (and a client reading a response must take as much): a body trickled at one byte a
   * second never looks idle to a socket timeout, but does not pass this.
   */
  bodyIdleTimeoutMs: number;
  minProgressBytes: number;
  /** A response waiting for its reader may hold at most this much in the socket's buffer. */
  maxSendBufferBytes: number;
  /** Token buckets: sustained requests a second and the burst above it. */
  userRequestsPerSecond: number;
  userBurst: number;
  /** Requests without a valid session (sign-in, health), per address; a hall shares one. */
  addressRequestsPerSecond: number;
  addressBurst: number;
  /** Uploads (request bodies that are not JSON: PDFs) one user may send at once. */
  uploadsPerUser: number;
}

export const defaultHttpLimits: HttpLimits = {
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 60 * 60_000,
  keepAliveTimeoutMs: 5_000,
  bodyIdleTimeoutMs: 30_000,
  minProgressBytes: 1024,
  maxSendBufferBytes: 64 * 1024 * 1024,
  userRequestsPerSecond: 100,
  userBurst: 1_000,
  addressRequestsPerSecond: 200,
  addressBurst: 4_000,
  uploadsPerUser: 8,
};

/** Bound on the keys each table holds, so a spray of addresses cannot grow it forever. */
const maxKeys = 100_000;

class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  /** Takes one token; the milliseconds until one is available when there is none. */
  take(key: string, now = Date.now()): number {
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) / this.perSecond) * 1000);
  }
}

export function rateLimited(message: string, retryAfterMs: number): ApiError {
  const sec = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return Object.assign(new ApiError('rate_limited', `${message} Try again in ${sec} second${sec === 1 ? '' : 's'}.`), { retryAfterSec: sec });
}

/** The caller's address; IPv4 over an IPv6 socket is written as plain IPv4. */
export function clientAddress(req: IncomingMessage): string {
  const a = req.socket.remoteAddress ?? 'unknown';
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

function isUpload(req: IncomingMessage): boolean {
  if (req.method !== 'POST' && req.method !== 'PUT') return false;
  const type = String(req.headers['content-type'] ?? '');
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  return hasBody && !/^application\/json\b/i.test(type);
}

export class RequestLimits {
  readonly limits: HttpLimits;
  private readonly users: TokenBuckets;
  private readonly addresses: TokenBuckets;
  private readonly uploads = new Map<string, number>();
  /** Requests already counted (requireSession may run more than once per request). */
  private readonly admitted = new WeakSet<IncomingMessage>();
  private readonly responses = new WeakMap<IncomingMessage, ServerResponse>();

  constructor(limits: Partial<HttpLimits> = {}) {
    this.limits = { ...defaultHttpLimits, ...limits };
    this.users = new TokenBuckets(this.limits.userRequestsPerSecond, this.limits.userBurst);
    this.addresses = new TokenBuckets(this.limits.addressRequestsPerSecond, this.limits.addressBurst);
  }

  /**
   * Called first for every request: starts the slow-client guard and, for a request that
   * carries no session token, counts it against its address.
   */
  begin(req: IncomingMessage, res: ServerResponse, onCut?: (why: string) => void): void {
    this.responses.set(req, res);
    guardSlowClient(req, res, this.limits, onCut);
    if (!req.headers.authorization) this.admitAnonymous(req);
  }

  /** A request without a valid session: per-address rate. */
  admitAnonymous(req: IncomingMessage): void {
    if (this.admitted.has(req)) return;
    this.admitted.add(req);
    const wait = this.addresses.take(clientAddress(req));
    if (wait > 0) {
      throw rateLimited(
        `Too many requests from this network address: at most ${this.limits.addressRequestsPerSecond} a second before sign-in.`,
        wait,
      );
    }
  }

  /** A request with a valid session: per-user rate, and an upload slot if it is one. */
  admitUser(req: IncomingMessage, userId: string): void {
    if (this.admitted.has(req)) return;
    this.admitted.add(req);
    const wait = this.users.take(userId);
    if (wait > 0) throw rateLimited(`Too many requests: at most ${this.limits.userRequestsPerSecond} a second per user.`, wait);
    if (!isUpload(req)) return;
    const running = this.uploads.get(userId) ?? 0;
    if (running >= this.limits.uploadsPerUser) {
      throw rateLimited(`Too many uploads at once: at most ${this.limits.uploadsPerUser} per user. Wait for one to finish.`, 1000);
    }
    this.uploads.set(userId, running + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const n = (this.uploads.get(userId) ?? 1) - 1;
      if (n > 0) this.uploads.set(userId, n);
      else this.uploads.delete(userId);
    };
    const res = this.responses.get(req);
    // The slot is the upload's whole life: until the answer is sent or the line is cut.
    if (res) res.once('close', release);
    else req.once('close', release);
  }

  uploadsInFlight(userId: string): number {
    return this.uploads.get(userId) ?? 0;
  }
}

/**
 * Cuts off a client that trickles its body or reads its answer too slowly to matter, by
 * watching the socket's byte counters (which works for every route, JSON or streamed
 * upload, without touching the stream). A request whose body sits unread in our own
 * buffer is waiting for the server, not the client, and is left alone.
 */
export function guardSlowClient(req: IncomingMessage, res: ServerResponse, limits: HttpLimits, onCut: (why: string) => void = () => {}): void {
  const socket = req.socket;
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  let lastRead = socket.bytesRead;
  let lastWritten = socket.bytesWritten;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    const read = socket.bytesRead - lastRead;
    const written = socket.bytesWritten - lastWritten;
    lastRead = socket.bytesRead;
    lastWritten = socket.bytesWritten;
    const waitingForBody = hasBody && !req.complete && req.readableLength === 0;
    const waitingForReader = res.headersSent && !res.writableFinished && socket.writableLength > 0;
    const why =
      waitingForBody && read < limits.minProgressBytes
        ? 'request body too slow'
        : waitingForReader && written < limits.minProgressBytes
          ? 'client reads the answer too slowly'
          : socket.writableLength > limits.maxSendBufferBytes
            ? 'send buffer over its cap'
            : null;
    if (!why) return;
    clearInterval(timer);
    onCut(why);
    socket.destroy();
  }, limits.bodyIdleTimeoutMs);
  timer.unref();
  res.once('close', () => clearInterval(timer));
}
