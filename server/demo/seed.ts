/**
 * `--demo`: a ready-to-use meeting with people, an agenda and real PDFs, written only into
 * an empty store so restarting with --demo never duplicates or overwrites anything.
 */
import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { addAgendaItem, addDocument, addParticipant, addSite, readMeeting, setMeta } from '../../shared/ydoc/meeting';
import { liveDoc } from '../../shared/ydoc/live';
import type { MeetingRole } from '../../shared/roles';
import { hashPassword } from '../auth/passwords';
import { putBlob } from '../blobs';
import type { Log } from '../log';
import type { RecordsDb } from '../records/sql';
import type { NewUser, Store } from '../store/types';
import { defaultDemoSize, delegateUsername, demoPassword } from './accounts';
import { demoAgenda, demoDocuments, type DemoAgendaItem } from './meeting-content';
import { seedEarlierMeeting } from './earlier-meeting';
import { seedDemoOrganisations, type DemoOrgSeed } from './organisations';
import { generateDemoPdf } from './pdfs';
import { seatDemoMeeting } from './seating';
import { delegatePerson, siteNames, vietnameseName } from './people';
import { createRng } from './prng';

export interface DemoSeedResult {
  meetingId: string;
  users: number;
  sites: number;
  documents: { id: string; title: string; sha256: string; size: number; pages: number }[];
  /** The closed meeting two months back with conclusions and the 187 follow-up tasks. */
  earlierMeetingId: string;
  /** The Government Office (holding the two meetings above), a Party committee and a People's Committee (issue 14). */
  organisations: DemoOrgSeed;
}

/** Tomorrow at hh:mm in Vietnam (UTC+7 all year), as an ISO string with offset. */
function vietnamTomorrowAt(hh: number, mm: number, now = new Date()): string {
  const local = new Date(now.getTime() + 7 * 3600_000);
  local.setUTCDate(local.getUTCDate() + 1);
  const d = local.toISOString().slice(0, 10);
  return `${d}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+07:00`;
}

/** One main hall plus about one bridge per 15 delegates, never fewer than two sites. */
export function demoSiteCount(size: number): number {
  return Math.max(2, 1 + Math.ceil(size / 15));
}

export async function seedDemo(opts: { store: Store; rdb: RecordsDb; dataDir: string; size?: number; log: Log }): Promise<DemoSeedResult | null> {
  const { store, rdb, dataDir, log } = opts;
  if ((await store.countUsers()) > 0) return null;
  const explicitSize = opts.size !== undefined;
  const size = opts.size ?? defaultDemoSize;
  const started = Date.now();
  const rng = createRng(20261124);
  const meetingId = randomUUID();

  // Documents first: the slow part, and nothing is visible until the users exist.
  const documents: DemoSeedResult['documents'] = [];
  const docIdsByItem = new Map<string, string[]>();
  for (const [i, spec] of demoDocuments.entries()) {
    const { bytes, pages } = await generateDemoPdf({ title: spec.title, pages: spec.pages, seed: 1000 + i, issuer: spec.issuer, number: spec.number });
    const { sha256, size: bytesSize } = await putBlob(dataDir, bytes);
    const id = randomUUID();
    documents.push({ id, title: spec.title, sha256, size: bytesSize, pages });
    docIdsByItem.set(spec.agendaKey, [...(docIdsByItem.get(spec.agendaKey) ?? []), id]);
  }

  const startsAt = vietnamTomorrowAt(8, 0);
  const endsAt = vietnamTomorrowAt(17, 0);
  const [year, month] = startsAt.split('-').map(Number) as [number, number];
  const title = `Phiên họp Chính phủ thường kỳ tháng ${month} năm ${year}`;
  const venue = 'Nhà Quốc hội, Hà Nội';

  // Every demo account has the same password, so one hash serves them all: hashing
  // 3,000 passwords with scrypt would take minutes and protect nothing here.
  const passwordHash = await hashPassword(demoPassword);
  const users: (NewUser & { role: MeetingRole | null; position: string | null; unit: string | null })[] = [
    { id: randomUUID(), username: 'secretary', displayName: vietnameseName(rng), passwordHash, globalRole: 'user', role: 'secretariat', position: 'Chuyên viên Văn phòng Chính phủ', unit: 'Văn phòng Chính phủ' },
    { id: randomUUID(), username: 'chair', displayName: vietnameseName(rng), passwordHash, globalRole: 'user', role: 'chair', position: 'Thủ tướng Chính phủ', unit: 'Chính phủ' },
  ];
  for (let i = 1; i <= size; i++) {
    const p = delegatePerson(rng, i - 1);
    users.push({ id: randomUUID(), username: delegateUsername(i, size), displayName: p.name, passwordHash, globalRole: 'user', role: 'delegate', position: p.position, unit: p.unit });
  }
  users.push({ id: randomUUID(), username: 'admin', displayName: 'Quản trị hệ thống', passwordHash, globalRole: 'admin', role: null, position: null, unit: null });

  const sites = siteNames(explicitSize ? demoSiteCount(size) : 2).map((s, i) => ({ ...s, id: `site-${String(i + 1).padStart(3, '0')}` }));

  const doc = new Y.Doc();
  doc.transact(() => {
    setMeta(doc, { title, kind: 'cabinet_session', startsAt, endsAt, venue, confidentiality: 'internal', status: 'published' });
    for (const s of sites) addSite(doc, s);
    const mainSite = sites[0]!.id;
    let delegateIndex = 0;
    for (const u of users) {
      if (!u.role) continue;
      // Leaders and the secretariat sit in the main hall; delegates are spread over all sites.
      const siteId = u.role === 'delegate' ? sites[delegateIndex++ % sites.length]!.id : mainSite;
      addParticipant(doc, { id: u.id!, name: u.displayName, position: u.position, unit: u.unit, role: u.role, siteId });
    }
    const itemIds = new Map<string, string>();
    const addItems = (items: DemoAgendaItem[], parentId: string | null) => {
      items.forEach((item, order) => {
        const id = randomUUID();
        itemIds.set(item.key, id);
        addAgendaItem(doc, {
          id,
          title: item.title,
          parentId,
          order: order + 1,
          durationMin: item.durationMin,
          presenter: item.presenter,
          documentIds: docIdsByItem.get(item.key) ?? [],
        });
        if (item.children) addItems(item.children, id);
      });
    };
    addItems(demoAgenda, null);
    seatDemoMeeting(doc, sites.map((x) => ({ id: x.id, name: x.name, kind: x.kind })), readMeeting(doc).participants);
    for (const [i, spec] of demoDocuments.entries()) {
      const d = documents[i]!;
      addDocument(doc, {
        id: d.id,
        title: spec.title,
        sha256: d.sha256,
        size: d.size,
        pages: d.pages,
        agendaItemId: itemIds.get(spec.agendaKey) ?? null,
        confidentiality: spec.confidentiality,
      });
    }
  });

  const live = new Y.Doc();
  live.transact(() => {
    liveDoc.state(live).set('currentItemId', null);
    liveDoc.state(live).set('startedAt', null);
  });

  await store.createMeeting({ id: meetingId, title, status: 'published', startsAt, endsAt, venue });
  for (const d of documents) await store.addMeetingBlob(meetingId, d.sha256, d.size);
  await store.appendUpdate(`meeting/${meetingId}`, Y.encodeStateAsUpdate(doc));
  await store.appendUpdate(`live/${meetingId}`, Y.encodeStateAsUpdate(live));
  doc.destroy();
  live.destroy();
  // Users last: until they exist a restart simply seeds again.
  await store.createUsers(users.map(({ role: _r, position: _p, unit: _u, ...u }) => u));
  await store.addMembers(
    meetingId,
    users.filter((u) => u.role).map((u) => ({ userId: u.id!, role: u.role! })),
  );

  const earlier = await seedEarlierMeeting(
    store,
    rdb,
    users.filter((u) => u.role).map((u) => ({ id: u.id!, displayName: u.displayName, role: u.role!, position: u.position, unit: u.unit })),
  );

  const yesterday = new Date(Date.now() + 7 * 3600_000 - 24 * 3600_000).toISOString().slice(0, 10);
  const organisations = await seedDemoOrganisations(store, rdb, {
    passwordHash,
    governmentMeetings: [meetingId, earlier.meetingId],
    governmentPeople: users.map((u) => ({ id: u.id!, role: u.role })),
    day: yesterday,
  });

  log('info', 'demo data seeded', { meetingId, earlierMeetingId: earlier.meetingId, organisations: 3, tasks: earlier.tasks, users: users.length, sites: sites.length, documents: documents.length, ms: Date.now() - started });
  return { meetingId, users: users.length, sites: sites.length, documents, earlierMeetingId: earlier.meetingId, organisations };
}
