/**
 * kill -9 of the server in the middle of a ballot storm. The server runs as a real child
 * process (bundled from server/cli.ts like the release build). After the restart every
 * receipted ballot is stored, resending everything with the same keys counts each ballot
 * exactly once, the audit chain verifies, and an edited audit row is found by the CLI.
 * The storm itself is test/support/kill-storm.ts, which the `killstorm` bench runs at 3,152.
 * On PostgreSQL the child runs on the run's database; the offline CLI (it reads the data
 * folder's SQLite file) is left out there, and the HTTP verify finds the edited row.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, tamper, tempDir } from './helpers';
import { testStore } from '../../support/test-store';
import { buildServer, exited, prepareKillStorm, runKillStorm, startChild, stormKeptEverything, type KillStormSetup } from '../../support/kill-storm';

const voters = 120;
const outDir = path.resolve(`out/test-server-records-${process.pid}`);
let dir: string;
let remove: () => Promise<void>;
let setup: KillStormSetup;
let child: ChildProcess | null = null;

function auditCli(): { status: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [setup.cli, 'audit', 'verify', '--data', dir, '--meeting', setup.meetingId], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout + r.stderr };
}

beforeAll(async () => {
  const cli = await buildServer(outDir);
  ({ dir, remove } = await tempDir());
  setup = await prepareKillStorm(cli, dir, voters);
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
    await exited(child);
  }
  await rm(outDir, { recursive: true, force: true });
  await remove();
});

describe('kill -9 during a ballot storm', () => {
  it('keeps every receipted ballot, counts resent ones once, and keeps the audit chain', async () => {
    // Four voters at a time, each request sent twice; killed once a third have answers.
    const r = await runKillStorm(setup, 4);
    // Every receipt given before the kill is backed by a stored ballot; resending everything with
    // the same keys, twice, gives the same receipts; each ballot is stored and counted once.
    expect(stormKeptEverything(r, voters)).toEqual([]);
    expect(r.liveCountsReached).toBe(true);
    expect(r.expectedNamed).toEqual({ yes: 40, no: 40, abstain: 40 });
    expect(r.auditVerify).toMatchObject({ ok: true, brokenAt: null });

    const onFile = testStore === 'sqlite';
    if (onFile) {
      const ok = auditCli();
      expect(ok.status, ok.stdout).toBe(0);
      expect(ok.stdout).toMatch(/^ok: \d+ entries/);
    }

    // Somebody edits a logged result in the database.
    const target = await tamper(dir, async (db) => {
      const row = (await db.one<{ seq: number }>("SELECT seq FROM audit_log WHERE meeting_id = ? AND kind = 'poll.closed' ORDER BY seq LIMIT 1", setup.meetingId))!;
      await db.run('UPDATE audit_log SET data = replace(data, ?, ?) WHERE meeting_id = ? AND seq = ?', '"yes":40', '"yes":80', setup.meetingId, row.seq);
      return row;
    });
    if (onFile) {
      const broken = auditCli();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`broken: entry ${target.seq}`);
    }

    const third = await startChild(setup.cli, dir);
    child = third.proc;
    const v = await call(third.url, 'GET', `/api/meetings/${setup.meetingId}/audit/verify`, setup.chairToken);
    expect(v.body).toMatchObject({ ok: false, brokenAt: target.seq });
    third.proc.kill('SIGTERM');
    await exited(third.proc);
  // A storm, a kill and a restart: about 20 s alone here, more beside other files on 2 cores.
  }, 180_000);
});
