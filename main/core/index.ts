/**
 * The desktop core: plain Node, never Electron. One object per device (data folder) that
 * implements the contract over the local store, the replicas and the server.
 */
import { openLocalDb } from './db';
import { deriveKeys } from './at-rest';
import { fileDeviceKey } from './device-key';
import { CoreContext } from './context';
import { withValidation, type Handlers } from './validate';
import { sessionHandlers } from './handlers/session';
import { deviceHandlers } from './handlers/devices';
import { auditHandlers } from './handlers/audit';
import { lastWipe, resumeWipeReport, startWipe } from './wipe';
import { meetingHandlers } from './handlers/meetings';
import { agendaHandlers } from './handlers/agenda';
import { participantHandlers } from './handlers/participants';
import { siteHandlers } from './handlers/sites';
import { documentHandlers } from './handlers/documents';
import { annotationHandlers, packHandlers, searchHandlers } from './handlers/reading';
import { seatingHandlers } from './handlers/seating';
import { attendanceHandlers } from './handlers/attendance';
import { commentHandlers } from './handlers/draft-comments';
import { pollHandlers } from './handlers/voting';
import { presentingHandlers } from './handlers/presenting';
import { recusalHandlers } from './handlers/recusals';
import { speakerHandlers } from './handlers/speakers';
import { conclusionHandlers } from './handlers/conclusions';
import { noticeHandlers } from './handlers/notices';
import { reportHandlers } from './handlers/reports';
import { organisationHandlers } from './handlers/organisations';
import { taskHandlers } from './handlers/tasks';
import type { Core, CoreOptions } from './types';
import { version } from './version';

export type { Core, CoreOptions } from './types';

export async function createCore(opts: CoreOptions): Promise<Core> {
  const log = opts.log ?? ((level, message, extra) => console[level](`[core] ${message}`, extra ?? ''));
  // The folder first (it repairs the permissions of an old one), then the device key.
  const db = openLocalDb(opts.dataDir);
  let deviceKey: Buffer;
  try {
    deviceKey = await (opts.deviceKey ?? fileDeviceKey(opts.dataDir)).key();
  } catch (err) {
    db.close();
    throw err;
  }
  const ctx = new CoreContext(db, opts, log, deriveKeys(deviceKey));
  let closed = false;

  const handlers = {
    app: { info: async () => ({ version, mode: opts.mode, defaultServerUrl: opts.defaultServerUrl ?? null, wipedAt: lastWipe(ctx.db) }) },
    session: sessionHandlers(ctx),
    devices: deviceHandlers(ctx),
    meetings: meetingHandlers(ctx),
    agenda: agendaHandlers(ctx),
    participants: participantHandlers(ctx),
    sites: siteHandlers(ctx),
    documents: documentHandlers(ctx),
    pack: packHandlers(ctx),
    search: searchHandlers(ctx),
    annotations: annotationHandlers(ctx),
    seating: seatingHandlers(ctx),
    attendance: attendanceHandlers(ctx),
    polls: pollHandlers(ctx),
    speakers: speakerHandlers(ctx),
    presenting: presentingHandlers(ctx),
    recusals: recusalHandlers(ctx),
    comments: commentHandlers(ctx),
    conclusions: conclusionHandlers(ctx),
    tasks: taskHandlers(ctx),
    notices: noticeHandlers(ctx),
    organisations: organisationHandlers(ctx),
    reports: reportHandlers(ctx),
    audit: auditHandlers(ctx),
    sync: { status: async () => ctx.syncStatus() },
  } satisfies Handlers;

  // Remote wipe (wipe.ts): on the server's word that this device was marked lost.
  ctx.onDeviceLost = (s) => startWipe(ctx, s);
  resumeWipeReport(ctx);

  if (ctx.session) {
    ctx.connectivity.start();
    // Offline start: keep serving the packs of the meetings this device already knows.
    ctx.keepPacksFresh(ctx.cachedMeetings() ?? []);
    // Whatever was cast or checked in before the app was closed goes out now.
    ctx.outbox.kick();
  }

  return {
    // Every call is work the core finishes before it closes.
    api: withValidation(handlers, (call) => ctx.life.run(call)),
    on: (event, listener) => ctx.hub.on(event, listener),
    blobPath: (sha256) => ctx.blobs.verifiedPath(sha256),
    blobSource: (sha256) => ctx.blobs.source(sha256),
    async close() {
      if (closed) return;
      closed = true;
      ctx.connectivity.stop();
      ctx.pack.untrackAll();
      // Refuses new work, lets running work finish (a batch in flight keeps its receipt),
      // aborts what is left, and waits until nothing can touch the database any more.
      await ctx.life.close();
      await ctx.pack.idle();
      ctx.closeAllMeetings();
      ctx.db.close();
    },
  };
}
