/**
 * Server nodes as child processes, for what only a real process can show: SIGKILL. The
 * server is bundled from source once per test process (esbuild, as scripts/build.mjs does,
 * into out/test-server/ so node_modules resolve, like out/bench/), so the test never runs a
 * stale build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';
import { nodeBundle } from '../../scripts/node-bundle.mjs';
import { serverWorkers } from '../../scripts/workers.mjs';

const root = path.resolve(import.meta.dirname, '../..');
let bundled: Promise<string> | null = null;

/**
 * server/cli.ts bundled into `outDir` as scripts/build.mjs does; with `workers`, the server's
 * worker thread entries beside it too (a child that inspects PDFs or checks ballots needs them).
 */
export async function buildServer(outDir: string, { workers = true } = {}): Promise<string> {
  await build({
    ...nodeBundle,
    entryPoints: [{ in: path.join(root, 'server/cli.ts'), out: 'cli' }, ...(workers ? serverWorkers.map((w) => ({ in: path.join(root, w.in), out: w.out })) : [])],
    outdir: outDir,
  });
  return path.join(outDir, 'cli.js');
}

/** The bundled server's cli.js, with its worker threads beside it (a node checks secret ballots' proofs in them). */
export function serverBundle(): Promise<string> {
  return (bundled ??= buildServer(path.join(root, 'out', `test-server-${process.pid}`)));
}

export interface NodeProcess {
  url: string;
  /** The id its leases in Redis carry. */
  nodeId: string;
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no drain, no flush, no lease released. Resolves once it is gone. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** Starts `cli.js --log-json …args` and waits for its "server listening" line. */
export async function startNodeProcess(args: string[]): Promise<NodeProcess> {
  const cli = await serverBundle();
  const child = spawn(process.execPath, [cli, '--log-json', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const listening = await new Promise<{ url: string; nodeId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server node did not start within 60 s:\n${out}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('"server listening"')) continue;
        const fields = JSON.parse(line) as { url: string; nodeId: string };
        clearTimeout(timer);
        resolve(fields);
        return;
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server node exited before listening:\n${out}`));
    });
  });
  const gone = (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    child.kill(signal);
    return exited;
  };
  return {
    ...listening,
    child,
    output: () => out,
    kill: () => gone('SIGKILL'),
    async stop() {
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone('SIGTERM');
      clearTimeout(timer);
    },
  };
}
