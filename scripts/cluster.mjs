// `npm run cluster`: a local cluster to try cluster mode (issue 13) — PostgreSQL and Redis
// from the Debian packages on loopback in a temporary folder (as root, PostgreSQL runs as
// the `postgres` account), three server nodes from out/server/cli.js and HAProxy in front.
// The first node seeds the demo meeting; prints the balancer's address; Ctrl-C stops everything and removes
// the folder. The services are started by the same code as the tests (scripts/services/).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { nodeBundle } from './node-bundle.mjs';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'out/server/cli.js');
const nodeCount = 3;

if (!existsSync(cli)) {
  console.error('out/server/cli.js is missing: run `npm run build` (npm run cluster does) first.');
  process.exit(1);
}

// The service starters are TypeScript: bundle them beside the build, where node_modules resolve.
// One list: what is bundled is what is loaded, in this order.
const outdir = path.join(root, 'out/cluster');
const modules = {
  postgres: 'scripts/services/postgres.ts',
  redis: 'scripts/services/redis.ts',
  haproxy: 'scripts/services/haproxy.ts',
  ports: 'scripts/services/ports.ts',
};
await build({ entryPoints: Object.entries(modules).map(([out, file]) => ({ in: file, out })), outdir, ...nodeBundle });
const load = (name) => import(path.join(outdir, `${name}.js`));
const [{ startPostgres, postgresUnavailable }, { startRedis, redisUnavailable }, { startHaproxy, haproxyUnavailable }, { freePort }] =
  await Promise.all(Object.keys(modules).map(load));

const missing = [postgresUnavailable(), redisUnavailable(), haproxyUnavailable()].filter(Boolean);
if (missing.length) {
  console.error(`Cannot start the cluster:\n- ${missing.join('\n- ')}\n(apt-get install postgresql-15 redis-server haproxy)`);
  process.exit(1);
}

const stops = [];
let stopping = null;
const stopAll = () =>
  (stopping ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((err) => console.error(`cluster: ${err.message}`));
  })());

async function startNode(name, args) {
  // Its own process group, like the services (scripts/services/): Ctrl-C in the terminal
  // reaches only this script, which then stops nodes first and the database last.
  const child = spawn(process.execPath, [cli, '--log-json', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  stops.push(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  });
  let buffered = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s`)), 60_000);
    const onLine = (line) => {
      if (!line) return;
      console.log(`[${name}] ${line}`);
      if (line.includes('"server listening"')) {
        clearTimeout(timer);
        resolve(JSON.parse(line).url);
      }
    };
    child.stdout.on('data', (d) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop();
      lines.forEach(onLine);
    });
    // The cluster-mode warning and any failure go to stderr: show them as they come.
    child.stderr.on('data', (d) => process.stderr.write(`[${name}] ${d}`));
    exited.then((code) => reject(new Error(`${name} exited (${code}) before listening`)));
  });
  return url;
}

try {
  console.log('cluster: starting PostgreSQL and Redis…');
  const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
  stops.push(() => pg.stop(), () => redis.stop());
  const databaseUrl = await pg.createDatabase();

  // One document folder shared by the nodes, as a shared mount would be.
  const data = mkdtempSync(path.join(os.tmpdir(), 'oc-cluster-'));
  stops.unshift(async () => rmSync(data, { recursive: true, force: true }));
  const nodes = [];
  for (let i = 1; i <= nodeCount; i++) {
    const port = await freePort();
    // Drain longer than HAProxy's fall × inter (2 × 1 s), so it takes a stopping node out first.
    // The first node seeds the demo meeting into the empty database; the others find it there.
    await startNode(`n${i}`, ['--data', data, '--port', String(port), '--host', '127.0.0.1', '--database-url', databaseUrl, '--redis-url', redis.url, '--drain-ms', '2500', ...(i === 1 ? ['--demo'] : [])]);
    nodes.push({ name: `n${i}`, host: '127.0.0.1', port });
  }
  // HAProxy needs about two file descriptors per connection and refuses to start when the
  // limit cannot be raised that far; a local try-out needs far fewer than the default 20,000.
  const lb = await startHaproxy({ nodes, maxConnections: 4000 });
  stops.push(() => lb.stop());

  console.log(
    [
      '',
      `cluster: ready at ${lb.url} (HAProxy in front of ${nodes.map((n) => `${n.name} 127.0.0.1:${n.port}`).join(', ')})`,
      `cluster: PostgreSQL ${databaseUrl}, Redis ${redis.url}`,
      'cluster: the demo meeting is in the database: sign in as secretary, chair, delegate01…, admin (password demo)',
      '         e.g. node out/host/cli.js --data /tmp/device1 --server ' + lb.url + ' --open',
      'cluster: Ctrl-C stops everything and removes the temporary folders.',
      '',
    ].join('\n'),
  );
} catch (err) {
  console.error(`cluster: ${err.message}`);
  await stopAll();
  process.exit(1);
}

let signals = 0;
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (++signals > 1) process.exit(1);
    console.log('\ncluster: stopping…');
    void stopAll().then(() => process.exit(0));
  });
}
