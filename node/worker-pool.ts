/**
 * Runs PDF jobs in worker threads with a time and a memory limit. pdf.js trusts what a
 * file declares: a 40 KB cross-reference stream that declares 20,000,000 objects cost it
 * 8.5 s and 1.9 GB on the server's only thread, and nothing else was answered meanwhile.
 * On the device, a 200,000-page PDF held the desktop core for 70 s and 1.5 GB. In a worker
 * the same file costs one thread and at most `memoryMb`, and is stopped at `timeMs` or
 * when its signal aborts; the event loop (sync, the UI bridge) never waits for it.
 *
 * node/ holds Node-only building blocks that both the server and the desktop core use
 * (shared/ has no Node APIs); it imports nothing but shared/ and Node.
 *
 * A worker entry is a TypeScript file named by the caller, beside the caller's own module
 * (`new WorkerPool('inspect-pdf-worker', import.meta.url)`). The build (scripts/build.mjs)
 * bundles each entry to `<name>.js` beside the bundle that starts it; run from sources
 * (vitest), the entry is bundled on first use with esbuild into node_modules/.cache, where
 * it still finds pdfjs-dist in node_modules.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

export interface WorkerLimits {
  /** Wall time from the job's start to the worker's answer. */
  timeMs: number;
  /** V8 old-generation heap of the worker (`resourceLimits.maxOldGenerationSizeMb`). */
  memoryMb: number;
}

/** What a worker entry posts to its parent. */
export type WorkerMessage<R, P = never> =
  | { kind: 'progress'; value: P }
  | { kind: 'done'; value: R }
  | { kind: 'failed'; name: string; message: string; detail?: unknown };

/** The worker went past a limit and was terminated. */
export class WorkerLimitError extends Error {
  constructor(
    readonly limit: 'time' | 'memory',
    /** The limit in its unit: milliseconds or megabytes. */
    readonly value: number,
  ) {
    super(limit === 'time' ? `The PDF job did not finish within ${value} ms.` : `The PDF job needed more than ${value} MB of memory.`);
    this.name = 'WorkerLimitError';
  }
}

/** The job failed inside the worker; `name` is the original error's (e.g. pdf.js's PasswordException). */
export class WorkerJobError extends Error {
  constructor(
    name: string,
    message: string,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = name;
  }
}

/** What the parent sends: one job at a time per worker. */
interface JobMessage {
  id: number;
  data: unknown;
}

/**
 * The body of a worker entry: answers each job the parent sends with `handle`'s outcome.
 * `progress` posts a partial result (a batch of pages) before the answer.
 */
export function serveJobs<D, R, P = never>(handle: (data: D, progress: (value: P) => void) => Promise<R>): void {
  const port = parentPort!;
  port.on('message', ({ id, data }: JobMessage) => {
    const post = (m: WorkerMessage<R, P>) => port.postMessage({ id, ...m });
    handle(data as D, (value) => post({ kind: 'progress', value })).then(
      (value) => post({ kind: 'done', value }),
      (err: unknown) => {
        const e = err as { name?: unknown; message?: unknown; detail?: unknown } | null;
        post({ kind: 'failed', name: String(e?.name ?? 'Error'), message: String(e?.message ?? err), detail: e?.detail });
      },
    );
  });
}

/**
 * Whatever the signal was aborted with (the core's lifetime aborts with an ApiError), the
 * caller gets an error named AbortError, with the reason as its cause.
 */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const why = reason instanceof Error ? `: ${reason.message}` : '';
  return Object.assign(new Error(`The PDF job was stopped${why}`, { cause: reason }), { name: 'AbortError' });
}

interface Warm {
  worker: Worker;
  memoryMb: number;
  idleTimer: NodeJS.Timeout | null;
  jobs: number;
}

/**
 * Workers of one entry, kept warm between jobs: loading pdf.js costs a new worker about
 * 0.4 s, which a pack of 150 files would pay 150 times. A worker that reached a limit, was
 * aborted or died is terminated and never reused; an idle one does not keep the process
 * alive and ends after `idleMs`; one that has served `maxJobs` retires, so whatever pdf.js
 * keeps between documents cannot add up to a limit that a later, innocent file would hit.
 * Callers bound how many jobs run at once (JobSlots on the server, one file at a time on
 * the device).
 */
export class WorkerPool {
  private readonly idle: Warm[] = [];
  private nextId = 1;

  /** `base`: the caller's `import.meta.url`; the entry lives beside it. */
  constructor(
    private readonly entry: string,
    private readonly base: string,
    private readonly idleMs = 15_000,
    private readonly maxJobs = 25,
  ) {}

  /**
   * Runs one job and settles with what the worker answers. Past a limit, or when `signal`
   * aborts, the worker is terminated before the promise rejects (WorkerLimitError, or an
   * error named AbortError), so nothing it started outlives the call.
   */
  async run<R, P = never>(data: unknown, limits: WorkerLimits, opts: { signal?: AbortSignal; onProgress?: (value: P) => void } = {}): Promise<R> {
    const { signal } = opts;
    if (signal?.aborted) throw abortError(signal);
    const warm = this.take(limits.memoryMb) ?? (await this.spawn(limits.memoryMb));
    if (signal?.aborted) {
      this.keep(warm);
      throw abortError(signal);
    }
    const { worker } = warm;
    warm.jobs++;
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      let settled = false;
      const detach = () => {
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      // Settles only once the thread is gone: a caller that goes on (or closes its
      // database) after an abort must not have a worker still running behind it.
      const kill = (err: unknown) => {
        if (settled) return;
        detach();
        const fail = () => reject(err);
        worker.terminate().then(fail, fail);
      };
      const onMessage = (m: WorkerMessage<R, P> & { id: number }) => {
        if (settled || m.id !== id) return;
        if (m.kind === 'progress') return opts.onProgress?.(m.value);
        detach();
        this.keep(warm);
        if (m.kind === 'done') resolve(m.value);
        else reject(new WorkerJobError(m.name, m.message, m.detail));
      };
      // An exception the job did not catch is still the file's doing (pdf.js throwing from
      // a callback); Node's own ERR_ codes (a module that did not load) are not.
      const onError = (err: Error & { code?: string }) =>
        kill(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new WorkerLimitError('memory', limits.memoryMb)
            : err.code?.startsWith('ERR_')
              ? err
              : new WorkerJobError(err.name, err.message),
        );
      const onExit = (code: number) => kill(new Error(`The worker thread ${this.entry} stopped without an answer (exit code ${code}).`));
      const onAbort = () => kill(abortError(signal!));
      const timer = setTimeout(() => kill(new WorkerLimitError('time', limits.timeMs)), limits.timeMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      // Busy, it is pending work like any other; idle, it must not hold the process open.
      worker.ref();
      worker.postMessage({ id, data } satisfies JobMessage);
    });
  }

  private take(memoryMb: number): Warm | null {
    const at = this.idle.findIndex((w) => w.memoryMb === memoryMb);
    if (at < 0) return null;
    const [warm] = this.idle.splice(at, 1);
    clearTimeout(warm!.idleTimer ?? undefined);
    return warm!;
  }

  private keep(warm: Warm): void {
    warm.worker.unref();
    if (warm.jobs >= this.maxJobs) {
      void warm.worker.terminate();
      return;
    }
    warm.idleTimer = setTimeout(() => {
      this.forget(warm.worker);
      void warm.worker.terminate();
    }, this.idleMs);
    warm.idleTimer.unref();
    this.idle.push(warm);
  }

  private forget(worker: Worker): void {
    const at = this.idle.findIndex((w) => w.worker === worker);
    if (at >= 0) clearTimeout(this.idle.splice(at, 1)[0]!.idleTimer ?? undefined);
  }

  private async spawn(memoryMb: number): Promise<Warm> {
    const worker = new Worker(await workerUrl(this.entry, this.base), {
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(32, Math.max(4, memoryMb >> 3)) },
    });
    // An 'error' with no listener would throw in this thread; while a job runs, its own
    // listener turns it into that job's rejection. An idle worker that ends is dropped.
    worker.on('error', () => {});
    worker.on('exit', () => this.forget(worker));
    return { worker, memoryMb, idleTimer: null, jobs: 0 };
  }
}

const here = import.meta.url;
const located = new Map<string, Promise<URL>>();

function workerUrl(entry: string, base: string): Promise<URL> {
  const key = `${base}#${entry}`;
  let url = located.get(key);
  if (!url) {
    url = locate(entry, base);
    located.set(key, url);
    url.catch(() => located.delete(key));
  }
  return url;
}

async function locate(entry: string, base: string): Promise<URL> {
  const bundled = new URL(`./${entry}.js`, base);
  if (existsSync(bundled)) return bundled;
  if (base.endsWith('.ts')) return bundleFromSource(entry, base);
  throw new Error(`The worker thread ${entry}.js is missing beside ${fileURLToPath(base)}; build with scripts/build.mjs.`);
}

/** Running from TypeScript sources: bundle the entry once, named by its content. */
async function bundleFromSource(entry: string, base: string): Promise<URL> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL(`./${entry}.ts`, base))],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: 'inline',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]!.contents;
  const dir = fileURLToPath(new URL('../node_modules/.cache/opencabinet-workers/', here));
  const file = path.join(dir, `${entry}-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(file)) {
    await mkdir(dir, { recursive: true });
    // Written aside and renamed: parallel test processes may build the same entry at once.
    const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, code);
    await rename(tmp, file);
  }
  return pathToFileURL(file);
}
