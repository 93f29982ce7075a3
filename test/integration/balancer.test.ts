/**
 * The balancer setup the README documents (issue 13): HAProxy from Debian in TCP mode with
 * the configuration server/ops/haproxy.ts writes, in front of two nodes. A node that drains
 * (SIGTERM) is taken out through /api/ready and its clients end up on the other node; when
 * it comes back it is put back; y-websocket upgrades pass through.
 *
 * The two nodes here are plain embedded servers with different accounts, so which node
 * answered shows in the answer: "only-b" can sign in on node B alone.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haproxyConfig } from '../../server/ops/haproxy';
import type { RunningServer } from '../../server/app';
import { haproxyMissing, startHaproxy, type TestHaproxy } from '../support/haproxy';
import { freePort } from '../support/services';
import { connect, createMeeting, createUser, password, start, tempDir, waitFor } from './server/helpers';

describe('haproxyConfig', () => {
  it('writes a TCP balancer that checks /api/ready, and refuses nodes it could not name safely', () => {
    const cfg = haproxyConfig({ bindHost: '0.0.0.0', bindPort: 8080, nodes: [{ name: 'n1', host: '10.0.0.1', port: 8081 }, { name: 'n2', host: '::1', port: 8082 }] });
    expect(cfg).toContain('mode tcp');
    expect(cfg).toContain('http-check send meth GET uri /api/ready');
    expect(cfg).toContain('server n1 10.0.0.1:8081 check');
    expect(cfg).toContain('server n2 [::1]:8082 check');
    expect(() => haproxyConfig({ bindHost: '0.0.0.0', bindPort: 1, nodes: [] })).toThrow(/at least one node/);
    expect(() => haproxyConfig({ bindHost: '0.0.0.0', bindPort: 1, nodes: [{ name: 'a b', host: 'x', port: 1 }] })).toThrow(/Node name "a b"/);
    expect(() => haproxyConfig({ bindHost: '0.0.0.0', bindPort: 1, nodes: [{ name: 'a', host: 'x\nserver evil', port: 1 }] })).toThrow(/not a host name/);
    expect(() => haproxyConfig({ bindHost: '0.0.0.0', bindPort: 1, nodes: [{ name: 'a', host: 'x', port: 70000 }] })).toThrow(/port/);
  });
});

const missing = haproxyMissing();

describe.skipIf(missing !== null)(`HAProxy in front of two nodes${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let a: RunningServer;
  let b: RunningServer;
  let aPort: number;
  let aDir: string;
  let lb: TestHaproxy;
  const removers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const da = await tempDir();
    const db = await tempDir();
    removers.push(da.remove, db.remove);
    aDir = da.dir;
    aPort = await freePort();
    a = await start(da.dir, { port: aPort, drainGraceMs: 6000, processMetrics: false });
    b = await start(db.dir, { processMetrics: false });
    await createUser(b.store, 'only-b');
    lb = await startHaproxy({ nodes: [{ name: 'a', host: '127.0.0.1', port: aPort }, { name: 'b', host: '127.0.0.1', port: b.port }], interMs: 200, fall: 2, rise: 1, maxConnections: 2000 });
  });
  afterAll(async () => {
    await lb?.stop();
    await a?.close();
    await b?.close();
    for (const r of removers) await r();
  });

  /** Status of a sign-in as only-b through the balancer, on a fresh TCP connection (so the balancer chooses again). */
  const signIn = () =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ username: 'only-b', password });
      const req = http.request(`${lb.url}/api/login`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const answers = async (n: number) => {
    const out = new Set<number>();
    for (let i = 0; i < n; i++) out.add(await signIn().catch(() => -1));
    return out;
  };

  it('spreads clients over ready nodes, takes a draining node out, and puts it back when it returns', async () => {
    // Both nodes answer: node A does not know only-b (401), node B does (200).
    await waitFor(async () => {
      const seen = await answers(6);
      return seen.has(200) && seen.has(401);
    }, 20_000, 'both nodes in service');

    let closed = false;
    const drained = a.drain().then(() => (closed = true));
    // Once the balancer has seen A's 503, every sign-in lands on B — while A still serves
    // (the grace period is 6 s against checks every 200 ms), so it was /api/ready that took
    // A out, not a refused connection.
    await waitFor(async () => {
      const seen = await answers(8);
      return seen.size === 1 && seen.has(200);
    }, 20_000, 'node A out of service');
    expect(closed).toBe(false);
    await drained;
    expect(await answers(8)).toEqual(new Set([200]));

    // A client of a meeting on B syncs through the balancer (TCP mode passes the upgrade).
    const owner = await createUser(b.store, 'lb-sec');
    const meetingId = await createMeeting(b.store, [[owner, 'secretariat']]);
    const token = (await (await fetch(`${b.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lb-sec', password }) })).json()) as { token: string };
    const client = connect(lb.url, `meeting/${meetingId}`, token.token);
    await client.synced;
    client.destroy();

    // Node A comes back on its address: the balancer puts it back.
    a = await start(aDir, { port: aPort, processMetrics: false });
    await waitFor(async () => (await answers(6)).has(401), 20_000, 'node A back in service');
  });
});
