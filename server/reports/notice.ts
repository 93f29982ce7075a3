/**
 * The conclusion notice ("Thông báo kết luận"): one PDF from what the server holds — the
 * meeting doc (title, time, venue, numbered agenda), attendance, each item's final
 * conclusion and its polls' results, the tasks, and the audit-chain head — stored as a
 * document of the meeting. Items still without a final conclusion do not block it: the
 * notice is then a draft (DỰ THẢO on every page) and says which items are missing.
 */
import { randomUUID } from 'node:crypto';
import { resultSentence } from '../../shared/domain/result-wording';
import { effectiveDeadline } from '../../shared/domain/tasks';
import { Task, type NoticeResponse } from '../../shared/http';
import { addDocument, readMeeting, type MeetingContent } from '../../shared/ydoc/meeting';
import { putBlob } from '../blobs';
import { durable } from '../room/db';
import type { PollRow } from '../room/repo';
import type { RoomService } from '../room/service';
import { vnDate } from '../room/tasks';
import type { Store } from '../store/types';
import type { Rooms } from '../sync/rooms';
import { PdfWriter } from './pdf-writer';

export const priorityLabel: Record<Task['priority'], string> = { normal: 'Bình thường', high: 'Cao', urgent: 'Khẩn' };

/** "08:00 ngày 25/11/2026" in Vietnam time, whatever the server's zone. */
export function vnTime(iso: string | null): string {
  if (!iso) return 'chưa xác định';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + 7 * 3600_000).toISOString();
  return `${d.slice(11, 16)} ngày ${vnDate(d.slice(0, 10))}`;
}

/**
 * A poll's result in one sentence, from the stored tally (never retyped), in the words of
 * shared/domain/result-wording: the same the result screen and the official record use.
 */
export function pollResultText(p: PollRow): string {
  if (!p.result) return `Biểu quyết “${p.definition.question}”: chưa có kết quả.`;
  return `Biểu quyết “${p.definition.question}”: ${resultSentence({ kind: p.definition.kind, options: p.definition.options }, p.result, 'vi')}.`;
}

export interface NoticeDeps {
  store: Store;
  rooms: Rooms;
  room: RoomService;
  dataDir: string;
}

export interface NoticeInput {
  number: string;
  content: MeetingContent;
  attendance: { present: number; expected: number; excused: number };
  conclusions: Map<string, { text: string; version: number }>;
  polls: PollRow[];
  tasks: Task[];
  auditHead: string;
  issuedAt: string;
}

/** Pure layout: the notice PDF from its facts (used by the route and the benchmark test). */
export async function renderNotice(n: NoticeInput): Promise<{ bytes: Uint8Array; pages: number; missing: string[] }> {
  const { content, conclusions } = n;
  const missing = content.agenda.filter((a) => !conclusions.has(a.id)).map((a) => a.id);
  const draft = missing.length > 0;
  const meetingTitle = content.meta.title;
  const w = await PdfWriter.create({ title: `Thông báo kết luận số ${n.number}`, author: 'Văn phòng Chính phủ', watermark: draft ? 'DỰ THẢO' : null });

  w.pair('VĂN PHÒNG CHÍNH PHỦ', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 200, { bold: true, size: 10.5 });
  w.pair(`Số: ${n.number}`, 'Độc lập – Tự do – Hạnh phúc', 240, { bold: false, size: 10.5 });
  w.line(`Hà Nội, ngày ${vnDate(new Date(Date.parse(n.issuedAt) + 7 * 3600_000).toISOString().slice(0, 10))}`, { indent: 260, size: 10.5 });
  w.gap(14);
  if (draft) w.line('DỰ THẢO', { bold: true, center: true, size: 13, color: [0.75, 0.1, 0.1] });
  w.line('THÔNG BÁO', { bold: true, center: true, size: 14 });
  for (const l of w.wrap(`Kết luận của ${chairOf(content)} tại ${meetingTitle}`, 420, true, 12)) w.line(l, { bold: true, center: true, size: 12 });
  w.gap(10);

  w.paragraph(`Phiên họp: ${meetingTitle}.`);
  w.paragraph(`Thời gian: từ ${vnTime(content.meta.startsAt)} đến ${vnTime(content.meta.endsAt)}. Địa điểm: ${content.meta.venue ?? 'chưa xác định'}.`);
  w.paragraph(
    `Thành phần: có mặt ${n.attendance.present}/${n.attendance.expected} thành viên${n.attendance.excused ? `, vắng có lý do ${n.attendance.excused}` : ''}.`,
  );
  if (draft) {
    w.gap(4);
    w.paragraph(`Bản dự thảo: ${missing.length} nội dung chưa có kết luận chính thức.`, { bold: true, color: [0.75, 0.1, 0.1] });
  }
  w.gap(8);
  w.paragraph('Sau khi nghe báo cáo và ý kiến của các thành viên dự họp, chủ trì phiên họp kết luận như sau:');
  w.gap(4);

  const pollsByItem = new Map<string, PollRow[]>();
  for (const p of n.polls) {
    if (!p.agendaItemId || !p.result) continue;
    const list = pollsByItem.get(p.agendaItemId);
    if (list) list.push(p);
    else pollsByItem.set(p.agendaItemId, [p]);
  }
  for (const item of content.agenda) {
    const indent = Math.min(item.depth, 3) * 14;
    w.gap(3);
    w.paragraph(`${item.number}. ${item.title}`, { bold: true, indent });
    const c = conclusions.get(item.id);
    if (c) w.paragraph(c.version > 1 ? `${c.text} (đính chính lần ${c.version - 1})` : c.text, { indent: indent + 10 });
    else w.paragraph('(Chưa có kết luận chính thức.)', { indent: indent + 10, color: [0.75, 0.1, 0.1] });
    for (const p of pollsByItem.get(item.id) ?? []) w.paragraph(pollResultText(p), { indent: indent + 10, size: 10 });
  }

  w.gap(10);
  w.line('PHÂN CÔNG THỰC HIỆN', { bold: true });
  if (n.tasks.length) {
    w.table(
      [
        { title: 'TT', width: 0.06, align: 'right' },
        { title: 'Nhiệm vụ', width: 0.44 },
        { title: 'Đơn vị / Người thực hiện', width: 0.24 },
        { title: 'Thời hạn', width: 0.14 },
        { title: 'Mức độ', width: 0.12 },
      ],
      n.tasks.map((t, i) => [
        String(i + 1),
        t.title,
        [t.unit, t.assigneeName].filter(Boolean).join(' – '),
        vnDate(effectiveDeadline(t.deadline, t.extensions)),
        priorityLabel[t.priority],
      ]),
    );
  } else {
    w.paragraph('(Không có nhiệm vụ được giao.)');
  }

  w.gap(14);
  w.paragraph(`Mã kiểm chứng: ${n.auditHead}`, { size: 9 });
  w.paragraph('Mã kiểm chứng là mã băm đầu chuỗi nhật ký kiểm toán của phiên họp tại thời điểm ban hành thông báo.', { size: 8.5, color: [0.4, 0.4, 0.4] });
  const bytes = await w.save();
  return { bytes, pages: w.pdf.getPageCount(), missing };
}

function chairOf(content: MeetingContent): string {
  const chair = content.participants.find((p) => p.role === 'chair');
  if (!chair) return 'chủ trì phiên họp';
  return chair.position ? `${chair.position} ${chair.name}` : chair.name;
}

/** Gathers the facts, renders, stores as a document of the meeting, and logs it. */
export async function issueNotice(deps: NoticeDeps, meetingId: string, by: string): Promise<NoticeResponse> {
  const { room, rooms, store } = deps;
  const content = await rooms.read(`meeting/${meetingId}`, (doc) => readMeeting(doc));
  const issuedAt = new Date().toISOString();
  const seq = durable(room.repo.db, () => room.after.nextNoticeNumber(meetingId, issuedAt));
  const number = `${String(seq).padStart(2, '0')}-TB/VPCP`;
  const marks = room.repo.allAttendance(meetingId);
  let present = 0;
  let excused = 0;
  for (const m of marks.values()) {
    if (m.status === 'present') present++;
    else if (m.status === 'excused') excused++;
  }
  const expected = room.repo.votingMemberIds(meetingId).length;
  const conclusions = room.after.latestConclusions(meetingId);
  const tasks = room.after.taskJsonOfMeeting(meetingId).map((r) => Task.parse(JSON.parse(r.json)));
  const auditHead = room.audit.verify(meetingId).head;
  const { bytes, pages, missing } = await renderNotice({
    number,
    content,
    attendance: { present, expected, excused },
    conclusions,
    polls: room.repo.polls(meetingId),
    tasks,
    auditHead,
    issuedAt,
  });
  const { sha256, size } = await putBlob(deps.dataDir, bytes);
  // The blob row before the doc entry: nobody is told of a document they cannot fetch.
  await store.addMeetingBlob(meetingId, sha256, size);
  const document = {
    id: randomUUID(),
    title: `Thông báo kết luận số ${number}`,
    sha256,
    size,
    pages,
    agendaItemId: null,
    confidentiality: 'internal' as const,
    version: 1,
    supersedes: null,
    supersededBy: null,
  };
  await rooms.transact(`meeting/${meetingId}`, (doc) => addDocument(doc, document));
  durable(room.repo.db, () =>
    room.audit.append(meetingId, 'notice.issued', { number, documentId: document.id, sha256, auditHead, draft: missing.length > 0, missing, by }, issuedAt),
  );
  // Ids, in agenda order: the client shows them with the numbers and titles it already has.
  return { document, number, draft: missing.length > 0, missing };
}
