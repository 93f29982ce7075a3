/**
 * Real processes for end-to-end tests: the sync server and one browser-mode host per
 * simulated device, each on its own data folder, started from the build in out/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Proc {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** What went wrong in the process on its own: an unexpected exit, an unhandled rejection or exception. */
  findings: () => string[];
  stop(): Promise<void>;
}

/** What our processes print when a promise or exception escaped (main/host/cli.ts, Node itself). */
const escaped = /\[(?:host|main|server)\] (?:unhandled rejection|uncaught exception)|UnhandledPromiseRejection|Uncaught \w*Error/i;

function startProcess(args: string[], ready: RegExp, what: string): Promise<Proc> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d.toString()));
  child.stderr!.on('data', (d) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = out.match(ready);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      // A process that dies on its own during a test is a finding: show why.
      let stopping = false;
      let exitedAlone: string | null = null;
      child.once('exit', (code, signal) => {
        if (stopping) return;
        exitedAlone = `${what} exited unexpectedly (${signal ?? code})`;
        console.error(`\n${exitedAlone}. Its output:\n${out}`);
      });
      resolve({
        url: m[1]!,
        child,
        output: () => out,
        findings: () => [...(exitedAlone ? [exitedAlone] : []), ...out.split('\n').filter((l) => escaped.test(l)).map((l) => `${what}: ${l.trim()}`)],
        stop: () =>
          new Promise<void>((done) => {
            stopping = true;
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 5000).unref();
          }),
      });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

/** `extraArgs`: more flags for the server, e.g. `['--clock-file', path]` (a test clock). */
export function startServer(dataDir: string, port = 0, extraArgs: string[] = []): Promise<Proc & { port: number }> {
  return startProcess(
    ['out/server/cli.js', '--data', dataDir, '--port', String(port), '--host', '127.0.0.1', '--demo', ...extraArgs],
    /(http:\/\/127\.0\.0\.1:\d+)/,
    'The sync server',
  ).then((p) => ({ ...p, port: Number(new URL(p.url).port) }));
}

export function startDevice(dataDir: string, serverUrl: string): Promise<Proc> {
  return startProcess(['out/host/cli.js', '--data', dataDir, '--server', serverUrl], /Open: (\S+)/, 'The browser-mode host');
}

/**
 * What a spec starts and must stop after each test (servers, devices, proxies, folders):
 * register `stopAll` with `test.afterEach`, and start devices with `device`.
 */
export function processes() {
  const running: { stop(): Promise<void>; findings?: () => string[] }[] = [];
  return {
    track<T extends { stop(): Promise<void>; findings?: () => string[] }>(p: T): T {
      running.push(p);
      return p;
    },
    /**
     * A server with the demo data on a test clock (`--clock-file`): `setClock(ms)` puts its
     * clock that far ahead of the system clock, for deadlines and late tasks.
     */
    async serverWithClock(): Promise<{ server: Proc & { port: number }; setClock: (offsetMs: number) => void }> {
      const clockDir = tempDir('oc-e2e-clock-');
      const clockFile = path.join(clockDir, 'clock');
      // Empty: the system clock.
      fs.writeFileSync(clockFile, '');
      running.push({ stop: async () => fs.rmSync(clockDir, { recursive: true, force: true }) });
      const server = await startServer(tempDir('oc-e2e-srv-'), 0, ['--clock-file', clockFile]);
      running.push(server);
      return { server, setClock: (offsetMs) => fs.writeFileSync(clockFile, String(offsetMs)) };
    },
    /** A sync server with the demo data, in a folder of its own. */
    async server(): Promise<Proc & { port: number }> {
      const server = await startServer(tempDir('oc-e2e-srv-'));
      running.push(server);
      return server;
    },
    /** A browser-mode device signed in to nothing yet, in a folder of its own. */
    async device(serverUrl: string): Promise<Proc> {
      const d = await startDevice(tempDir('oc-e2e-dev-'), serverUrl);
      running.push(d);
      return d;
    },
    /** Stops everything; fails the test if a process died on its own or let an error escape. */
    async stopAll(): Promise<void> {
      const findings: string[] = [];
      while (running.length) {
        const p = running.pop()!;
        await p.stop();
        findings.push(...(p.findings?.() ?? []));
      }
      if (findings.length) throw new Error(`A process of this test went wrong:\n${findings.join('\n')}`);
    },
  };
}
