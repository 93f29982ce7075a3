/**
 * What one client can take from the HTTP server (issue 11, "Nothing floods"): slow bodies
 * and slow headers are cut off, requests and uploads are limited per user (and per address
 * before sign-in) with 429 + Retry-After, and normal work is never refused.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMeeting, createUser, login, serverForFile } from './helpers';

const fixtures = '/work/shared/fixtures/pdfs';

/** Opens a raw socket, sends `head`, and resolves with how long the server kept it open. */
function trickle(port: number, head: string, everyMs: number, from = '127.0.0.1'): { closedAfterMs: Promise<number>; stop: () => void } {
  const socket = net.connect({ port, host: '127.0.0.1', localAddress: from });
  const started = Date.now();
  let timer: NodeJS.Timeout | null = null;
  socket.on('connect', () => {
    socket.write(head);
    timer = setInterval(() => socket.writable && socket.write('x'), everyMs);
  });
  socket.on('error', () => {});
  socket.resume();
  const closedAfterMs = new Promise<number>((resolve) =>
    socket.on('close', () => {
      if (timer) clearInterval(timer);
      resolve(Date.now() - started);
    }),
  );
  return {
    closedAfterMs,
    stop: () => {
      if (timer) clearInterval(timer);
      socket.destroy();
    },
  };
}

interface Answer {
  status: number;
  retryAfter?: string;
  body: string;
}

function request(url: string, method: string, pathname: string, opts: { token?: string; from?: string; body?: Buffer; type?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${pathname}`, {
      method,
      agent: false,
      localAddress: opts.from,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body ? { 'content-type': opts.type ?? 'application/json', 'content-length': opts.body.length } : {}),
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** An upload that has started and keeps sending 4 KB every 200 ms until stopped. */
function uploadInProgress(url: string, meetingId: string, token: string): { response: Promise<Answer>; abort: () => void } {
  const req = http.request(`${url}/api/meetings/${meetingId}/documents?filename=slow.pdf`, {
    method: 'POST',
    agent: false,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'content-length': 50 * 1024 * 1024 },
  });
  req.write('%PDF-1.7\n');
  const timer = setInterval(() => req.write(Buffer.alloc(4096, 0x20)), 200);
  const response = new Promise<Answer>((resolve) => {
    req.on('response', (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.on('close', () => clearInterval(timer));
  });
  return {
    response,
    abort: () => {
      clearInterval(timer);
      req.destroy();
    },
  };
}

describe('slow clients and uploads at once', () => {
  const suite = serverForFile({ http: { bodyIdleTimeoutMs: 1000, headersTimeoutMs: 1500, uploadsPerUser: 2 } });
  let meetingId: string;
  let token: string;

  beforeAll(async () => {
    const sec = await createUser(suite.server.store, 'sec');
    meetingId = await createMeeting(suite.server.store, [[sec, 'secretariat']], { status: 'draft' });
    token = await login(suite.server.url, 'sec');
  });

  it('closes bodies trickled at a few bytes a second within the body idle time, for JSON and uploads alike', async () => {
    const json = 'POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
    const pdf = `POST /api/meetings/${meetingId}/documents?filename=slow.pdf HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/pdf\r\nContent-Length: 100000\r\n\r\n%PDF`;
    const sockets = [...Array.from({ length: 30 }, () => trickle(suite.server.port, json, 250)), ...Array.from({ length: 5 }, () => trickle(suite.server.port, pdf, 250))];
    try {
      const times = await Promise.race([
        Promise.all(sockets.map((s) => s.closedAfterMs)),
        new Promise<null>((r) => setTimeout(() => r(null), 15_000)),
      ]);
      // Without the guard these stay open as long as the trickle goes on (the test's 15 s).
      expect(times).not.toBeNull();
      for (const t of times!) expect(t).toBeLessThan(10_000);
      // Nothing else suffered.
      expect((await request(suite.server.url, 'GET', '/api/health')).status).toBe(200);
    } finally {
      for (const s of sockets) s.stop();
    }
  });

  it('closes a connection whose headers never finish', async () => {
    const s = trickle(suite.server.port, 'GET /api/health HTTP/1.1\r\nHost: x\r\n', 250);
    try {
      const t = await Promise.race([s.closedAfterMs, new Promise<null>((r) => setTimeout(() => r(null), 15_000))]);
      expect(t).not.toBeNull();
      expect(t!).toBeLessThan(10_000);
    } finally {
      s.stop();
    }
  });

  it('answers 429 to a third upload at once by the same user, and takes uploads again once one ends', async () => {
    const a = uploadInProgress(suite.server.url, meetingId, token);
    const b = uploadInProgress(suite.server.url, meetingId, token);
    try {
      // Both have passed the check once the server has read some of their bodies.
      await new Promise((r) => setTimeout(r, 600));
      const bytes = await readFile(path.join(fixtures, 'TAMReview.pdf'));
      const third = await request(suite.server.url, 'POST', `/api/meetings/${meetingId}/documents?filename=review.pdf`, { token, body: bytes, type: 'application/pdf' });
      expect(third.status).toBe(429);
      expect(third.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(third.body).error).toEqual({
        code: 'rate_limited',
        message: expect.stringMatching(/^Too many uploads at once: at most 2 per user\. Wait for one to finish\. Try again in \d+ seconds?\.$/),
      });
      // Other calls by the same user go on.
      expect((await request(suite.server.url, 'GET', '/api/session', { token })).status).toBe(200);

      a.abort();
      await a.response;
      await new Promise((r) => setTimeout(r, 200));
      const again = await request(suite.server.url, 'POST', `/api/meetings/${meetingId}/documents?filename=review.pdf`, { token, body: bytes, type: 'application/pdf' });
      expect(again.status).toBe(201);
    } finally {
      a.abort();
      b.abort();
    }
  });
});

describe('request rates', () => {
  const suite = serverForFile({ http: { userRequestsPerSecond: 5, userBurst: 20, addressRequestsPerSecond: 5, addressBurst: 20 } });
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    for (const u of ['u1', 'u2']) {
      await createUser(suite.server.store, u);
      tokens[u] = await login(suite.server.url, u);
    }
  });

  it('limits one user with 429 and Retry-After, and leaves other users alone', async () => {
    const answers = await Promise.all(Array.from({ length: 60 }, () => request(suite.server.url, 'GET', '/api/session', { token: tokens.u1 })));
    const limited = answers.filter((a) => a.status === 429);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(20);
    expect(limited.length).toBeGreaterThanOrEqual(30);
    expect(limited[0]!.retryAfter).toMatch(/^\d+$/);
    expect(JSON.parse(limited[0]!.body).error.message).toMatch(/^Too many requests: at most 5 a second per user\. Try again in \d+ seconds?\.$/);
    expect((await request(suite.server.url, 'GET', '/api/session', { token: tokens.u2 })).status).toBe(200);
  });

  it('limits requests without a valid session per address, forged tokens included, and not other addresses', async () => {
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => request(suite.server.url, 'GET', i % 2 ? '/api/health' : '/api/session', { from: '127.0.0.7', token: i % 2 ? undefined : 'forged' })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(30);
    expect(JSON.parse(limited[0]!.body).error.message).toMatch(/^Too many requests from this network address: at most 5 a second before sign-in\. Try again in \d+ seconds?\.$/);
    expect((await request(suite.server.url, 'GET', '/api/health', { from: '127.0.0.8' })).status).toBe(200);
    // A public call with a made-up bearer is still counted against the address.
    const forgedHealth = await Promise.all(Array.from({ length: 40 }, () => request(suite.server.url, 'GET', '/api/health', { from: '127.0.0.9', token: 'forged' })));
    expect(forgedHealth.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(10);
    // A signed-in user behind that same address is counted as a user, not as the address.
    expect((await request(suite.server.url, 'GET', '/api/session', { from: '127.0.0.7', token: tokens.u2 })).status).toBe(200);
  });
});

describe('default limits', () => {
  const suite = serverForFile();

  it('do not refuse a busy but normal client: 600 calls in bursts of 100, half signed in, half before sign-in from one address', async () => {
    const user = await createUser(suite.server.store, 'busy');
    await createMeeting(suite.server.store, [[user, 'delegate']]);
    const token = await login(suite.server.url, 'busy');
    const statuses = new Map<number, number>();
    const count = (s: number) => statuses.set(s, (statuses.get(s) ?? 0) + 1);
    for (let round = 0; round < 6; round++) {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => request(suite.server.url, 'GET', i % 2 ? '/api/meetings' : '/api/health', i % 2 ? { token } : {})),
      );
      for (const a of answers) count(a.status);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 200: 600 });
  });
});
