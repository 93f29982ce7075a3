/**
 * Is the agenda screen still responsive with 500 items? Real Chromium, real browser-mode
 * host and server. We measure frame times (requestAnimationFrame gaps) and long tasks
 * while the secretary renames items in the UI and while another secretary's edits arrive.
 * Baseline in the same run: the same edits on a 10-item agenda.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { reportBench } from './harness';
import { signInOnScreen, startUiStack } from './ui-stack';

/** What the page-side functions below use; this file is type-checked without the DOM library. */
interface PageGlobals {
  __frames: number[];
  __long: number[];
  requestAnimationFrame(cb: (t: number) => void): void;
  PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void };
  document: { querySelectorAll(selector: string): { length: number }; querySelector(selector: string): { textContent: string | null } | null };
}

const EDITS = 15;
const ROUNDS = 3;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-ui-'));
const stack = await startUiStack(tmp, 'other', 'secretary');
const { host, browser, core: other } = stack;

async function meetingWith(items: number): Promise<string> {
  const { id } = await other.api.meetings.create({ title: `Đo hiệu năng — ${items} mục` });
  await other.api.meetings.open({ meetingId: id });
  for (let i = 0; i < items; i++) {
    // One task per call, as calls arrive over IPC: a loop of in-process awaits would
    // otherwise hold every timer and socket until it ends.
    await new Promise<void>((r) => setImmediate(r));
    await other.api.agenda.add({ meetingId: id, parentId: null, title: `Mục chương trình số ${i + 1}` });
  }
  return id;
}

/**
 * Waits for a row to show a title with one plain DOM lookup per frame: Playwright's own
 * text engine would scan all 500 rows each time, and be what the frames measure.
 */
async function shows(page: Page, itemId: string, title: string): Promise<void> {
  await page.waitForFunction(
    ([id, text]) =>
      ((globalThis as unknown as PageGlobals).document.querySelector(`[data-testid="agenda-item"][data-item-id="${id}"] [data-testid="agenda-item-title"]`)?.textContent ?? '').includes(text!),
    [itemId, title],
    { polling: 'raf', timeout: 30_000 },
  );
}

async function measure(page: Page, meetingId: string, items: number) {
  // A fresh page load (the host's address carries its token in the fragment, so goto to it
  // again would not reload).
  await page.reload();
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
  const cdp = process.env.BENCH_PROFILE && items > 100 ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
  }
  const itemIds = await page.getByTestId('agenda-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id')!));
  for (let i = 0; i < EDITS; i++) {
    // A local rename through the UI…
    // (Found with one DOM lookup, not Playwright's engine, which would scan every row and
    // be what the frames measure; the typing is real keyboard input.)
    await page.evaluate((id) => {
      const el = (globalThis as unknown as PageGlobals).document.querySelector(`[data-testid="agenda-item"][data-item-id="${id}"] [data-testid="agenda-item-title"]`) as unknown as { scrollIntoView(o: object): void; click(): void };
      el.scrollIntoView({ block: 'center' });
      el.click();
    }, itemIds[i % itemIds.length]!);
    await page.waitForFunction(() => (globalThis as unknown as PageGlobals).document.querySelector('[data-testid="agenda-rename-input"]') !== null, null, { polling: 'raf' });
    await page.keyboard.type(`Đã sửa ${i}`);
    await page.keyboard.press('Enter');
    await shows(page, itemIds[i % itemIds.length]!, `Đã sửa ${i}`);
    // …and a remote one arriving from the other secretary.
    const remoteId = itemIds[(i * 7 + 3) % itemIds.length]!;
    await other.api.agenda.rename({ meetingId, itemId: remoteId, title: `Từ xa ${i}` });
    await shows(page, remoteId, `Từ xa ${i}`);
  }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop');
    fs.writeFileSync(path.join(tmp, 'ui.cpuprofile'), JSON.stringify(profile));
    console.log('profile', path.join(tmp, 'ui.cpuprofile'));
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
  await signInOnScreen(page, host.url, 'secretary');
  // Three rounds, alternating, each figure the median of its rounds: on a shared 2-core
  // machine one round can catch another process's burst.
  const smallId = await meetingWith(10);
  const largeId = await meetingWith(500);
  const rounds: { small: Awaited<ReturnType<typeof measure>>[]; large: Awaited<ReturnType<typeof measure>>[] } = { small: [], large: [] };
  for (let r = 0; r < ROUNDS; r++) {
    rounds.small.push(await measure(page, smallId, 10));
    rounds.large.push(await measure(page, largeId, 500));
  }
  const median = (runs: Awaited<ReturnType<typeof measure>>[]) => {
    const mid = (f: (x: (typeof runs)[number]) => number) => [...runs.map(f)].sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
    return {
      items: runs[0]!.items,
      maxFrameMs: mid((x) => x.maxFrameMs),
      p99FrameMs: mid((x) => x.p99FrameMs),
      framesOver50: mid((x) => x.framesOver50),
      longTasks: mid((x) => x.longTasks),
      longestTaskMs: mid((x) => x.longestTaskMs),
    };
  };
  const small = median(rounds.small);
  const large = median(rounds.large);
  const load = os.loadavg()[0]!.toFixed(1);
  const report = { name: 'Agenda screen responsiveness', small, large, rounds, ratioMaxFrame: +(large.maxFrameMs / small.maxFrameMs).toFixed(2) };
  const section = `## Agenda screen responsiveness (500 items)

Headless Chromium on the browser-mode host; ${EDITS} renames typed in the UI plus ${EDITS} renames arriving from another
secretary. Frame time = gap between animation frames; long task = main-thread task over 50 ms. Baseline: the same edits
on a 10-item agenda, same run. Target: no frame over 50 ms on edit. ${ROUNDS} rounds alternating the two agendas; each
figure is the median over the rounds. Rows are found with plain DOM lookups (Playwright's selector engine scanning 500
rows would itself make long tasks). 1-minute load average at the end: ${load} (2 cores, shared).

| agenda | longest frame (ms) | p99 frame (ms) | frames over 50 ms | long tasks | longest task (ms) |
|---|---:|---:|---:|---:|---:|
| 10 items | ${small.maxFrameMs} | ${small.p99FrameMs} | ${small.framesOver50} | ${small.longTasks} | ${small.longestTaskMs} |
| 500 items | ${large.maxFrameMs} | ${large.p99FrameMs} | ${large.framesOver50} | ${large.longTasks} | ${large.longestTaskMs} |
| **ratio (500 / 10)** | **${report.ratioMaxFrame}** | | | | |
`;
  reportBench('agenda-ui', report, section);
} finally {
  await stack.close();
}
process.exit(0);
