/**
 * What `audit verify` checks (issue 18), pure: given what was read from the database (a
 * snapshot) and the heads someone kept, it says whether the chain holds and vouches for the
 * rows. Four layers:
 *   1. the chain itself, from its first entry (every hash recomputed);
 *   2. the heads: each kept head must still be in the chain — the entry at its length has its
 *      hash — so a shortened, emptied or recomputed chain is seen;
 *   3. the rows against the chain: each closed poll's stored result and the result recounted
 *      from the stored ballots with the server's own tally against the chain's entry; ballots,
 *      attendance and conclusions against their entries;
 *   4. an empty chain beside room data is itself a problem, never "ok: 0 entries".
 * Every problem names the meeting's poll/row and the field, with both values.
 */
import { createHash } from 'node:crypto';
import { tally, type TallyResult } from '../../shared/domain/tally';
import type { VerifyReport } from '../../shared/crypto';
import type { AuditEntry, AuditProblem, AuditReport, SecretPollCheck } from '../../shared/api/audit';
import type { PollDefinition, PollStatus } from '../../shared/ydoc/live';
import { verifyChain } from './audit';
import { optionIds } from '../voting/choices';
import { checkRecords, type RecordCheckInput } from './verify-records';

export interface SnapshotPoll {
  id: string;
  definition: PollDefinition;
  status: PollStatus;
  result: TallyResult | null;
  voidReason: string | null;
  /** Named polls: every stored ballot by voter; secret polls: the voters only (choices null). */
  ballots: Map<string, string[] | null>;
  /** When each stored ballot was received (null when unknown): a ballot older than per-ballot entries has none. */
  receivedAt: Map<string, string | null>;
  /** Secret polls: the encrypted totals sealed at the close, as stored. */
  sealedTotals: string[] | null;
  /** Secret polls: the tally evidence's check (shared/crypto verifyPollEvidence), when it could run. */
  evidence: (Pick<VerifyReport, 'ok' | 'problems'> & Partial<Pick<VerifyReport, 'ballots' | 'counts' | 'parts'>>) | null;
  /** The agenda item it was held under (which records list it). */
  agendaItemId?: string | null;
}

export interface SnapshotConclusion {
  id: string;
  agendaItemId: string;
  version: number;
  text: string;
  pollRefs: string[];
  by: string;
  corrects: string | null;
  reason: string | null;
}

export interface AuditSnapshot {
  meetingId: string;
  entries: AuditEntry[];
  polls: SnapshotPoll[];
  attendance: Map<string, { status: string; substitute: string | null; at: string; by: string }>;
  conclusions: SnapshotConclusion[];
  /** Heads printed on issued records (notice, minutes: "Mã kiểm chứng"), with what printed them. */
  documentHeads: { hash: string; what: string }[];
  /** The issued notices and minutes with their text, to compare with the chain (verify-records.ts). */
  records?: Omit<RecordCheckInput, 'entries' | 'polls' | 'conclusions'>;
  notes: string[];
}

export interface HeadRef {
  hash: string;
  length: number | null;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const show = (v: unknown): string => (v === undefined ? 'nothing' : typeof v === 'string' ? v : JSON.stringify(v));

function problem(code: AuditProblem['code'], message: string, where: Partial<Omit<AuditProblem, 'code' | 'message'>> = {}): AuditProblem {
  return { code, pollId: where.pollId ?? null, row: where.row ?? null, field: where.field ?? null, expected: where.expected ?? null, found: where.found ?? null, message, document: null };
}

/**
 * The fields where two values differ, as dotted paths ("counts.yes", "passed"); objects are
 * compared key by key, anything else by its JSON.
 */
export function differingFields(expected: unknown, found: unknown, path = ''): { field: string; expected: unknown; found: unknown }[] {
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(expected) && isObj(found)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(found)])].sort();
    return keys.flatMap((k) => differingFields(expected[k], found[k], path ? `${path}.${k}` : k));
  }
  return JSON.stringify(expected) === JSON.stringify(found) ? [] : [{ field: path || '(value)', expected, found }];
}

/** Checks that each head is still in the chain (the entry at its length has its hash). */
export function checkHeads(entries: readonly AuditEntry[], heads: readonly HeadRef[]): AuditProblem[] {
  const out: AuditProblem[] = [];
  let byHash: Map<string, number> | null = null;
  for (const h of heads) {
    if (h.length !== null) {
      const e = entries[h.length - 1];
      if (!e) {
        out.push(problem('head_missing', `A head kept at length ${h.length} is past the end of the chain (${entries.length} entries): the chain was shortened or deleted.`, { row: String(h.length), field: 'length', expected: `${h.length} entries or more`, found: String(entries.length) }));
      } else if (e.hash !== h.hash) {
        out.push(problem('head_mismatch', `Entry ${h.length} no longer has the hash a kept head names: the chain was rewritten up to there.`, { row: String(h.length), field: 'hash', expected: h.hash, found: e.hash }));
      }
      continue;
    }
    byHash ??= new Map(entries.map((e) => [e.hash, e.seq]));
    if (!byHash.has(h.hash)) out.push(problem('head_missing', `No entry of the chain has the hash ${h.hash}: the chain was rewritten or shortened since that head was issued.`, { field: 'hash', expected: h.hash }));
  }
  return out;
}

interface ChainFacts {
  closed: Map<string, AuditEntry>;
  tallyOpened: Map<string, AuditEntry>;
  published: Map<string, AuditEntry>;
  /** Latest choices per poll and voter (null for a secret ballot), from ballot.cast and hands.recorded. */
  ballots: Map<string, Map<string, string[] | null>>;
  attendance: Map<string, AuditEntry>;
  conclusions: Map<string, AuditEntry>;
  /** When the chain started logging each ballot and check-in; null: never (a chain from before issue 18). */
  perRecordSince: string | null;
}

function readChain(entries: readonly AuditEntry[]): ChainFacts {
  const f: ChainFacts = { closed: new Map(), tallyOpened: new Map(), published: new Map(), ballots: new Map(), attendance: new Map(), conclusions: new Map(), perRecordSince: null };
  const ballotsOf = (pollId: string) => {
    let m = f.ballots.get(pollId);
    if (!m) f.ballots.set(pollId, (m = new Map()));
    return m;
  };
  for (const e of entries) {
    const d = (e.data ?? {}) as Record<string, unknown>;
    const pollId = typeof d.pollId === 'string' ? d.pollId : null;
    switch (e.kind) {
      case 'poll.closed':
        if (pollId) f.closed.set(pollId, e);
        break;
      case 'tally.opened':
        if (pollId) f.tallyOpened.set(pollId, e);
        break;
      case 'poll.published':
        if (pollId) f.published.set(pollId, e);
        break;
      case 'ballot.cast':
        f.perRecordSince ??= e.at;
        if (pollId && typeof d.userId === 'string') ballotsOf(pollId).set(d.userId, Array.isArray(d.choices) ? (d.choices as string[]) : null);
        break;
      case 'hands.recorded':
        if (pollId && Array.isArray(d.entries)) {
          for (const h of d.entries as { userId?: unknown; choices?: unknown }[]) {
            if (typeof h.userId === 'string') ballotsOf(pollId).set(h.userId, Array.isArray(h.choices) ? (h.choices as string[]) : null);
          }
        }
        break;
      case 'attendance.marked':
        f.perRecordSince ??= e.at;
        if (typeof d.userId === 'string') f.attendance.set(d.userId, e);
        break;
      case 'conclusion.final':
      case 'conclusion.corrected':
        if (typeof d.conclusionId === 'string') f.conclusions.set(d.conclusionId, e);
        break;
    }
  }
  return f;
}

/** A secret poll's recount as the report shows it: proofs, tellers' shares, and the counts against the chain's result. */
function secretPollCheck(p: SnapshotPoll, chainResult: TallyResult | null, out: AuditProblem[]): SecretPollCheck | null {
  const ev = p.evidence;
  if (!ev?.parts) return null;
  const { parts } = ev;
  let tallyMatches = parts.recount;
  if (parts.recount && ev.counts && chainResult) {
    for (const d of differingFields(chainResult.counts, ev.counts)) {
      tallyMatches = false;
      out.push(problem('secret_poll', `Poll ${p.id}: recounting its encrypted ballots gives a different count of "${d.field}" than the chain's result.`, { pollId: p.id, row: 'encrypted_ballots', field: `counts.${d.field}`, expected: show(d.expected), found: show(d.found) }));
    }
  }
  return {
    pollId: p.id,
    ballots: ev.ballots ?? p.ballots.size,
    proofsOk: parts.ceremony && parts.ballots,
    // Nothing opened and no share refused: the shares were not put to the test.
    sharesOk: parts.recount === null && parts.shares ? null : parts.shares,
    tallyMatches,
    problems: ev.problems,
  };
}

function checkPolls(snap: AuditSnapshot, f: ChainFacts, out: AuditProblem[], secret: SecretPollCheck[]): number {
  let checked = 0;
  for (const p of snap.polls) {
    if (p.status === 'draft' || p.status === 'open') continue;
    checked++;
    const at = { pollId: p.id };
    const closed = f.closed.get(p.id);
    if (!closed) {
      out.push(problem('poll_not_in_chain', `Poll ${p.id} is ${p.status} but the chain has no entry closing it.`, { ...at, field: 'status', expected: 'a poll.closed entry', found: p.status }));
      continue;
    }
    const cd = closed.data as { result?: TallyResult; sealed?: { totals?: string[] } };
    if (p.definition.secret && cd.sealed && JSON.stringify(cd.sealed.totals ?? null) !== JSON.stringify(p.sealedTotals)) {
      // The sealed sum is what the tellers decrypt: stored totals other than the chain's would open another result.
      out.push(problem('poll_result_row', `Poll ${p.id}: the stored encrypted totals differ from those sealed in the chain's entry ${closed.seq}.`, { ...at, row: 'polls.encrypted_totals', field: 'totals', expected: show(cd.sealed.totals ?? null), found: show(p.sealedTotals) }));
    }
    // The result the chain vouches for: at the close (named) or when the tellers opened it (secret).
    const chainResult = p.definition.secret ? ((f.tallyOpened.get(p.id)?.data as { result?: TallyResult } | undefined)?.result ?? null) : (cd.result ?? null);
    if (p.definition.secret && !chainResult && !p.result) {
      snap.notes.push(`Poll ${p.id} (secret): ${p.voidReason ? 'declared void' : 'the tellers have not opened the result yet'}; its result is not compared.`);
    } else {
      for (const d of differingFields(chainResult, p.result)) {
        out.push(problem('poll_result_row', `Poll ${p.id}: the stored result differs from the chain's entry ${closed.seq} at "${d.field}".`, { ...at, row: `polls.result`, field: d.field, expected: show(d.expected), found: show(d.found) }));
      }
    }
    const published = f.published.get(p.id);
    if (published && chainResult) {
      for (const d of differingFields(chainResult, (published.data as { result?: unknown }).result ?? null)) {
        out.push(problem('poll_result_row', `Poll ${p.id}: the published result in entry ${published.seq} differs from the counted one at "${d.field}".`, { ...at, row: `audit ${published.seq}`, field: d.field, expected: show(d.expected), found: show(d.found) }));
      }
    }
    if (!p.definition.secret && chainResult) {
      // Recount with the server's own tally, against the attendance the chain recorded at the close.
      const def = p.definition;
      const recount = tally({
        kind: def.kind,
        optionIds: optionIds(def),
        seats: def.seats,
        majority: def.majority,
        quorumRule: def.quorum,
        ballots: [...p.ballots.values()].map((c) => c ?? []),
        eligible: chainResult.eligible,
        present: chainResult.present,
        members: chainResult.members,
        recused: chainResult.recused,
      });
      for (const d of differingFields(chainResult, recount)) {
        out.push(problem('poll_result_ballots', `Poll ${p.id}: recounting the stored ballots gives a different "${d.field}" than the chain's entry ${closed.seq}.`, { ...at, row: 'named_ballots', field: d.field, expected: show(d.expected), found: show(d.found) }));
      }
    }
    if (p.evidence && !p.evidence.ok) {
      for (const m of p.evidence.problems) out.push(problem('poll_tally_evidence', `Poll ${p.id}: ${m}`, { ...at, row: 'encrypted_ballots' }));
    }
    if (p.definition.secret) {
      const check = secretPollCheck(p, chainResult, out);
      if (check) secret.push(check);
    }
    // Each ballot against its entry. A stored ballot without one is a problem unless it was
    // received before the chain logged ballots at all (a meeting from before issue 18).
    const logged = f.ballots.get(p.id) ?? new Map<string, string[] | null>();
    let older = 0;
    for (const [userId, choices] of p.ballots) {
      if (!logged.has(userId)) {
        const received = p.receivedAt.get(userId) ?? null;
        if (f.perRecordSince === null || received === null || received < f.perRecordSince) {
          older++;
          continue;
        }
        out.push(problem('ballot_row', `Poll ${p.id}: a ballot of ${userId} is stored but the chain never recorded it.`, { ...at, row: userId, field: 'ballot', expected: 'nothing', found: show(choices ?? 'a secret ballot') }));
        continue;
      }
      const want = logged.get(userId) ?? null;
      if (!p.definition.secret && JSON.stringify(want) !== JSON.stringify(choices)) {
        out.push(problem('ballot_row', `Poll ${p.id}: the stored ballot of ${userId} differs from the chain at "choices".`, { ...at, row: userId, field: 'choices', expected: show(want), found: show(choices) }));
      }
    }
    for (const userId of logged.keys()) {
      if (!p.ballots.has(userId)) out.push(problem('ballot_row', `Poll ${p.id}: the chain recorded a ballot of ${userId} that is no longer stored.`, { ...at, row: userId, field: 'ballot', expected: show(logged.get(userId) ?? 'a secret ballot'), found: 'nothing' }));
    }
    if (older) snap.notes.push(`Poll ${p.id}: ${older} ballot(s) predate per-ballot entries; they are checked through the recount only.`);
  }
  return checked;
}

function checkAttendance(snap: AuditSnapshot, f: ChainFacts, out: AuditProblem[]): void {
  if (f.perRecordSince === null) {
    if (snap.attendance.size) snap.notes.push('Attendance predates per-check-in entries: it is checked through the counts at each close only.');
    return;
  }
  const since = f.perRecordSince;
  for (const [userId, row] of snap.attendance) {
    const e = f.attendance.get(userId);
    if (!e) {
      if (row.at >= since) out.push(problem('attendance_row', `The attendance of ${userId} is stored but the chain never recorded it.`, { row: userId, field: 'status', expected: 'nothing', found: row.status }));
      continue;
    }
    const d = e.data as { status?: string; substitute?: string | null; markedAt?: string; by?: string };
    const pairs: [string, unknown, unknown][] = [
      ['status', d.status, row.status],
      ['substitute', d.substitute ?? null, row.substitute],
      ['at', d.markedAt, row.at],
      ['by', d.by, row.by],
    ];
    for (const [field, want, got] of pairs) {
      if (want !== got) out.push(problem('attendance_row', `The attendance of ${userId} differs from the chain's entry ${e.seq} at "${field}".`, { row: userId, field, expected: show(want), found: show(got) }));
    }
  }
  for (const [userId, e] of f.attendance) {
    if (!snap.attendance.has(userId)) out.push(problem('attendance_row', `The chain's entry ${e.seq} records the attendance of ${userId}, which is no longer stored.`, { row: userId, field: 'status', expected: show((e.data as { status?: string }).status), found: 'nothing' }));
  }
}

function checkConclusions(snap: AuditSnapshot, f: ChainFacts, out: AuditProblem[]): void {
  const stored = new Set<string>();
  for (const c of snap.conclusions) {
    stored.add(c.id);
    const e = f.conclusions.get(c.id);
    if (!e) {
      out.push(problem('conclusion_row', `Conclusion ${c.id} (item ${c.agendaItemId}, version ${c.version}) is stored but the chain never recorded it.`, { row: c.id, field: 'version', expected: 'nothing', found: String(c.version) }));
      continue;
    }
    const d = e.data as Record<string, unknown>;
    const pairs: [string, unknown, unknown][] = [
      ['text', d.textSha256, sha256(c.text)],
      ['agendaItemId', d.agendaItemId, c.agendaItemId],
      ['version', d.version, c.version],
      ['pollRefs', d.pollRefs, c.pollRefs],
      ['by', d.by, c.by],
      ['corrects', d.corrects ?? null, c.corrects],
      ['reason', d.reason ?? null, c.reason],
    ];
    for (const [field, want, got] of pairs) {
      if (JSON.stringify(want) !== JSON.stringify(got)) {
        out.push(problem('conclusion_row', `Conclusion ${c.id} differs from the chain's entry ${e.seq} at "${field}"${field === 'text' ? ' (its SHA-256)' : ''}.`, { row: c.id, field, expected: show(want), found: show(got) }));
      }
    }
  }
  for (const [id, e] of f.conclusions) {
    if (!stored.has(id)) out.push(problem('conclusion_row', `The chain's entry ${e.seq} records conclusion ${id}, which is no longer stored.`, { row: id, field: 'version', expected: show((e.data as { version?: number }).version), found: 'nothing' }));
  }
}

export function verifyMeetingAudit(snap: AuditSnapshot, heads: readonly HeadRef[] = []): AuditReport {
  const problems: AuditProblem[] = [];
  const chain = verifyChain(snap.entries);
  if (!chain.ok) {
    problems.push(problem('chain_broken', `Entry ${chain.brokenAt} of ${chain.length} does not follow from the entries before it: it was changed, removed or reordered.`, { row: String(chain.brokenAt), field: 'hash' }));
  }
  const hasData = snap.polls.some((p) => p.status !== 'draft') || snap.attendance.size > 0 || snap.conclusions.length > 0;
  if (snap.entries.length === 0 && hasData) {
    problems.push(problem('chain_empty', 'The audit chain is empty, but the meeting has polls, attendance or conclusions: its entries were deleted.', { field: 'length', expected: 'at least 1', found: '0' }));
  }
  problems.push(...checkHeads(snap.entries, heads));
  // A head printed on an issued record was read from this chain: it must still be in it.
  const docHeads = snap.documentHeads.filter((h) => /^[0-9a-f]{64}$/.test(h.hash));
  const known = new Set(snap.entries.map((e) => e.hash));
  for (const h of docHeads) {
    if (!known.has(h.hash)) problems.push(problem('head_missing', `The head printed on ${h.what} is no longer in the chain.`, { row: h.what, field: 'hash', expected: h.hash }));
  }
  const f = readChain(snap.entries);
  const secretPolls: SecretPollCheck[] = [];
  const pollsChecked = checkPolls(snap, f, problems, secretPolls);
  checkAttendance(snap, f, problems);
  checkConclusions(snap, f, problems);
  let documentsChecked = 0;
  if (snap.records) {
    const polls = snap.polls.map((p) => ({ id: p.id, definition: p.definition, agendaItemId: p.agendaItemId ?? null }));
    const r = checkRecords({ ...snap.records, entries: snap.entries, polls, conclusions: snap.conclusions }, snap.notes);
    problems.push(...r.problems);
    documentsChecked = r.checked;
  }
  return {
    meetingId: snap.meetingId,
    ok: problems.length === 0,
    length: snap.entries.length,
    head: chain.head,
    headsChecked: heads.length + docHeads.length,
    pollsChecked,
    notes: snap.notes,
    problems,
    documentsChecked,
    secretPolls,
  };
}
