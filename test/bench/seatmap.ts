/**
 * The seat map of a 3,152-seat hall (issue 5): real Chromium, real browser-mode host and
 * server. How long from choosing the room until the map is painted, and how smooth panning
 * (mouse drag) and wheel zooming are: the seat map's own draw time per frame (it sets
 * `data-frame-ms` on the canvas after each draw) and the gaps between animation frames.
 * Baseline in the same run: the same steps on a 60-seat room.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { writeBenchResult } from './harness';
import { signInOnScreen, startUiStack } from './ui-stack';

/** What the page-side functions below use; this file is type-checked without the DOM library. */
interface PageGlobals {
  __draws: { t: number; ms: number; seats: number }[];
  __gaps: number[];
  __recording: boolean;
  __long: number[];
  PerformanceObserver: new (cb: (list: { getEntries(): { duration: number }[] }) => void) => { observe(o: object): void };
  requestAnimationFrame(cb: (t: number) => void): void;
  MutationObserver: new (cb: (records: { target: { getAttribute(n: string): string | null } }[]) => void) => { observe(node: unknown, o: object): void };
  document: { body: unknown };
}

const PAN_STEPS = 60;
const WHEEL_STEPS = 12;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'oc-bench-seatmap-'));
const stack = await startUiStack(tmp, 'core', 'secretary');
const { host, browser, core } = stack;

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (s: number[], p: number) => (s.length ? +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(1) : 0);

/** A hall as the congress has it: a presidium row facing four blocks of 20 × 39 with aisles (3,152 seats). */
async function bigHall(meetingId: string): Promise<string> {
  const { roomId } = await core.api.seating.addRoom({ meetingId, siteId: null, name: 'Hội trường Diên Hồng (3.152 chỗ)' });
  await core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'CT', rows: 1, cols: 32, x: 26, y: 0, kind: 'presidium', aisleEvery: 0 } });
  const blocks = [
    { name: 'A', x: 0, y: 3 },
    { name: 'B', x: 43, y: 3 },
    { name: 'C', x: 0, y: 25 },
    { name: 'D', x: 43, y: 25 },
  ];
  // 39 seats a row with an aisle after every 13: 41 columns wide.
  for (const b of blocks) await core.api.seating.generateBlock({ meetingId, roomId, block: { ...b, rows: 20, cols: 39, kind: 'seat', aisleEvery: 13 } });
  return roomId;
}

async function smallRoom(meetingId: string): Promise<string> {
  const { roomId } = await core.api.seating.addRoom({ meetingId, siteId: null, name: 'Phòng họp nhỏ (60 chỗ)' });
  await core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'CT', rows: 1, cols: 6, x: 2, y: 0, kind: 'presidium', aisleEvery: 0 } });
  await core.api.seating.generateBlock({ meetingId, roomId, block: { name: 'A', rows: 6, cols: 9, x: 0, y: 2, kind: 'seat', aisleEvery: 3 } });
  return roomId;
}

async function measure(page: Page, roomId: string, seats: number) {
  // Wait until the room has reached this device, then choose it and time the first draw.
  await page.locator(`[data-testid="room-select"] option[value="${roomId}"]`).waitFor({ state: 'attached', timeout: 60_000 });
  const t0 = await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).__draws.length = 0;
    return performance.now();
  });
  await page.getByTestId('room-select').selectOption(roomId);
  await page.waitForFunction((n) => (globalThis as unknown as PageGlobals).__draws.some((d) => d.seats === n), seats, { timeout: 60_000 });
  const firstDraw = await page.evaluate((n) => (globalThis as unknown as PageGlobals).__draws.find((d) => d.seats === n)!, seats);
  const firstPaintMs = +(firstDraw.t - t0).toFixed(1);
  await page.waitForTimeout(500);

  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__draws.length = 0;
    w.__gaps.length = 0;
    w.__long.length = 0;
    w.__recording = true;
  });
  const box = (await page.getByTestId('seat-map').boundingBox())!;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  // Pan: a drag across the map and back, one pointer move per display frame (~16 ms).
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  for (let i = 1; i <= PAN_STEPS; i++) {
    const dx = (i <= PAN_STEPS / 2 ? i : PAN_STEPS - i) * 8;
    await page.mouse.move(cx + dx, cy + dx / 3);
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  // Zoom: wheel in, then out, about the centre.
  for (let i = 0; i < 2 * WHEEL_STEPS; i++) {
    await page.mouse.wheel(0, i < WHEEL_STEPS ? -120 : 120);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const { draws, gaps, long } = await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__recording = false;
    return { draws: w.__draws.map((d) => d.ms), gaps: w.__gaps.slice(1), long: w.__long.slice() };
  });
  const d = sorted(draws);
  const g = sorted(gaps);
  return {
    seats,
    firstPaintMs,
    firstDrawMs: +firstDraw.ms.toFixed(2),
    draws: d.length,
    drawP50: pct(d, 50),
    drawP99: pct(d, 99),
    drawMax: +(d.at(-1) ?? 0).toFixed(1),
    frames: g.length,
    frameP50: pct(g, 50),
    frameP99: pct(g, 99),
    frameMax: +(g.at(-1) ?? 0).toFixed(1),
    framesOver50: g.filter((x) => x > 50).length,
    longTasks: long.length,
    longestTaskMs: +Math.max(0, ...long).toFixed(1),
  };
}

try {
  const { meetings } = await core.api.meetings.list();
  const meetingId = (meetings.find((m) => m.status !== 'closed') ?? meetings[0]!).id;
  await core.api.meetings.open({ meetingId });
  const small = await smallRoom(meetingId);
  const big = await bigHall(meetingId);

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInOnScreen(page, host.url, 'secretary');
  await page.locator(`[data-testid="meeting-card"][data-meeting-id="${meetingId}"]`).click();
  await page.getByTestId('tab-seating').click();
  await page.getByTestId('room-select').waitFor();
  // Every draw of any seat map (its end: the map sets data-frame-ms last), and every
  // animation-frame gap while recording.
  await page.evaluate(() => {
    const w = globalThis as unknown as PageGlobals;
    w.__draws = [];
    w.__gaps = [];
    w.__recording = false;
    w.__long = [];
    // Main-thread tasks over 50 ms: tells a slow page from a starved one (a long frame gap
    // without a long task is the browser not getting the CPU, not our code).
    new w.PerformanceObserver((list) => list.getEntries().forEach((e) => w.__recording && w.__long.push(e.duration))).observe({ type: 'longtask', buffered: false });
    new w.MutationObserver((records) => {
      const t = performance.now();
      for (const r of records) w.__draws.push({ t, ms: Number(r.target.getAttribute('data-frame-ms')), seats: Number(r.target.getAttribute('data-seats')) });
    }).observe(w.document.body, { subtree: true, attributes: true, attributeFilter: ['data-frame-ms'] });
    let last = performance.now();
    const tick = (t: number) => {
      if (w.__recording) w.__gaps.push(t - last);
      last = t;
      w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });

  // Warm-up, untimed: the first room shown after the tab opens also pays for the tab's own
  // first render and the canvas's first context, which is not the room's cost.
  for (const r of [small, big]) {
    await page.locator(`[data-testid="room-select"] option[value="${r}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    await page.getByTestId('room-select').selectOption(r);
    await page.waitForTimeout(300);
  }
  const load = os.loadavg()[0]!;
  const base = await measure(page, small, 60);
  const large = await measure(page, big, 3152);
  const ratio = (a: number, b: number) => (b > 0 ? +(a / b).toFixed(2) : null);
  const report = {
    name: 'Seat map',
    small: base,
    large,
    ratioFirstPaint: ratio(large.firstPaintMs, base.firstPaintMs),
    ratioDrawP99: ratio(large.drawP99, base.drawP99),
    ratioFrameP99: ratio(large.frameP99, base.frameP99),
    loadAverage: +load.toFixed(1),
  };
  console.log(JSON.stringify(report, null, 2));
  const row = (r: typeof base) =>
    `| ${r.seats.toLocaleString('en')} seats | ${r.firstPaintMs} | ${r.draws} | ${r.drawP50} / ${r.drawP99} / ${r.drawMax} | ${r.frameP50} / ${r.frameP99} / ${r.frameMax} | ${r.framesOver50} | ${r.longTasks} (${r.longestTaskMs}) |`;
  const section = `## Seat map (3,152 seats)

Headless Chromium on the browser-mode host against a real server; the secretary opens the meeting's seating tab. A hall
of 3,152 seats (a presidium row of 32 and four blocks of 20 × 39 with aisles) is made through the core. First paint =
from choosing the room in the room list to the end of the map's first draw of it. Then a mouse drag across the map and
back (${PAN_STEPS} pointer moves, one per ~16 ms) and ${2 * WHEEL_STEPS} wheel steps in and out. Draw = the map's own time per draw (\`data-frame-ms\`);
frame = gap between animation frames while panning and zooming. Baseline: the same steps on a 60-seat room, same run.

Each room is shown once untimed first (the tab's own first render is not the room's cost). Long task = main-thread task
over 50 ms while panning and zooming. 1-minute load average when measuring: ${report.loadAverage} (2 cores, shared).

| room | first paint (ms) | draws | draw p50 / p99 / max (ms) | frame p50 / p99 / max (ms) | frames over 50 ms | long tasks (longest ms) |
|---|---:|---:|---:|---:|---:|---:|
${row(base)}
${row(large)}
| **ratio (3,152 / 60)** | **${report.ratioFirstPaint}** | | **${report.ratioDrawP99}** (p99) | **${report.ratioFrameP99}** (p99) | | |
`;
  writeBenchResult('seatmap', { ...report, section });
} finally {
  await stack.close();
}
process.exit(0);
