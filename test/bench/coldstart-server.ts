/**
 * One node of our server in its own process for the cold-start benchmark, with the kept
 * whole-document reply on or off (the baseline):
 *
 *   coldstart-server <dataDir> <cache|nocache> [--demo-size N] [--database-url URL [--redis-url URL]]
 *
 * --demo-size seeds the demo congress of N delegates; give it to the first node of a set-up
 * only (seedDemo writes only into an empty store, but nodes starting together would all see
 * it empty). Without --database-url the node is the embedded SQLite store in dataDir; with it,
 * every node of a cluster shares the PostgreSQL database and the one dataDir (blobs).
 */
import { parseArgs } from 'node:util';
import { startServer } from '../../server/app';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { 'demo-size': { type: 'string' }, 'database-url': { type: 'string' }, 'redis-url': { type: 'string' } },
});
const [dataDir, mode] = positionals;
const usage = 'usage: coldstart-server <dataDir> <cache|nocache> [--demo-size N] [--database-url URL [--redis-url URL]]';
if (!dataDir || (mode !== 'cache' && mode !== 'nocache')) throw new Error(usage);
const demoSize = values['demo-size'] === undefined ? undefined : Number(values['demo-size']);
if (demoSize !== undefined && !(Number.isInteger(demoSize) && demoSize > 0)) throw new Error(`--demo-size must be a whole number above 0, not ${values['demo-size']}`);
const server = await startServer({
  dataDir,
  port: 0,
  demo: demoSize !== undefined,
  demoSize,
  databaseUrl: values['database-url'],
  redisUrl: values['redis-url'],
  docs: { cacheFullState: mode === 'cache' },
  log: (level, msg, fields) => {
    if (level === 'error') console.error(msg, fields ?? '');
  },
});
console.log(`cold-start server (${mode}${values['database-url'] ? ', postgres' : ''}${values['redis-url'] ? ' + redis' : ''}) on ${server.url}`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
