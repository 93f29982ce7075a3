/**
 * Readiness (`GET /api/ready`): whether this node should get traffic. `/api/health` says
 * the process is alive; this says it can do its work — the database answers and carries
 * the schema this code expects, Redis answers when the node uses one, and the node is not
 * shutting down. A balancer (HAProxy `option httpchk GET /api/ready`) takes a node out on
 * 503 and puts it back on 200.
 *
 * Each check is bounded in time: a database that hangs must make the node "not ready",
 * not make the health check itself hang until the balancer's own timeout.
 */
import type Database from 'better-sqlite3';
import { migrations } from '../store/migrations';
import type { Queryable } from '../store/postgres-db';
import { newerSchemaMessage, schemaStatus } from '../store/postgres-migrations';

/** Resolves null when fine, else a sentence saying what is wrong. */
export type ReadyCheck = () => Promise<string | null>;

export interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; reason?: string }>;
}

export const defaultCheckTimeoutMs = 2000;

function bounded(check: ReadyCheck, name: string, timeoutMs: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`${name} did not answer within ${timeoutMs} ms.`), timeoutMs);
    timer.unref();
  });
  const run = (async () => {
    try {
      return await check();
    } catch (err) {
      return `${name} failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  })();
  return Promise.race([run, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check at once; ready only when all pass. */
export async function checkReady(checks: Record<string, ReadyCheck>, timeoutMs = defaultCheckTimeoutMs): Promise<ReadyReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(names.map((n) => bounded(checks[n]!, n, timeoutMs)));
  const report: ReadyReport = { ready: true, checks: {} };
  names.forEach((n, i) => {
    const reason = results[i];
    report.checks[n] = reason ? { ok: false, reason } : { ok: true };
    if (reason) report.ready = false;
  });
  return report;
}

function migrationReason(current: number, expected: number): string | null {
  if (current === expected) return null;
  if (current > expected) return newerSchemaMessage(current, expected);
  return `The database schema is at version ${current}; this server needs ${expected} (migrations not applied yet).`;
}

/** The embedded database: a query goes through and the schema version is this code's. */
export function sqliteCheck(db: Database.Database): ReadyCheck {
  return async () => {
    if (!db.open) return 'The database is closed.';
    const version = db.pragma('user_version', { simple: true }) as number;
    return migrationReason(version, migrations.length);
  };
}

/** PostgreSQL: one round trip that also reads the applied schema version. */
export function postgresCheck(db: Queryable): ReadyCheck {
  return async () => {
    const { current, expected } = await schemaStatus(db);
    return migrationReason(current, expected);
  };
}

/** Redis: PING answered with PONG. */
export function redisCheck(redis: { ping(): Promise<string> }): ReadyCheck {
  return async () => {
    const answer = await redis.ping();
    return answer === 'PONG' ? null : `Redis answered ${JSON.stringify(answer)} to PING.`;
  };
}

/** Whether this node is draining (SIGTERM): from then on it is never ready again. */
export class DrainState {
  private since: number | null = null;

  get draining(): boolean {
    return this.since !== null;
  }

  /** Returns false when draining had already begun. */
  begin(now = Date.now()): boolean {
    if (this.since !== null) return false;
    this.since = now;
    return true;
  }

  check(): ReadyCheck {
    return async () => (this.since === null ? null : 'This node is shutting down; send clients to another node.');
  }
}
