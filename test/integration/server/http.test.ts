import { endpoints, openApiPath } from '../../../shared/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody } from '../../../shared/api/common';
import { Health } from '../../../shared/api/ops';
import { LoginResponse } from '../../../shared/api/session';
import { MeetingList } from '../../../shared/api/meetings';
import { putBlob, type RunningServer } from '../../../server/app';
import { createMeeting, createUser, login, password, sleep, start, tempDir } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
let dataDir: string;
let url: string;

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${url}${path}`, { method: 'POST', headers, body });
const get = (path: string, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ErrorBody.parse(await res.json()).error;
}

beforeAll(async () => {
  ({ dir: dataDir, remove } = await tempDir());
  server = await start(dataDir);
  url = server.url;
  await createUser(server.store, 'Alice');
});
afterAll(async () => {
  await server.close();
  await remove();
});

describe('health and routing', () => {
  it('answers health with the package version', async () => {
    const res = await get('/api/health');
    expect(res.status).toBe(200);
    expect(Health.parse(await res.json()).version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('404s unknown routes with the error shape', async () => {
    const res = await get('/api/nope');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe('not_found');
  });

  it('does not enable CORS', async () => {
    const res = await get('/api/health', undefined, { origin: 'https://evil.example' });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('login', () => {
  it('signs in with the right password, case-insensitive user name', async () => {
    const res = await post('/api/login', JSON.stringify({ username: 'alice', password }));
    expect(res.status).toBe(200);
    const body = LoginResponse.parse(await res.json());
    expect(body.user.username).toBe('Alice');
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);
  });

  it('refuses a wrong password and an unknown user with the same message', async () => {
    const wrong = await post('/api/login', JSON.stringify({ username: 'alice', password: 'nope' }));
    const unknown = await post('/api/login', JSON.stringify({ username: 'nobody', password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await errorOf(wrong);
    const b = await errorOf(unknown);
    expect(a).toEqual({ code: 'bad_credentials', message: 'The user name or password is not correct.' });
    expect(b).toEqual(a);
  });

  it('explains malformed JSON', async () => {
    const res = await post('/api/login', '{"username": "alice",');
    expect(res.status).toBe(400);
    const e = await errorOf(res);
    expect(e.code).toBe('invalid_input');
    expect(e.message).toMatch(/not valid JSON/);
  });

  it('names a missing field', async () => {
    const res = await post('/api/login', JSON.stringify({ username: 'alice' }));
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toEqual({ code: 'invalid_input', message: 'The field "password" is missing.' });
  });

  it('rejects a non-JSON content type and an oversize body', async () => {
    const form = await post('/api/login', 'username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(400);
    const big = await post('/api/login', JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024 + 10) }));
    expect(big.status).toBe(413);
    expect((await errorOf(big)).code).toBe('payload_too_large');
  });

  it('rate-limits repeated failures for one user name', async () => {
    await createUser(server.store, 'target');
    for (let i = 0; i < 10; i++) {
      const res = await post('/api/login', JSON.stringify({ username: 'target', password: `guess${i}` }));
      expect(res.status).toBe(401);
    }
    // Even the right password is refused while the limit holds.
    const res = await post('/api/login', JSON.stringify({ username: 'target', password }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    const e = await errorOf(res);
    expect(e.code).toBe('rate_limited');
    expect(e.message).toMatch(/Try again in \d+ seconds?\./);
    // Other users are unaffected.
    expect((await post('/api/login', JSON.stringify({ username: 'alice', password }))).status).toBe(200);
  });
});

describe('sessions', () => {
  it('reports the session and revokes it on logout', async () => {
    const token = await login(url, 'alice');
    const s = await get('/api/session', token);
    expect(s.status).toBe(200);
    expect(((await s.json()) as { user: { username: string } }).user.username).toBe('Alice');
    const out = await fetch(`${url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(out.status).toBe(200);
    const after = await get('/api/session', token);
    expect(after.status).toBe(401);
  });

  it('refuses forged and missing tokens', async () => {
    const forged = await get('/api/session', 'A'.repeat(43));
    expect(forged.status).toBe(401);
    expect(await errorOf(forged)).toEqual({ code: 'unauthorized', message: 'Your session has expired. Sign in again.' });
    expect((await get('/api/meetings')).status).toBe(401);
  });

  it('refuses an expired token', async () => {
    const { dir, remove: rm } = await tempDir();
    const short = await start(dir, { tokenTtlMs: 100 });
    try {
      await createUser(short.store, 'bob');
      const token = await login(short.url, 'bob');
      expect((await fetch(`${short.url}/api/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      await sleep(150);
      const res = await fetch(`${short.url}/api/session`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).message).toBe('Your session has expired. Sign in again.');
    } finally {
      await short.close();
      await rm();
    }
  });
});

describe('meetings', () => {
  it('lists meetings per role, hiding drafts from all but the secretariat, showing all to admins', async () => {
    const s = server.store;
    const sec = await createUser(s, 'm-sec');
    const del = await createUser(s, 'm-del');
    const out = await createUser(s, 'm-out');
    const adm = await createUser(s, 'm-admin', 'admin');
    const published = await createMeeting(s, [[sec, 'secretariat'], [del, 'delegate']], { title: 'Published' });
    const draft = await createMeeting(s, [[sec, 'secretariat'], [del, 'delegate']], { status: 'draft', title: 'Draft' });

    const list = async (name: string) => {
      const res = await get('/api/meetings', await login(url, name));
      expect(res.status).toBe(200);
      return MeetingList.parse(await res.json()).meetings;
    };
    const secList = await list('m-sec');
    expect(secList.map((m) => [m.id, m.role]).sort()).toEqual([[draft, 'secretariat'], [published, 'secretariat']].sort());
    expect((await list('m-del')).map((m) => [m.id, m.role])).toEqual([[published, 'delegate']]);
    expect(await list('m-out')).toEqual([]);
    const adminList = await list('m-admin');
    expect(adminList.filter((m) => m.id === draft || m.id === published).map((m) => m.role)).toEqual(['observer', 'observer']);
    void out;
    void adm;
  });
});

describe('openapi', () => {
  it('describes every endpoint in OpenAPI 3.1 with bearer auth', async () => {
    const res = await get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
      components: { securitySchemes: Record<string, { scheme: string }>; schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    // Derived from the endpoint table: every declared endpoint, nothing else.
    expect(Object.keys(doc.paths).sort()).toEqual([...new Set(Object.values(endpoints).map((e) => openApiPath(e.path)))].sort());
    expect(doc.components.securitySchemes.bearer!.scheme).toBe('bearer');
    expect(doc.components.schemas.LoginRequest!.properties).toHaveProperty('username');
    expect(doc.paths['/api/login']!.post!.responses).toHaveProperty('429');
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
    // Every $ref resolves.
    for (const [, name] of JSON.stringify(doc).matchAll(/"#\/components\/schemas\/(\w+)"/g)) {
      expect(doc.components.schemas).toHaveProperty(name!);
    }
  });
});

describe('blobs', () => {
  it('serves ranges to members and refuses everyone else', async () => {
    const s = server.store;
    const member = await createUser(s, 'b-member');
    const drafter = await createUser(s, 'b-draft-delegate');
    await createUser(s, 'b-stranger');
    const bytes = new Uint8Array(10_000).map((_, i) => i % 251);
    const { sha256, size } = await putBlob(dataDir, bytes);
    const meeting = await createMeeting(s, [[member, 'delegate']]);
    await s.addMeetingBlob(meeting, sha256, size);
    const draft = await createMeeting(s, [[drafter, 'delegate']], { status: 'draft' });
    await s.addMeetingBlob(draft, sha256, size);

    const token = await login(url, 'b-member');
    const full = await get(`/api/blobs/${sha256}`, token);
    expect(full.status).toBe(200);
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    expect(full.headers.get('etag')).toBe(`"${sha256}"`);
    expect(new Uint8Array(await full.arrayBuffer())).toEqual(bytes);

    const part = await get(`/api/blobs/${sha256}`, token, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(100, 200));

    const tail = await get(`/api/blobs/${sha256}`, token, { range: 'bytes=-10' });
    expect(tail.status).toBe(206);
    expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(-10));

    const open = await get(`/api/blobs/${sha256}`, token, { range: 'bytes=9990-' });
    expect(open.status).toBe(206);
    expect((await open.arrayBuffer()).byteLength).toBe(10);

    const bad = await get(`/api/blobs/${sha256}`, token, { range: 'bytes=20000-' });
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${size}`);
    await bad.arrayBuffer();

    const cached = await get(`/api/blobs/${sha256}`, token, { 'if-none-match': `"${sha256}"` });
    expect(cached.status).toBe(304);

    // No existence oracle (issue 18): a document one may not read answers like one that does not exist.
    const strangerToken = await login(url, 'b-stranger');
    const stranger = await get(`/api/blobs/${sha256}`, strangerToken);
    const nowhere = await get(`/api/blobs/${'f'.repeat(64)}`, strangerToken);
    expect(stranger.status).toBe(404);
    expect(nowhere.status).toBe(404);
    expect(await errorOf(stranger)).toEqual(await errorOf(nowhere));
    // A delegate of a draft meeting does not see its documents yet.
    const drafted = await get(`/api/blobs/${sha256}`, await login(url, 'b-draft-delegate'));
    expect(drafted.status).toBe(404);
    await drafted.arrayBuffer();

    expect((await get(`/api/blobs/${sha256}`)).status).toBe(401);
    expect((await get('/api/blobs/not-a-hash', token)).status).toBe(404);
  });
});
