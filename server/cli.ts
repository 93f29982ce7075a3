/**
 * `opencabinet-server --data DIR --port N [--host 127.0.0.1] [--max-upload-mb N] [--demo [--demo-size N]] [--drain-ms N] [--log-json]`
 *   --drain-ms: on SIGTERM, how long /api/ready answers 503 before the node closes (behind a balancer)
 *   --log-json: one JSON object per log line (for a log collector)
 *   --database-url, --redis-url: one node of a cluster (everything in the shared PostgreSQL; Redis carries live traffic)
 *   --lease-ms: how long a dead node's per-document leases (compaction, live/<id> writer) last (default 10000)
 * (tests only: `--clock-file PATH`, see server/clock.ts; deliberately left out of --help)
 * `opencabinet-server audit verify --data DIR --meeting ID [--head HASH[:LENGTH]]... [--json]`
 * `opencabinet-server verify-poll --data DIR --poll ID` (recounts a secret poll; server/voting/verify-poll-cli.ts)
 */
import { parseArgs } from 'node:util';
import { runAuditCommand } from './audit/cli';

// Subcommands come first; without one, the flags start the server as they always did.
if (process.argv[2] === 'audit') process.exit(await runAuditCommand(process.argv.slice(3)));
if (process.argv[2] === 'verify-poll') process.exit((await import('./voting/verify-poll-cli')).runVerifyPoll(process.argv.slice(3)));

const { startServer } = await import('./app');
const { demoAccounts } = await import('./demo/accounts');
const { fileClock } = await import('./clock');
const { consoleLog, jsonLog } = await import('./log');
const { exitOnSignal } = await import('./ops/drain');

const usage = 'Usage: opencabinet-server --data DIR --port N [--host 127.0.0.1] [--max-upload-mb N] [--demo [--demo-size N]] [--drain-ms N] [--log-json] [--database-url postgres://… [--redis-url redis://… [--lease-ms N]]]\n       opencabinet-server audit verify --data DIR --meeting ID [--head HASH[:LENGTH]]... [--json]\n       opencabinet-server verify-poll --data DIR --poll ID';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values: {
  data?: string;
  port?: string;
  host?: string;
  demo?: boolean;
  'demo-size'?: string;
  'max-upload-mb'?: string;
  'clock-file'?: string;
  'drain-ms'?: string;
  'database-url'?: string;
  'redis-url'?: string;
  'lease-ms'?: string;
  'log-json'?: boolean;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      data: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean' },
      'demo-size': { type: 'string' },
      'max-upload-mb': { type: 'string' },
      'clock-file': { type: 'string' },
      'drain-ms': { type: 'string' },
      'database-url': { type: 'string' },
      'redis-url': { type: 'string' },
      'lease-ms': { type: 'string' },
      'log-json': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (!values.data) fail('Missing --data: the folder where the server keeps its database and documents.');
const port = Number(values.port ?? 'x');
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be a whole number from 0 to 65535.');
let demoSize: number | undefined;
if (values['demo-size'] !== undefined) {
  if (!values.demo) fail('--demo-size only makes sense together with --demo.');
  demoSize = Number(values['demo-size']);
  if (!Number.isInteger(demoSize) || demoSize < 1 || demoSize > 100_000) fail('--demo-size must be a whole number from 1 to 100000.');
}

let maxUploadBytes: number | undefined;
if (values['max-upload-mb'] !== undefined) {
  const mb = Number(values['max-upload-mb']);
  if (!Number.isFinite(mb) || mb <= 0 || mb > 100_000) fail('--max-upload-mb must be a number of megabytes from 1 to 100000.');
  maxUploadBytes = Math.round(mb * 1024 * 1024);
}

// Cluster mode (issue 13). Checked here so a typo is a usage error, not a connection error.
const databaseUrl = values['database-url'];
const redisUrl = values['redis-url'];
if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl)) fail('--database-url must be a PostgreSQL URL: postgres://user:password@host:5432/database');
if (redisUrl !== undefined && !/^rediss?:\/\/\S+$/.test(redisUrl)) fail('--redis-url must be a Redis URL: redis://host:6379');
if (redisUrl !== undefined && databaseUrl === undefined) fail('--redis-url needs --database-url: the nodes of a cluster share one PostgreSQL database.');
let leaseTtlMs: number | undefined;
if (values['lease-ms'] !== undefined) {
  if (redisUrl === undefined) fail('--lease-ms only makes sense together with --redis-url.');
  leaseTtlMs = Number(values['lease-ms']);
  if (!Number.isInteger(leaseTtlMs) || leaseTtlMs < 500 || leaseTtlMs > 600_000) fail('--lease-ms must be a whole number of milliseconds from 500 to 600000.');
}

let drainGraceMs: number | undefined;
if (values['drain-ms'] !== undefined) {
  drainGraceMs = Number(values['drain-ms']);
  if (!Number.isInteger(drainGraceMs) || drainGraceMs < 0 || drainGraceMs > 600_000) fail('--drain-ms must be a whole number of milliseconds from 0 to 600000.');
}
// One JSON object per line for a log collector; otherwise lines for a person.
const log = values['log-json'] ? jsonLog() : consoleLog;

// End-to-end tests only: the room's clock for tasks from a file (server/clock.ts).
const clockFile = values['clock-file'];
if (clockFile !== undefined && !clockFile.trim()) fail('--clock-file needs the path of a file.');
const clock = clockFile ? fileClock(clockFile, log) : undefined;

const server = await startServer({ dataDir: values.data, port, host: values.host, demo: values.demo, demoSize, maxUploadBytes, clock, drainGraceMs, log, databaseUrl, redisUrl, leaseTtlMs }).catch((err: Error) => {
  console.error(`The server could not start: ${err.message}`);
  process.exit(1);
});

console.log(`OpenCabinet server listening on ${server.url}`);
if (values.demo) {
  const accounts = demoAccounts(demoSize);
  console.warn(
    [
      '',
      'WARNING: demo accounts are enabled, all with the password "demo".',
      'Anyone who can reach this server can sign in with them. Never use --demo with real data.',
      `  ${accounts.summary}`,
      '',
    ].join('\n'),
  );
}

if (clockFile) {
  console.warn(
    [
      '',
      '#################################################################################',
      `WARNING: TEST CLOCK. Task deadlines, progress reports and completions take the time`,
      `from ${clockFile}, not from the system clock. This is for automated tests only.`,
      'Never run a real meeting with --clock-file.',
      '#################################################################################',
      '',
    ].join('\n'),
  );
}

// SIGTERM (a service manager, a rolling restart) or Ctrl-C: drain — not ready, flush, close
// sockets with "try again", exit 0; a second signal exits at once (server/ops/drain.ts).
exitOnSignal(server.drain, { log });
