/**
 * Is the agenda screen still responsive with 500 items? Real Chromium, real browser-mode
 * host and server. We measure frame times (requestAnimationFrame gaps) and long tasks
 * while the secretary renames items in the UI and while another secretary's edits arrive.
 * Baseline in the same run: the same edits on a 10-item agenda.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startServer } from '../../server/app';
import { createCore } from '../../main/core';
import { startHost } from '../../main/host/host';
import { chromiumArgs, findChromium } from '../e2e/support/chromium';

/** What the page-side functions below use; this file is type-checked without the DOM library. */
interface PageGlobals {
  __frames: number[];
  __long: number[];
  requestAnimationFrame(cb: (t: number) => void): void;
  PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void };
  document: { querySelectorAll(selector: string): { length: number } };
}

const root = path.resolve(import.meta.dirname, '../..');
const EDITS = 15;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-ui-'));
const srv = await startServer({ dataDir: path.join(tmp, 'server'), port: 0, demo: true, log: () => undefined });
const other = await createCore({ dataDir: path.join(tmp, 'other'), mode: 'browser', log: () => undefined });
await other.api.session.login({ serverUrl: srv.url, username: 'secretary', password: 'demo' });
const host = await startHost({
  dataDir: path.join(tmp, 'device'),
  rendererDir: path.join(root, 'out/renderer'),
  defaultServerUrl: srv.url,
  log: () => undefined,
});
const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });

async function meetingWith(items: number): Promise<string> {
  const { id } = await other.api.meetings.create({ title: `Đo hiệu năng — ${items} mục` });
  await other.api.meetings.open({ meetingId: id });
  for (let i = 0; i < items; i++) {
    const parentId = null;
    await other.api.agenda.add({ meetingId: id, parentId, title: `Mục chương trình số ${i + 1}` });
  }
  return id;
}

async function measure(page: Page, meetingId: string, items: number) {
  await page.goto(host.url);
  await page.getByTestId('meeting-list').waitFor();
  await page.locator(`[data-testid="meeting-card"][data-meeting-id="${meetingId}"]`).click();
  await page.waitForFunction(
    (n) => (globalThis as unknown as PageGlobals).document.querySelectorAll('[data-testid="agenda-item"]').length >= n,
    items,
    { timeout: 60_000 },
  );
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__frames = [];
    w.__long = [];
    let last = performance.now();
    const tick = (t: number) => {
      w.__frames.push(t - last);
      last = t;
      w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
    new w.PerformanceObserver((list) => list.getEntries().forEach((e) => w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
  });
  const itemIds = await page.getByTestId('agenda-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')!));
  for (let i = 0; i < EDITS; i++) {
    // A local rename through the UI…
    const row = page.locator(`[data-testid="agenda-item"][data-item-id="${itemIds[i % itemIds.length]}"]`);
    await row.getByTestId('agenda-item-title').click();
    const input = page.getByTestId('agenda-rename-input');
    await input.fill(`Đã sửa ${i}`);
    await input.press('Enter');
    await row.getByTestId('agenda-item-title').getByText(`Đã sửa ${i}`).waitFor();
    // …and a remote one arriving from the other secretary.
    const remoteId = itemIds[(i * 7 + 3) % itemIds.length]!;
    await other.api.agenda.rename({ meetingId, itemId: remoteId, title: `Từ xa ${i}` });
    await page.locator(`[data-testid="agenda-item"][data-item-id="${remoteId}"]`).getByText(`Từ xa ${i}`).waitFor();
  }
  const { frames, long } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    return { frames: w.__frames.slice(1), long: w.__long };
  });
  frames.sort((a, b) => a - b);
  return {
    items,
    maxFrameMs: +frames.at(-1)!.toFixed(1),
    p99FrameMs: +frames[Math.floor(frames.length * 0.99)]!.toFixed(1),
    framesOver50: frames.filter((f) => f > 50).length,
    longTasks: long.length,
    longestTaskMs: +(Math.max(0, ...long)).toFixed(1),
  };
}

try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(host.url);
  await page.getByTestId('login-username').fill('secretary');
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('meeting-list').waitFor();
  const small = await measure(page, await meetingWith(10), 10);
  const large = await measure(page, await meetingWith(500), 500);
  const report = { name: 'Agenda screen responsiveness', small, large, ratioMaxFrame: +(large.maxFrameMs / small.maxFrameMs).toFixed(2) };
  const section = `## Agenda screen responsiveness (500 items)

Headless Chromium on the browser-mode host; ${EDITS} renames typed in the UI plus ${EDITS} renames arriving from another
secretary. Frame time = gap between animation frames; long task = main-thread task over 50 ms. Baseline: the same edits
on a 10-item agenda, same run. Target: no frame over 50 ms on edit.

| agenda | longest frame (ms) | p99 frame (ms) | frames over 50 ms | long tasks | longest task (ms) |
|---|---:|---:|---:|---:|---:|
| 10 items | ${small.maxFrameMs} | ${small.p99FrameMs} | ${small.framesOver50} | ${small.longTasks} | ${small.longestTaskMs} |
| 500 items | ${large.maxFrameMs} | ${large.p99FrameMs} | ${large.framesOver50} | ${large.longTasks} | ${large.longestTaskMs} |
| **ratio (500 / 10)** | **${report.ratioMaxFrame}** | | | | |
`;
  fs.mkdirSync(path.join(root, 'out/bench'), { recursive: true });
  fs.writeFileSync(path.join(root, 'out/bench/agenda-ui.json'), JSON.stringify({ ...report, section }, null, 2));
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.close();
  await host.close();
  await other.close();
  await srv.close();
}
process.exit(0);
