/**
 * Prometheus metrics (`GET /metrics`, prom-client). One registry per server, so two servers
 * in one process (tests, benchmarks) never share or clash on a metric.
 *
 * Gauges and counters that mirror state the server already keeps (connections, documents in
 * memory, SyncedDocs' broadcast counters, the records service's group commits) are read at scrape time;
 * only what has no other home is pushed as it happens (fan-out time, receipts, database
 * round trips). Rates ("updates per second") are Prometheus' rate() over the counters.
 */
import type { ServerResponse } from 'node:http';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { parseDocName } from '../../shared/ydoc/doc-names';

export type DocKind = 'meeting' | 'live';
const kinds: readonly DocKind[] = ['meeting', 'live'];

/** What SyncedDocs (server/sync/synced-docs.ts) offers to read. */
export interface SyncSource {
  loadedDocNames(): string[];
  connectionCount(docName: string): number;
  stats(): { liveUpdates: number; liveSends: number; meetingUpdates: number; meetingSends: number; liveBytes: number; meetingBytes: number };
}

/** What the records service (server/records/service.ts) offers to read. */
export interface RecordsSource {
  stats(): { commits: number };
}

export interface MetricsOptions {
  /** Node's own process metrics (CPU, memory, event-loop delay); default true. */
  processMetrics?: boolean;
}

const prefix = 'opencabinet_';

/**
 * The process's own metrics, collected once per process however many servers it runs:
 * each collectDefaultMetrics call installs its own GC observer and event-loop monitor,
 * which nothing removes when a server closes.
 */
let processRegistry: Registry | null = null;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix });
  }
  return processRegistry;
}

export class ServerMetrics {
  /** This server's own metrics (process metrics are added at scrape time, see text()). */
  readonly registry = new Registry();
  private readonly withProcess: boolean;
  private sync: SyncSource | null = null;
  private records: RecordsSource | null = null;
  /** Totals already handed to the counters below, so each scrape adds only what is new. */
  private seen = { liveUpdates: 0, liveSends: 0, meetingUpdates: 0, meetingSends: 0, liveBytes: 0, meetingBytes: 0, commits: 0 };

  readonly fanoutSeconds: Histogram<'kind'>;
  readonly outboxReceipts: Counter<'outcome'>;
  readonly dbRoundTrips: Counter<'store'>;
  readonly dbRoundTripSeconds: Histogram<'store'>;
  readonly redisRoundTrips: Counter;

  constructor(opts: MetricsOptions = {}) {
    const registers = [this.registry];
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge({
      name: `${prefix}sync_connections`,
      help: 'Open y-websocket connections, per document kind.',
      labelNames: ['kind'],
      registers,
      collect() {
        const counts = self.perKind((name) => self.sync!.connectionCount(name));
        for (const k of kinds) this.set({ kind: k }, counts[k]);
      },
    });
    new Gauge({
      name: `${prefix}documents_in_memory`,
      help: 'Yjs documents loaded in this node, per kind.',
      labelNames: ['kind'],
      registers,
      collect() {
        const counts = self.perKind(() => 1);
        for (const k of kinds) this.set({ kind: k }, counts[k]);
      },
    });
    const fromSync = (name: string, help: string, field: (k: DocKind) => keyof ServerMetrics['seen']) =>
      new Counter({
        name,
        help,
        labelNames: ['kind'],
        registers,
        collect() {
          if (!self.sync) return;
          const s = self.sync.stats();
          for (const k of kinds) {
            const f = field(k) as Exclude<keyof ServerMetrics['seen'], 'commits'>;
            const delta = s[f] - self.seen[f];
            if (delta > 0) this.inc({ kind: k }, delta);
            self.seen[f] = s[f];
          }
        },
      });
    fromSync(`${prefix}sync_updates_broadcast_total`, 'Document updates fanned out to connections, per document kind.', (k) => `${k}Updates`);
    fromSync(`${prefix}sync_messages_sent_total`, 'Update messages sent (one update to N connections is N), per document kind.', (k) => `${k}Sends`);
    fromSync(`${prefix}sync_bytes_sent_total`, 'Bytes handed to sync sockets, per document kind.', (k) => `${k}Bytes`);
    new Counter({
      name: `${prefix}record_commits_total`,
      help: 'Durable commits of outbox records (ballots, check-ins, …); one commit may hold many records.',
      registers,
      collect() {
        if (!self.records) return;
        const { commits } = self.records.stats();
        if (commits > self.seen.commits) this.inc(commits - self.seen.commits);
        self.seen.commits = commits;
      },
    });
    this.fanoutSeconds = new Histogram({
      name: `${prefix}fanout_seconds`,
      help: 'Time to hand one document update to every connection of that document on this node.',
      labelNames: ['kind'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    });
    this.outboxReceipts = new Counter({
      name: `${prefix}outbox_receipts_total`,
      help: 'Outbox records answered, by outcome: accepted (stored now), repeated (same key again, same receipt), refused.',
      labelNames: ['outcome'],
      registers,
    });
    this.dbRoundTrips = new Counter({ name: `${prefix}db_round_trips_total`, help: 'Statements sent to a networked database.', labelNames: ['store'], registers });
    this.dbRoundTripSeconds = new Histogram({
      name: `${prefix}db_round_trip_seconds`,
      help: 'Time of one statement against a networked database, answer included.',
      labelNames: ['store'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.redisRoundTrips = new Counter({ name: `${prefix}redis_round_trips_total`, help: 'Commands sent to Redis.', registers });
    for (const outcome of ['accepted', 'repeated', 'refused']) this.outboxReceipts.inc({ outcome }, 0);
    this.withProcess = opts.processMetrics !== false;
  }

  /** The Prometheus text of this server's metrics, with the process's when asked for. */
  async text(): Promise<{ body: string; contentType: string }> {
    const registry = this.withProcess ? Registry.merge([processMetrics(), this.registry]) : this.registry;
    return { body: await registry.metrics(), contentType: this.registry.contentType };
  }

  /** Reads connections, documents and broadcast counters from `sync` and commits from `room` at each scrape. */
  attach(sources: { sync?: SyncSource; records?: RecordsSource }): this {
    if (sources.sync) this.sync = sources.sync;
    if (sources.records) this.records = sources.records;
    return this;
  }

  observeFanout(kind: DocKind, seconds: number): void {
    this.fanoutSeconds.observe({ kind }, seconds);
  }

  countReceipts(out: { accepted: number; refused: number; repeated: number }): void {
    if (out.accepted) this.outboxReceipts.inc({ outcome: 'accepted' }, out.accepted);
    if (out.repeated) this.outboxReceipts.inc({ outcome: 'repeated' }, out.repeated);
    if (out.refused) this.outboxReceipts.inc({ outcome: 'refused' }, out.refused);
  }

  /** A hook for PgOptions.onRoundTrip. */
  roundTrip(store: string): (ms: number) => void {
    const count = this.dbRoundTrips.labels({ store });
    const time = this.dbRoundTripSeconds.labels({ store });
    return (ms) => {
      count.inc();
      time.observe(ms / 1000);
    };
  }

  private perKind(value: (docName: string) => number): Record<DocKind, number> {
    const out: Record<DocKind, number> = { meeting: 0, live: 0 };
    if (!this.sync) return out;
    for (const name of this.sync.loadedDocNames()) {
      const parsed = parseDocName(name);
      if (parsed) out[parsed.kind] += value(name);
    }
    return out;
  }
}

/** Answers a scrape: the registry in Prometheus' text format. */
export async function sendMetrics(metrics: ServerMetrics, res: ServerResponse): Promise<void> {
  const { body, contentType } = await metrics.text();
  res.writeHead(200, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(body);
}
