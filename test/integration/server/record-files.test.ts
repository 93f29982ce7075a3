/**
 * The files of a record on a real server: notices and minutes are laid out and signed in
 * worker threads (render-pool.ts), so while several records render the server keeps
 * answering other requests — only the order of answers is checked (a render takes a good
 * fraction of a second, a health check a few milliseconds), never how long anything took;
 * and the Word files of a draft and of a finalised record, for those allowed to have them.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OfficialRecord } from '../../../shared/organisations';
import type { RunningServer } from '../../../server/app';
import { demoPassword } from '../../../server/demo/accounts';
import { pdfToText, pdfsig } from '../../support/pdf-tools';
import { approveMinutesDraft, call } from '../server-records/helpers';
import { login, sleep, start, tempDir } from './helpers';

let server: RunningServer;
let remove: () => Promise<void>;
let chair: string;
let member: string;
let otherOrg: string;
let finalised: OfficialRecord;

beforeAll(async () => {
  let dir: string;
  ({ dir, remove } = await tempDir());
  server = await start(dir, { demo: true, demoSize: 4 });
  chair = await login(server.url, 'ubnd.chair', demoPassword);
  member = await login(server.url, 'ubnd.member1', demoPassword);
  otherOrg = await login(server.url, 'tu.secretary', demoPassword);
}, 120_000);

afterAll(async () => {
  await server.close();
  await remove();
});

it('answers /api/health while records are rendered and signed, and the records come out whole', async () => {
  const m = server.demo!.organisations.provinceMeetingId;
  // The minutes are finalised only on the chair's and the secretary's approval.
  const secretary = await login(server.url, 'ubnd.secretary', demoPassword);
  await approveMinutesDraft(server.url, m, secretary, chair);
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
  finalised = fin.body;
}, 120_000);

describe('Word files', () => {
  const get = async (path: string, token: string) => {
    const r = await fetch(server.url + path, { headers: { authorization: `Bearer ${token}` } });
    return { status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition'), bytes: new Uint8Array(await r.arrayBuffer()) };
  };
  const documentXml = async (bytes: Uint8Array) => (await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, ' ');

  it('the draft, for the chair or secretariat: DỰ THẢO, no number', async () => {
    const m = server.demo!.organisations.provinceMeetingId;
    const r = await get(`/api/meetings/${m}/official-records/notice/docx`, chair);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.disposition).toContain('thong-bao-du-thao.docx');
    const xml = await documentXml(r.bytes);
    expect(xml).toContain('DỰ THẢO');
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(xml).not.toMatch(/Số: \d/);
    expect((await get(`/api/meetings/${m}/official-records/notice/docx`, member)).status).toBe(403);
  });

  it("a finalised record's text with its number, for its meeting's participants only", async () => {
    expect(finalised).toBeDefined();
    const r = await get(`/api/official-records/${finalised.id}/docx`, member);
    expect(r.status).toBe(200);
    expect(r.disposition).toContain('.docx');
    const xml = await documentXml(r.bytes);
    expect(xml).toContain(`Số: ${finalised.number}`);
    expect(xml).toContain('BIÊN BẢN');
    expect(xml).not.toContain('DỰ THẢO');
    const other = await get(`/api/official-records/${finalised.id}/docx`, otherOrg);
    const none = await get('/api/official-records/no-such-record/docx', otherOrg);
    expect(other.status).toBe(404);
    expect(Buffer.from(other.bytes).toString()).toBe(Buffer.from(none.bytes).toString());
  });
});
