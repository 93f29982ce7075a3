/**
 * Text that shows what it is (issue 18), end to end: the server refuses titles and names
 * with direction overrides, control characters or unpaired surrogates — over HTTP and
 * written straight into meeting/<id> over sync — names the field and the character, and
 * changes nothing.
 */
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodes } from '../../../shared/ydoc/doc-names';
import { meetingDoc, readMeeting } from '../../../shared/ydoc/meeting';
import type { RunningServer } from '../../../server/app';
import { connect, createMeeting, createUser, login, start, tempDir, waitFor, type Client } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
let adminToken: string;
let meetingId: string;
let secToken: string;
const clients: Client[] = [];

beforeAll(async () => {
  let dir: string;
  ({ dir, remove } = await tempDir());
  server = await start(dir);
  await createUser(server.store, 'admin', 'admin');
  const sec = await createUser(server.store, 'sec');
  adminToken = await login(server.url, 'admin');
  secToken = await login(server.url, 'sec');
  meetingId = await createMeeting(server.store, [[sec, 'secretariat']], { status: 'draft', title: 'Họp thường kỳ' });
  // The meeting document starts with its title, as a real meeting's does.
  await server.docs.transact(`meeting/${meetingId}`, (doc) => meetingDoc.meta(doc).set('title', 'Họp thường kỳ'));
});

afterAll(async () => {
  for (const c of clients) c.destroy();
  await server.close();
  await remove();
});

interface Answer {
  error?: { code: string; message: string };
  title?: string;
  meetings?: { title: string }[];
}

async function api(method: string, path: string, token: string, body: unknown): Promise<{ status: number; body: Answer }> {
  const res = await fetch(server.url + path, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe('over HTTP', () => {
  it('refuses a meeting title with a right-to-left override, naming the field and the character, and creates nothing', async () => {
    const before = (await api('GET', '/api/meetings', adminToken, undefined)).body.meetings!.length;
    const r = await api('POST', '/api/meetings', adminToken, { title: 'Báo cáo tài chính\u202Efdp.exe' });
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'invalid_input',
      message: 'The field "title" is not valid: Title contains an invisible direction-changing character (U+202E).',
    });
    expect((await api('GET', '/api/meetings', adminToken, undefined)).body.meetings!.length).toBe(before);
  });

  it('refuses a participant name with a NUL or an unpaired surrogate, and adds no one', async () => {
    const before = await server.store.countMembers(meetingId);
    for (const [name, message] of [
      ['Nguyễn Văn A\u0000', 'Name contains an invisible control character (U+0000).'],
      ['Trần \uD800B', 'Name contains a broken character (an unpaired surrogate, U+D800).'],
    ] as const) {
      const r = await api('POST', `/api/meetings/${meetingId}/participants`, secToken, { participants: [{ name, username: 'newcomer', role: 'delegate' }] });
      expect(r.status).toBe(400);
      expect(r.body.error!.message).toBe(`The field "participants.0.name" is not valid: ${message}`);
    }
    expect(await server.store.countMembers(meetingId)).toBe(before);
    expect(await server.store.findUserByUsername('newcomer')).toBeNull();
  });

  it('stores Vietnamese typed in decomposed form as composed (NFC)', async () => {
    const r = await api('POST', '/api/meetings', adminToken, { title: 'Nghe\u0323\u0302 An' });
    expect(r.status).toBe(201);
    expect(r.body.title).toBe('Nghệ An');
    const listed = (await api('GET', '/api/meetings', adminToken, undefined)).body.meetings!.map((m) => m.title);
    expect(listed).toContain('Nghệ An');
  });
});

/** How the server closed the client, or null if it did not within 5 s (so a miss fails fast). */
function closedWithin(c: Client): Promise<{ code: number; reason: string } | null> {
  return Promise.race([c.closed, new Promise<null>((r) => setTimeout(() => r(null), 5000))]);
}

describe('written straight into meeting/<id>', () => {
  async function openSecretariat(): Promise<Client> {
    const c = connect(server.url, `meeting/${meetingId}`, secToken);
    clients.push(c);
    await c.synced;
    return c;
  }

  async function serverTitle(): Promise<{ doc: string; row: string | undefined }> {
    const doc = await server.docs.read(`meeting/${meetingId}`, (d) => readMeeting(d).meta.title);
    const row = (await server.store.getMeeting(meetingId))?.title;
    return { doc, row };
  }

  it('closes the connection of an update whose title carries an override, and the document keeps its title', async () => {
    const c = await openSecretariat();
    meetingDoc.meta(c.doc).set('title', 'Kết luận\u202Egnoc');
    const closed = await closedWithin(c);
    c.destroy();
    expect(closed).toEqual({ code: closeCodes.badMessage, reason: "The meeting's title contains an invisible direction-changing character (U+202E)." });
    expect((await serverTitle()).doc).toBe('Họp thường kỳ');
  });

  /** An agenda item as a raw client writes it, past the core's checks. */
  const rawItem = (title: string) => {
    const item = new Y.Map<unknown>();
    item.set('title', title);
    item.set('parentId', null);
    item.set('order', 1);
    return item;
  };

  it('refuses a new agenda item whose title holds a control character, and accepts a clean one', async () => {
    const bad = await openSecretariat();
    bad.doc.transact(() => {
      meetingDoc.agenda(bad.doc).set('item-bad', rawItem('Mục 1\u0007'));
    });
    const closed = await closedWithin(bad);
    bad.destroy();
    expect(closed).toEqual({ code: closeCodes.badMessage, reason: "An agenda item's title contains an invisible control character (U+0007)." });
    expect(await server.docs.read(`meeting/${meetingId}`, (d) => meetingDoc.agenda(d).has('item-bad'))).toBe(false);

    // The rule refuses only what is unsafe: a clean write goes through, and its title reaches the meeting list.
    const good = await openSecretariat();
    good.doc.transact(() => {
      meetingDoc.agenda(good.doc).set('item-good', rawItem('Mục 1: Báo cáo — شكرا'));
      meetingDoc.meta(good.doc).set('title', 'Họp thường kỳ tháng 12');
    });
    await waitFor(async () => (await serverTitle()).row === 'Họp thường kỳ tháng 12', 5000, 'the clean title');
    expect(await server.docs.read(`meeting/${meetingId}`, (d) => meetingDoc.agenda(d).has('item-good'))).toBe(true);
  });
});
