/**
 * The server's time as this device estimates it. A speaker's countdown is computed on every
 * device from the server's instants (startedAt, pausedAt…): a device whose clock is three
 * minutes fast would show a fresh five-minute speech with two minutes left. So every reply
 * from the server is a clock sample, NTP-style: the server stamps the reply (`X-Server-Time`,
 * ms; else the HTTP `Date`, whole seconds), the device notes when it sent and received, and
 * the server's stamp is taken to fall halfway through the round trip:
 *
 *   offset = serverTime − (sent + received) / 2,   error ≤ round trip / 2
 *
 * Samples are smoothed like NTP's clock filter: of the last few, the ones with the shortest
 * round trip (least queuing, so least error) are kept and their median offset is used. A
 * reply that disagrees with the estimate by more than its own error bound means this
 * device's clock was set meanwhile: the old samples are dropped.
 */

export interface ClockSample {
  offsetMs: number;
  /** The round trip, plus the stamp's own resolution for a whole-second `Date` header. */
  errorMs: number;
}

/** The header in which the server stamps every API reply (ms since the epoch). */
export const serverTimeHeader = 'x-server-time';

/** Replies slower than this say nothing useful about the clock (a queued or stalled request). */
const maxRoundTripMs = 10_000;

export class ServerClock {
  private samples: ClockSample[] = [];
  private estimate = 0;
  private serverUrl: string | null = null;

  constructor(
    /** This device's clock (ms since the epoch); tests inject a skewed one. */
    readonly local: () => number = Date.now,
    private readonly window = 8,
    /** Told when the estimate moved by more than `reportMs` (to refresh the sync status). */
    private readonly onChange: (offsetMs: number) => void = () => {},
    private readonly reportMs = 250,
  ) {}

  /** Milliseconds to add to this device's clock to read the server's; 0 before any reply. */
  offsetMs(): number {
    return this.estimate;
  }

  /** The server's time now, as best this device knows it. */
  now(): number {
    return this.local() + this.estimate;
  }

  /** A reply from `serverUrl` sent at `sentAt` and received at `receivedAt` (this device's clock). */
  observeReply(serverUrl: string, sentAt: number, receivedAt: number, headers: Headers): void {
    const stamp = Number(headers.get(serverTimeHeader));
    if (Number.isFinite(stamp) && stamp > 0) return this.observe(serverUrl, sentAt, receivedAt, stamp, 0);
    const date = Date.parse(headers.get('date') ?? '');
    // A Date header says which whole second it was: take the middle of it, and count the second as error.
    if (Number.isFinite(date)) this.observe(serverUrl, sentAt, receivedAt, date + 500, 1000);
  }

  observe(serverUrl: string, sentAt: number, receivedAt: number, serverMs: number, resolutionMs = 0): void {
    const rtt = receivedAt - sentAt;
    // A negative round trip: this device's clock was set back while the request was out.
    if (!(rtt >= 0) || rtt > maxRoundTripMs) return;
    if (serverUrl !== this.serverUrl) {
      this.serverUrl = serverUrl;
      this.samples = [];
    }
    const sample = { offsetMs: serverMs - (sentAt + receivedAt) / 2, errorMs: rtt + resolutionMs };
    const best = this.samples.length ? Math.min(...this.samples.map((s) => s.errorMs)) : 0;
    // Both bounds hold if nothing changed: a larger gap means a clock was set in between.
    if (this.samples.length && Math.abs(sample.offsetMs - this.estimate) > (sample.errorMs + best) / 2 + 50) this.samples = [];
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
    this.update();
  }

  private update(): void {
    const least = Math.min(...this.samples.map((s) => s.errorMs));
    // The samples nearly as good as the best one; their median resists one unlucky reply.
    const good = this.samples
      .filter((s) => s.errorMs <= least * 2 + 5)
      .map((s) => s.offsetMs)
      .sort((a, b) => a - b);
    const mid = good.length >> 1;
    const next = good.length % 2 ? good[mid]! : (good[mid - 1]! + good[mid]!) / 2;
    const moved = Math.abs(next - this.estimate) > this.reportMs;
    this.estimate = Math.round(next);
    if (moved) this.onChange(this.estimate);
  }
}
