/**
 * The demo's earlier meeting: "Phiên họp Chính phủ thường kỳ" two months before the seed,
 * closed, with final conclusions and the 187 follow-up tasks of the government's own table
 * (98 completed: 83 on time, 15 late; 89 in progress within the deadline; none overdue).
 * Deadlines and completion times are placed relative to the seed time, so the dashboard
 * shows exactly those counts for weeks after seeding: open tasks are due 30–90 days out.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { vietnamDay } from '../../shared/domain/tasks';
import type { MeetingRole } from '../../shared/roles';
import { addAgendaItem, addParticipant, setMeta } from '../../shared/ydoc/meeting';
import { AfterRepo } from '../records/after-repo';
import { storeClosedLive } from './closed-live';
import { AuditLog } from '../audit/audit';
import { sha256 } from '../conclusions/conclusions';
import type { Store } from '../store/types';
import type { RecordsDb } from '../records/sql';
import { ministries } from './people';

export const demoTaskTable = { total: 187, onTime: 83, late: 15, inProgress: 89 } as const;

interface DemoUser {
  id: string;
  displayName: string;
  role: MeetingRole;
  position: string | null;
  unit: string | null;
}

const agenda = [
  { title: 'Tình hình kinh tế – xã hội tháng 9 và 9 tháng năm 2026', conclusion: 'Chính phủ thống nhất đánh giá tình hình kinh tế – xã hội tháng 9 và 9 tháng tiếp tục chuyển biến tích cực; yêu cầu các bộ, ngành, địa phương quyết liệt thực hiện các nhiệm vụ, giải pháp để đạt mục tiêu tăng trưởng cả năm.' },
  { title: 'Tình hình giải ngân vốn đầu tư công', conclusion: 'Các bộ, cơ quan, địa phương tập trung tháo gỡ vướng mắc về giải phóng mặt bằng, đẩy nhanh giải ngân vốn đầu tư công; xử lý nghiêm cán bộ gây chậm trễ.' },
  { title: 'Công tác xây dựng thể chế, pháp luật', conclusion: 'Các bộ, cơ quan ngang bộ khẩn trương hoàn thiện hồ sơ các dự án luật, nghị định được giao; bảo đảm chất lượng và tiến độ trình.' },
  { title: 'Chuyển đổi số và Đề án 06', conclusion: 'Đẩy mạnh chuyển đổi số, hoàn thành kết nối, chia sẻ dữ liệu giữa các cơ sở dữ liệu quốc gia và cơ sở dữ liệu chuyên ngành trong năm 2026.' },
  { title: 'Phòng, chống thiên tai và khắc phục hậu quả bão lũ', conclusion: 'Các địa phương chủ động phương án ứng phó mưa lũ, hỗ trợ kịp thời người dân bị ảnh hưởng; các bộ rà soát, bố trí kinh phí khắc phục hậu quả.' },
  { title: 'Phát triển nhà ở xã hội', conclusion: 'Đẩy nhanh thủ tục đầu tư các dự án nhà ở xã hội; rà soát cơ chế ưu đãi để đạt mục tiêu một triệu căn hộ.' },
];

const actions = [
  'Hoàn thiện hồ sơ dự thảo Nghị định',
  'Xây dựng Đề án',
  'Báo cáo Thủ tướng Chính phủ về',
  'Rà soát, sửa đổi Thông tư',
  'Tổng kết, đánh giá việc thực hiện',
  'Trình Chính phủ phương án',
  'Ban hành kế hoạch triển khai',
  'Hướng dẫn các địa phương thực hiện',
];
const subjects = [
  'quy định chi tiết một số điều của Luật Đầu tư công',
  'phát triển kinh tế tư nhân',
  'chuyển đổi số trong cơ quan nhà nước',
  'quản lý giá đối với mặt hàng thiết yếu',
  'phòng, chống thiên tai và tìm kiếm cứu nạn',
  'bảo hiểm xã hội tự nguyện',
  'phát triển nhà ở xã hội',
  'giải ngân vốn đầu tư công năm 2026',
  'kết nối cơ sở dữ liệu quốc gia về dân cư',
  'cải cách thủ tục hành chính',
  'thu hút đầu tư nước ngoài',
  'bảo đảm an ninh năng lượng',
  'phát triển hạ tầng giao thông',
];

const dayMs = 86_400_000;
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * dayMs).toISOString().slice(0, 10);
/** An instant at hh:00 in Vietnam on a day. */
const vnAt = (day: string, hh: number) => new Date(Date.parse(`${day}T${String(hh).padStart(2, '0')}:00:00+07:00`)).toISOString();

export async function seedEarlierMeeting(store: Store, rdb: RecordsDb, users: DemoUser[], now = new Date()): Promise<{ meetingId: string; tasks: number }> {
  const meetingId = randomUUID();
  const today = vietnamDay(now.toISOString());
  const meetingDay = addDays(today, -60);
  const [y, m] = meetingDay.split('-').map(Number) as [number, number];
  const title = `Phiên họp Chính phủ thường kỳ tháng ${m} năm ${y}`;
  const startsAt = `${meetingDay}T08:00:00+07:00`;
  const endsAt = `${meetingDay}T17:00:00+07:00`;
  const venue = 'Nhà Quốc hội, Hà Nội';
  const members = users.filter((u) => u.role);
  const chair = members.find((u) => u.role === 'chair')!;
  const secretary = members.find((u) => u.role === 'secretariat')!;
  const delegates = members.filter((u) => u.role === 'delegate');
  // Twelve units, each with the delegate who answers for it when the demo has one.
  const unitNames = [...new Set(delegates.map((d) => d.unit).filter((u): u is string => !!u))];
  for (const mi of ministries) if (unitNames.length < 12 && !unitNames.includes(mi)) unitNames.push(mi);
  const units = unitNames.slice(0, 12).map((name) => ({ name, person: delegates.find((d) => d.unit === name) ?? null }));

  const itemIds = agenda.map(() => randomUUID());
  const doc = new Y.Doc();
  doc.transact(() => {
    setMeta(doc, { title, kind: 'cabinet_session', startsAt, endsAt, venue, confidentiality: 'internal', status: 'closed' });
    for (const u of members) addParticipant(doc, { id: u.id, name: u.displayName, position: u.position, unit: u.unit, role: u.role, siteId: null });
    agenda.forEach((a, i) => addAgendaItem(doc, { id: itemIds[i]!, title: a.title, parentId: null, order: i + 1, durationMin: 30, presenter: null, documentIds: [] }));
  });

  await store.createMeeting({ id: meetingId, title, status: 'closed', startsAt, endsAt, venue });
  await store.addMembers(meetingId, members.map((u) => ({ userId: u.id, role: u.role })));
  await store.appendUpdate(`meeting/${meetingId}`, Y.encodeStateAsUpdate(doc));
  doc.destroy();

  const after = new AfterRepo();
  const audit = new AuditLog(rdb);
  const finalisedAt = vnAt(meetingDay, 17);
  const createdAt = vnAt(meetingDay, 18);
  const conclusionIds = agenda.map(() => randomUUID());
  await rdb.transaction([meetingId], function* () {
    for (const [i, a] of agenda.entries()) {
      const c = { id: conclusionIds[i]!, meetingId, agendaItemId: itemIds[i]!, version: 1, text: a.conclusion, pollRefs: [], finalisedAt, finalisedBy: chair.id, corrects: null, reason: null };
      yield* after.insertConclusion(c);
      yield* audit.append(meetingId, 'conclusion.final', { conclusionId: c.id, agendaItemId: c.agendaItemId, version: 1, textSha256: sha256(a.conclusion), pollRefs: [], by: chair.id, corrects: null, reason: null }, finalisedAt);
    }
    const { onTime, late, total } = demoTaskTable;
    for (let i = 0; i < total; i++) {
      const unit = units[i % units.length]!;
      const item = i % agenda.length;
      const taskTitle = `${actions[i % actions.length]} ${subjects[(i * 7) % subjects.length]}`;
      let deadline: string;
      let completedAt: string | null = null;
      if (i < onTime) {
        // Due 10–39 days after the meeting, done 0–4 days before: well before today.
        deadline = addDays(meetingDay, 10 + (i % 30));
        completedAt = vnAt(addDays(deadline, -(i % 5)), 10);
      } else if (i < onTime + late) {
        deadline = addDays(meetingDay, 7 + (i % 10));
        completedAt = vnAt(addDays(deadline, 1 + (i % 6)), 15);
      } else {
        deadline = addDays(today, 30 + (i % 60));
      }
      const by = unit.person?.id ?? secretary.id;
      const byName = unit.person?.displayName ?? secretary.displayName;
      const progress = completedAt ? [{ at: completedAt, by, byName, note: 'Đã hoàn thành, báo cáo kết quả gửi Văn phòng Chính phủ.', documentId: null, completed: true }] : [];
      const taskId = randomUUID();
      const priority = i % 9 === 0 ? 'urgent' : i % 4 === 0 ? 'high' : 'normal';
      yield* after.insertTask({
        id: taskId,
        meetingId,
        conclusionId: conclusionIds[item]!,
        agendaItemId: itemIds[item]!,
        title: taskTitle,
        unit: unit.name,
        assigneeUserId: unit.person?.id ?? null,
        deadline,
        priority,
        createdAt,
        createdBy: secretary.id,
        completedAt,
        extensions: '[]',
        progress: JSON.stringify(progress),
      });
      yield* audit.append(meetingId, 'task.assigned', { taskId, conclusionId: conclusionIds[item], agendaItemId: itemIds[item], title: taskTitle, unit: unit.name, assigneeUserId: unit.person?.id ?? null, deadline, priority, by: secretary.id }, createdAt);
      if (completedAt) yield* audit.append(meetingId, 'task.completed', { taskId, by, noteSha256: sha256(progress[0]!.note), documentId: null }, completedAt);
    }
  });

  // The live doc carries what the database says, exactly as the server would publish it.
  await storeClosedLive(store, rdb, after, meetingId);
  return { meetingId, tasks: demoTaskTable.total };
}
