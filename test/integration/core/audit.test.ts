/**
 * Issue 18 through the desktop core: a device keeps the audit chain's heads it sees — in its
 * receipts and, signed, in `live/<id>` — and "Verify now" (audit.verify) sends them to the
 * server's check. A chain shortened on the server after the device saw it fails there.
 */
import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect } from 'vitest';
import { test as it } from '../../support/core-fixture';
import { thresholds } from '../../../shared/domain/quorum';
import { waitUntil } from '../../support/temp';

/** Signed heads in `live/<id>` every 150 ms, so a device sees them within the test. */
const quickHeads = { auditHeadMs: 150 };

describe('audit heads on the device', () => {
  it('keeps heads from receipts and live/<id>, sends them with "Verify now", and a shortened chain then fails', async ({ serverWith }) => {
    const { srv, chair, sec, del } = await serverWith({ chair: 'chair', sec: 'secretary', del: 'delegate03' }, { server: { records: quickHeads } });
    await sec.core.api.attendance.mark({ meetingId: sec.meetingId, userIds: [del.view().me, chair.view().me], status: 'present' });
    const { pollId } = await chair.core.api.polls.create({ meetingId: chair.meetingId, definition: { question: 'Thông qua?', kind: 'approve', majority: { base: 'cast', threshold: thresholds.overHalf }, quorum: null } });
    await chair.core.api.polls.open({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => del.view().polls.find((p) => p.id === pollId)?.status === 'open', 'the poll to open on the delegate device');
    await del.core.api.polls.cast({ meetingId: del.meetingId, pollId, choices: ['yes'] });
    await waitUntil(() => del.view().myBallots[pollId]?.state === 'sent', 'the receipt', { timeoutMs: 20_000 });
    await chair.core.api.polls.close({ meetingId: chair.meetingId, pollId });
    await waitUntil(() => chair.view().polls.find((p) => p.id === pollId)?.result, 'the result');

    // The secretariat's device holds the heads of its check-in receipts; the chair sent no
    // record, so its heads can only come from the signed heads in live/<id>.
    const bySec = await sec.core.api.audit.verify({ meetingId: sec.meetingId });
    expect(bySec.deviceHeads).toBeGreaterThan(0);
    expect(bySec.report).toMatchObject({ ok: true, problems: [] });
    const byChair = await waitUntil(
      async () => {
        const r = await chair.core.api.audit.verify({ meetingId: chair.meetingId });
        return r.deviceHeads > 0 && r.report.headsChecked >= r.deviceHeads ? r : null;
      },
      'a signed live head kept on the chair device',
      { timeoutMs: 20_000 },
    );
    expect(byChair.report.ok).toBe(true);
    // Delegates do not run the check.
    await expect(del.core.api.audit.verify({ meetingId: del.meetingId })).rejects.toMatchObject({ code: 'forbidden' });

    // An insider drops the chain's last entries while the server is down.
    await srv.close();
    const db = new Database(path.join(srv.dataDir, 'server.sqlite'));
    db.prepare('DELETE FROM audit_log WHERE meeting_id = ? AND seq > (SELECT max(seq) - 2 FROM audit_log WHERE meeting_id = ?)').run(chair.meetingId, chair.meetingId);
    db.close();
    await srv.startAgain();
    const after = await waitUntil(
      () => chair.core.api.audit.verify({ meetingId: chair.meetingId }).catch(() => null),
      'the check against the restarted server',
      { timeoutMs: 20_000 },
    );
    expect(after.report.ok).toBe(false);
    expect(after.report.problems.map((p) => p.code)).toContain('head_missing');
  }, 90_000);
});
