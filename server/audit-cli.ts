/**
 * `opencabinet-server audit verify --data DIR --meeting ID`: checks a meeting's audit
 * chain straight from the database file, without a running server (it can run next to
 * one: the file is opened read-only). Prints ok/broken; exit code 0 when the chain holds,
 * 1 when it is broken, 2 for a usage error.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AuditLog } from './room/audit';

export const auditUsage = 'Usage: opencabinet-server audit verify --data DIR --meeting ID';

export function runAuditCommand(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub !== 'verify') {
    console.error(`Unknown audit command "${sub ?? ''}".\n${auditUsage}`);
    return 2;
  }
  let values: { data?: string; meeting?: string };
  try {
    ({ values } = parseArgs({ args: rest, options: { data: { type: 'string' }, meeting: { type: 'string' } }, strict: true }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${auditUsage}`);
    return 2;
  }
  if (!values.data || !values.meeting) {
    console.error(`Give both --data and --meeting.\n${auditUsage}`);
    return 2;
  }
  const file = path.join(values.data, 'server.sqlite');
  if (!existsSync(file)) {
    console.error(`There is no server database in ${values.data}.`);
    return 2;
  }
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const meeting = db.prepare('SELECT id FROM meetings WHERE id = ?').get(values.meeting);
    if (!meeting) {
      console.error(`There is no meeting ${values.meeting} in ${values.data}.`);
      return 2;
    }
    const r = new AuditLog(db).verify(values.meeting);
    if (r.ok) {
      console.log(`ok: ${r.length} entries, head ${r.head}`);
      return 0;
    }
    console.log(`broken: entry ${r.brokenAt} of ${r.length} does not match the chain`);
    return 1;
  } finally {
    db.close();
  }
}
