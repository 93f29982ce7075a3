/**
 * Remote wipe (issue 11). When the server answers `device_lost`, someone — the person on
 * another device, or the secretariat — marked this device lost. Then, in this order:
 *
 *  1. what is still in the outbox goes to the server (a ballot cast before the laptop was
 *     lost still counts; the server accepts records from a lost device and nothing else),
 *  2. the person's meetings are deleted from the device: replicas, meeting cache, document
 *     files and their text index, annotations, drafts, outbox, and every other row kept
 *     for that person — except what another person signed in on this same device still
 *     needs (a replica of a meeting they are in too, and that meeting's files),
 *  3. the device signs out and reports the wipe, which the server records in the audit log
 *     of each of the person's meetings. A report that cannot be sent is kept and sent at
 *     the next start; the data is gone either way.
 *
 * Deleted rows are overwritten (`secure_delete`), the WAL is truncated and the file is
 * vacuumed, so the pages that held the text are not left readable in free space.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { ApiError } from '../../shared/errors';
import type { WipeReport } from '../../shared/api/devices';
import { meetingDoc } from '../../shared/ydoc/meeting';
import type { CoreContext } from './context';
import type { LocalDb } from './db';
import type { StoredSession } from './session';
import { openText, sealText } from './at-rest';

/** How long the outbox may take to drain before the wipe goes ahead without it. */
const outboxDeadlineMs = 20_000;
const pendingReportKey = 'wipe.pending_report';
/** When the last wipe happened; cleared by the next sign-in. */
export const wipedAtKey = 'wipe.done_at';

export function lastWipe(db: LocalDb): string | null {
  return (db.prepare('SELECT value FROM settings WHERE key = ?').get(wipedAtKey) as { value: string } | undefined)?.value ?? null;
}

export function forgetLastWipe(db: LocalDb): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(wipedAtKey);
}
const shaIn = /[0-9a-f]{64}/;

const wiping = new WeakSet<CoreContext>();

interface PendingReport {
  serverUrl: string;
  token: string;
  report: WipeReport;
}

/** Starts the wipe in the background (once); the core's close waits for it. */
export function startWipe(ctx: CoreContext, s: StoredSession): void {
  if (wiping.has(ctx)) return;
  wiping.add(ctx);
  ctx.life.spawn(
    () => wipeLostDevice(ctx, s).finally(() => wiping.delete(ctx)),
    (err) => ctx.log('error', 'the remote wipe failed', err),
  );
}

export async function wipeLostDevice(ctx: CoreContext, s: StoredSession): Promise<WipeReport> {
  const owner = { serverUrl: s.serverUrl, userId: s.user.id };
  ctx.log('warn', 'this device was reported lost: sending the outbox, then deleting what it keeps', { serverUrl: s.serverUrl, user: s.user.username });
  // Nothing may write a replica or a file while they are deleted.
  ctx.closeAllMeetings();
  await ctx.pack.idle();

  const pendingBefore = ctx.outbox.pendingCount(owner);
  const until = Date.now() + outboxDeadlineMs;
  while (ctx.session === s && !ctx.life.closed && ctx.outbox.pendingCount(owner) > 0 && Date.now() < until) {
    await ctx.outbox.flush();
    if (ctx.outbox.pendingCount(owner) > 0) await new Promise((r) => setTimeout(r, 250));
  }
  const recordsUnsent = ctx.outbox.pendingCount(owner);

  // Signed out before the delete: no call, timer or socket uses the session from here.
  if (ctx.session === s) {
    ctx.session = null;
    ctx.sessions.clear();
    ctx.connectivity.stop();
  }
  const deleted = deleteUserData(ctx, s.serverUrl, s.user.id);
  // The sign-in screen says why the person is signed out and their meetings are gone.
  ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(wipedAtKey, new Date().toISOString());
  const report: WipeReport = { meetings: deleted.meetings, documents: deleted.documents, recordsSent: Math.max(0, pendingBefore - recordsUnsent), recordsUnsent };
  ctx.log('warn', 'this device deleted what it kept for the person', { ...report });
  ctx.emitSession();
  ctx.hub.emit('sync.status', ctx.syncStatus());

  await sendReport(ctx, { serverUrl: s.serverUrl, token: s.token, report });
  // A download aborted at the start may have written its last bytes since: sweep again.
  sweepBlobFolder(ctx.blobs.root, keptBlobs(ctx.db, ctx));
  return report;
}

/** A wipe report that could not be sent before the app closed: send it now. */
export function resumeWipeReport(ctx: CoreContext): void {
  const row = ctx.db.prepare('SELECT value FROM settings WHERE key = ?').get(pendingReportKey) as { value: string } | undefined;
  if (!row) return;
  let pending: PendingReport;
  try {
    // Sealed: the token in it can still send records as this person.
    pending = JSON.parse(openText(ctx.keys.session, row.value, 'The pending wipe report')) as PendingReport;
  } catch {
    ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(pendingReportKey);
    return;
  }
  ctx.life.spawn(
    () => sendReport(ctx, pending),
    (err) => ctx.log('warn', 'the wipe report could not be sent', err),
  );
}

async function sendReport(ctx: CoreContext, pending: PendingReport): Promise<void> {
  try {
    await ctx.client(pending.serverUrl).reportWipe(pending.token, pending.report);
    ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(pendingReportKey);
  } catch (err) {
    // The server already forgot this session (reported before, or it expired): nothing to add.
    if (err instanceof ApiError && (err.code === 'unauthorized' || err.code === 'conflict' || err.code === 'invalid_input')) {
      ctx.db.prepare('DELETE FROM settings WHERE key = ?').run(pendingReportKey);
      return;
    }
    ctx.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(pendingReportKey, sealText(ctx.keys.session, JSON.stringify(pending)));
    ctx.log('warn', 'the wipe report will be sent at the next start', { error: err instanceof Error ? err.message : String(err) });
  }
}

// -- what to delete ------------------------------------------------------------------

function tablesWithColumns(db: LocalDb): Map<string, Set<string>> {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'`).all() as { name: string }[];
  const out = new Map<string, Set<string>>();
  for (const { name } of tables) {
    const cols = db.prepare(`SELECT name FROM pragma_table_info(?)`).all(name) as { name: string }[];
    out.set(name, new Set(cols.map((c) => c.name)));
  }
  return out;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Meeting ids a person has rows for on this device (in any table keyed by person and meeting), plus their cached list. */
function meetingsOf(db: LocalDb, tables: Map<string, Set<string>>, serverUrl: string, userId: string | null): Set<string> {
  const ids = new Set<string>();
  const who = userId === null ? 'user_id IS NOT NULL' : 'user_id = ?';
  const args = userId === null ? [serverUrl] : [serverUrl, userId];
  for (const [table, cols] of tables) {
    if (!cols.has('server_url') || !cols.has('user_id') || !cols.has('meeting_id')) continue;
    for (const r of db.prepare(`SELECT DISTINCT meeting_id FROM ${quote(table)} WHERE server_url = ? AND ${who}`).all(...args) as { meeting_id: string }[]) ids.add(r.meeting_id);
  }
  const caches = db.prepare(`SELECT meetings_json FROM meetings_cache WHERE server_url = ? AND ${who}`).all(...args) as { meetings_json: string }[];
  for (const c of caches) {
    try {
      for (const m of JSON.parse(c.meetings_json) as { id?: unknown }[]) if (typeof m.id === 'string') ids.add(m.id);
    } catch {
      /* a damaged cache row names no meeting */
    }
  }
  return ids;
}

/** `<server>|meeting/<id>` → its parts; null for anything else. */
function parseDocKey(key: string): { serverUrl: string; kind: string; meetingId: string } | null {
  const bar = key.lastIndexOf('|');
  const m = /^(meeting|live)\/(.+)$/.exec(key.slice(bar + 1));
  return bar > 0 && m ? { serverUrl: key.slice(0, bar), kind: m[1]!, meetingId: m[2]! } : null;
}

function docKeys(db: LocalDb): string[] {
  return (db.prepare('SELECT doc_key FROM ydoc_snapshots UNION SELECT DISTINCT doc_key FROM ydoc_updates').all() as { doc_key: string }[]).map((r) => r.doc_key);
}

/** Files the meeting documents of the replicas still on the device refer to. */
function keptBlobs(db: LocalDb, ctx: CoreContext): Set<string> {
  const keep = new Set<string>();
  for (const key of docKeys(db)) {
    if (parseDocKey(key)?.kind !== 'meeting') continue;
    const doc = new Y.Doc();
    try {
      ctx.ydocs.load(key, doc, null);
      meetingDoc.documents(doc).forEach((m) => {
        const sha = m instanceof Y.Map ? m.get('sha256') : undefined;
        if (typeof sha === 'string') keep.add(sha);
      });
    } catch {
      /* an unreadable replica keeps nothing */
    } finally {
      doc.destroy();
    }
  }
  return keep;
}

function sweepBlobFolder(root: string, keep: Set<string>): number {
  let removed = 0;
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (!keep.has(shaIn.exec(e.name)?.[0] ?? '')) {
        fs.rmSync(p, { force: true });
        removed++;
      }
    }
  };
  walk(root);
  return removed;
}

/**
 * Deletes everything the device keeps for one person of one server, but what another
 * person signed in here still needs. Returns what went, for the report.
 */
export function deleteUserData(ctx: CoreContext, serverUrl: string, userId: string): { meetings: number; documents: number } {
  const db = ctx.db;
  const tables = tablesWithColumns(db);
  const theirs = meetingsOf(db, tables, serverUrl, userId);
  // Others on this device, same server: what they are in stays (their replica, their files).
  const others = new Set<string>();
  const otherUsers = db.prepare('SELECT DISTINCT user_id FROM meetings_cache WHERE server_url = ? AND user_id <> ?').all(serverUrl, userId) as { user_id: string }[];
  for (const { user_id } of otherUsers) for (const id of meetingsOf(db, tables, serverUrl, user_id)) others.add(id);

  const secure = db.pragma('secure_delete', { simple: true });
  db.pragma('secure_delete = ON');
  let documents = 0;
  try {
    db.transaction(() => {
      // Every row kept for this person (annotations, drafts, outbox, caches, what they saw…).
      for (const [table, cols] of tables) {
        if (cols.has('server_url') && cols.has('user_id')) db.prepare(`DELETE FROM ${quote(table)} WHERE server_url = ? AND user_id = ?`).run(serverUrl, userId);
        // Rows kept per meeting rather than per person (the audit heads this device saw):
        // gone with the person's meetings that no one else here still needs.
        else if (cols.has('server_url') && cols.has('meeting_id')) {
          const del = db.prepare(`DELETE FROM ${quote(table)} WHERE server_url = ? AND meeting_id = ?`);
          for (const id of theirs) if (!others.has(id)) del.run(serverUrl, id);
        }
      }
      // Replicas of this server no one else here needs: the person's meetings and any stale one.
      for (const key of docKeys(db)) {
        const k = parseDocKey(key);
        if (!k || k.serverUrl !== serverUrl || others.has(k.meetingId)) continue;
        db.prepare('DELETE FROM ydoc_snapshots WHERE doc_key = ?').run(key);
        db.prepare('DELETE FROM ydoc_updates WHERE doc_key = ?').run(key);
      }
    })();
    // Files (and their text) that no remaining replica refers to.
    const keep = keptBlobs(db, ctx);
    const shas = (db.prepare('SELECT sha256 FROM blobs').all() as { sha256: string }[]).map((r) => r.sha256).filter((sha) => !keep.has(sha));
    const indexed = (db.prepare('SELECT DISTINCT sha256 FROM page_text').all() as { sha256: string }[]).map((r) => r.sha256).filter((sha) => !keep.has(sha));
    db.transaction(() => {
      for (const sha of new Set([...shas, ...indexed])) ctx.index.remove(sha);
      for (const sha of shas) db.prepare('DELETE FROM blobs WHERE sha256 = ?').run(sha);
    })();
    documents = shas.length;
    // Merges the search index so the deleted pages' words are not left in old segments.
    db.prepare(`INSERT INTO page_fts (page_fts) VALUES ('optimize')`).run();
    sweepBlobFolder(ctx.blobs.root, keep);
  } finally {
    db.pragma(`secure_delete = ${secure ? 'ON' : 'OFF'}`);
  }
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch (err) {
    // The rows are gone (and overwritten); only the compaction of the file failed.
    ctx.log('warn', 'the local store could not be compacted after the wipe', err);
  }
  return { meetings: theirs.size, documents };
}
