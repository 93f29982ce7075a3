/**
 * Sign-in limits that slow guessing without locking anyone out (issues 11 and 18).
 * Addresses are simulated by binding the client socket to other loopback addresses
 * (127.0.0.0/8 all reach a server on 127.0.0.1 on Linux).
 */
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, password, serverForFile } from './helpers';

interface Answer {
  status: number;
  retryAfter: string | undefined;
  body: { token?: string; error?: { code: string; message: string } };
}

function signIn(url: string, from: string, username: string, pw: string, token?: string): Promise<Answer> {
  const body = JSON.stringify({ username, password: pw });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/login`,
      {
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Runs `n` attempts with a few in flight at once; answers in order of i. */
async function many(n: number, attempt: (i: number) => Promise<Answer>, parallel = 8): Promise<Answer[]> {
  const out: Answer[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await attempt(i);
      }
    }),
  );
  return out;
}

const tally = (answers: Answer[]) => answers.reduce<Record<number, number>>((t, a) => ({ ...t, [a.status]: (t[a.status] ?? 0) + 1 }), {});

describe('sign-in limits with default settings', () => {
  const suite = serverForFile();

  beforeAll(async () => {
    await createUser(suite.server.store, 'chair');
    await createUser(suite.server.store, 'known');
  });

  it('1,000 wrong guesses for chair from one address do not stop the right password from another', async () => {
    const answers = await many(1000, (i) => signIn(suite.server.url, '127.0.0.2', 'chair', `guess-${i}`));
    const t = tally(answers);
    // The first ten are checked (and wrong); everything after waits, password unchecked.
    expect(t[401]).toBe(10);
    expect(t[429]).toBe(990);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.retryAfter).toMatch(/^\d+$/);
    expect(limited.body.error).toEqual({
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many failed sign-in attempts for this user name from this device \(more than 10\)\. Try again in \d+ seconds?\.$/),
    });

    // The chair on the dais: another address, the right password, straight in.
    const chair = await signIn(suite.server.url, '127.0.0.3', 'chair', password);
    expect(chair.status).toBe(200);
    expect(chair.body.token).toEqual(expect.any(String));

    // The address that has been failing still waits, even with the right password…
    expect((await signIn(suite.server.url, '127.0.0.2', 'chair', password)).status).toBe(429);
    // …unless the device already holds a valid session of that user.
    expect((await signIn(suite.server.url, '127.0.0.2', 'chair', password, chair.body.token)).status).toBe(200);
  });

  it('260 failures over 260 user names from one address are throttled; names known there and other addresses are not', async () => {
    expect((await signIn(suite.server.url, '127.0.0.4', 'known', password)).status).toBe(200);
    const answers = await many(260, (i) => signIn(suite.server.url, '127.0.0.4', `sprayed${i}`, 'Summer2026!'), 4);
    const t = tally(answers);
    // Decided failures count, so up to (parallel - 1) attempts already in flight get through.
    expect(t[401]).toBeGreaterThanOrEqual(100);
    expect(t[401]).toBeLessThanOrEqual(103);
    expect(t[429]).toBe(260 - t[401]!);
    const limited = answers.find((a) => a.status === 429)!;
    expect(limited.retryAfter).toMatch(/^\d+$/);
    expect(limited.body.error?.message).toMatch(/^Too many failed sign-ins from this network address \(100 in 10 minutes\)\. Try again in \d+ seconds?\.$/);

    // Someone who has signed in from this address before is not shut out by the spray.
    expect((await signIn(suite.server.url, '127.0.0.4', 'known', password)).status).toBe(200);
    // Nor is anyone elsewhere.
    expect((await signIn(suite.server.url, '127.0.0.5', 'chair', password)).status).toBe(200);
  });
});

describe('a hall behind one address', () => {
  // A tight address limit, so the test shows successes never count towards it.
  const suite = serverForFile({ loginLimits: { addressMaxFailures: 5 } });

  beforeAll(async () => {
    for (let i = 0; i < 60; i++) await createUser(suite.server.store, `delegate${i}`);
  });

  it('signs everyone in when they type the right password, a few typos included', async () => {
    const answers = await many(60, (i) => signIn(suite.server.url, '127.0.0.6', `delegate${i}`, i % 15 === 7 ? 'typo' : password), 4);
    const t = tally(answers);
    expect(t[401]).toBe(4);
    expect(t[200]).toBe(56);
    // The ones who mistyped get in on their second try.
    for (const i of [7, 22, 37, 52]) expect((await signIn(suite.server.url, '127.0.0.6', `delegate${i}`, password)).status).toBe(200);
  });
});
