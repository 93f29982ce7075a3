/**
 * Notices and minutes are laid out and signed in worker threads (render-pool.ts): while
 * several records render, the server keeps answering other requests. Only the order of
 * answers is checked — a render takes a good fraction of a second, a health check a few
 * milliseconds — never how long anything took.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { OfficialRecord } from '../../../shared/organisations';
import type { RunningServer } from '../../../server/app';
import { demoPassword } from '../../../server/demo/accounts';
import { pdfToText, pdfsig } from '../../support/pdf-tools';
import { call } from '../server-room/helpers';
import { login, sleep, start, tempDir } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
let chair: string;

beforeAll(async () => {
  let dir: string;
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true, demoSize: 4 });
  chair = await login(server.url, 'ubnd.chair', demoPassword);
}, 120_000);

afterAll(async () => {
  await server.close();
  await remove();
});

it('answers /api/health while records are rendered and signed, and the records come out whole', async () => {
  const m = server.demo!.organisations.provinceMeetingId;
  const order: string[] = [];
  const preview = (kind: string) =>
    fetch(`${server.url}/api/meetings/${m}/official-records/${kind}/preview`, { headers: { authorization: `Bearer ${chair}` } }).then(async (r) => {
      const bytes = new Uint8Array(await r.arrayBuffer());
      order.push('record');
      return { status: r.status, bytes };
    });
  const renders = Promise.all([
    preview('notice'),
    preview('minutes'),
    preview('notice'),
    call<OfficialRecord>(server.url, 'POST', `/api/meetings/${m}/official-records/minutes/finalise`, chair, {}).then((r) => {
      order.push('record');
      return r;
    }),
  ]);
  let allDone = false;
  void renders.finally(() => (allDone = true));
  // Health checks one after another (a breath apart, to spare the CPU) until every record is back.
  while (!allDone) {
    const h = await fetch(`${server.url}/api/health`);
    expect(h.status).toBe(200);
    await h.arrayBuffer();
    if (!allDone) order.push('health');
    await sleep(20);
  }
  const [n1, mi, n2, fin] = await renders;
  expect(order[0]).toBe('health');
  expect(order.lastIndexOf('health')).toBeGreaterThan(order.indexOf('record'));
  for (const p of [n1, mi, n2]) {
    expect(p.status).toBe(200);
    expect(pdfToText(p.bytes)).toContain('DỰ THẢO');
  }
  expect(fin.status).toBe(201);
  const signed = await fetch(`${server.url}/api/official-records/${fin.body.id}/pdf`, { headers: { authorization: `Bearer ${chair}` } });
  const bytes = new Uint8Array(await signed.arrayBuffer());
  expect(pdfToText(bytes)).toContain(`Số: ${fin.body.number}`);
  expect(pdfsig(bytes)).toMatch(/Signature is Valid/);
}, 120_000);
