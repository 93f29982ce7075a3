/** Pieces every benchmark needs: a child process started from the build, and percentiles. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

/** Starts `node <args>` in the project root; resolves with the first match of `ready` in its output. */
export function startProcess(args: string[], ready: RegExp): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  // BENCH_NODE_LOG=<file>: every started process's log lines, to read where the time went.
  if (process.env.BENCH_NODE_LOG) child.stdout!.pipe(fs.createWriteStream(process.env.BENCH_NODE_LOG, { flags: 'a' }));
  let out = '';
  let started = false;
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (started) return;
      out += d.toString();
      const m = out.match(ready);
      if (m) {
        started = true;
        resolve({ url: m[1]!, child });
      }
    });
    child.once('exit', (code) => reject(new Error(`process exited ${code}: ${out.slice(-2000)}`)));
  });
}

/**
 * out/bench/<name>.json: the figures and the ready Markdown `section` that scripts/bench.mjs
 * collects into BENCHMARKS.md.
 */
/**
 * Stops a process started by startProcess: SIGTERM (a server drains and writes its documents
 * back; a profile is written at exit), SIGKILL if it has not exited after `killAfterMs`.
 * Resolves once it has exited.
 */
export async function stopProcess(child: ChildProcess, killAfterMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  await exited;
  clearTimeout(timer);
}

export function writeBenchResult(name: string, result: object): void {
  fs.mkdirSync(path.join(root, 'out/bench'), { recursive: true });
  fs.writeFileSync(path.join(root, `out/bench/${name}.json`), JSON.stringify(result, null, 2));
}

/** The usual ending of a benchmark: its figures with their BENCHMARKS.md `section` written, and the figures printed. */
export function reportBench(name: string, report: object, section: string): void {
  writeBenchResult(name, { ...report, section });
  console.log(JSON.stringify(report, null, 2));
}

/** A figure to one decimal, as the reports show them. */
export const r1 = (n: number) => +n.toFixed(1);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Offers `n` requests evenly over `spreadMs` with at most `concurrency` in flight: request i
 * goes at start + i·spreadMs/n, or as soon as a slot frees after that. Resolves with the
 * start (performance.now()) once every one has been answered.
 */
export async function paced(n: number, spreadMs: number, concurrency: number, send: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const wait = start + (i * spreadMs) / n - performance.now();
        if (wait > 0) await sleep(wait);
        await send(i);
      }
    }),
  );
  return start;
}

/** The p-th percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}


/** One HTTP call to the server with a bearer token: status, parsed JSON body, and round-trip time. */
export async function api<T>(url: string, method: string, p: string, token: string, body?: unknown): Promise<{ status: number; body: T; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url + p, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, ms };
}

/**
 * The whole machine's CPU time so far, from /proc/stat, in USER_HZ ticks: `busy` (everything
 * but idle and I/O wait) and `total`. Two readings give how busy every core was in between,
 * whichever process used it (nodes, databases, this one): a throughput limited by the
 * machine rather than by the code shows as ~100 %. `steal`: time the hypervisor gave this
 * virtual machine's cores to someone else (counted in neither), which makes runs differ.
 */
export function machineCpu(): { busy: number; total: number; steal: number } | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const total = t.reduce((a, b) => a + b, 0);
    const steal = t[7] ?? 0;
    return { busy: total - (t[3] ?? 0) - (t[4] ?? 0) - steal, total, steal };
  } catch {
    return null;
  }
}

/** The share (0–100) of every core busy between two machineCpu() readings. */
export const busyPercent = (a: ReturnType<typeof machineCpu>, b: ReturnType<typeof machineCpu>, what: 'busy' | 'steal' = 'busy') =>
  a && b && b.total > a.total ? Math.round((100 * (b[what] - a[what])) / (b.total - a.total)) : null;
