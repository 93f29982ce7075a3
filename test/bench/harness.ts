/** Pieces every benchmark needs: a child process started from the build, and percentiles. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';

export const root = path.resolve(import.meta.dirname, '../..');

/** Starts `node <args>` in the project root; resolves with the first match of `ready` in its output. */
export function startProcess(args: string[], ready: RegExp): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d.toString();
      const m = out.match(ready);
      if (m) resolve({ url: m[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`process exited ${code}: ${out.slice(-2000)}`)));
  });
}

/** The p-th percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** A 1440 × 900 page of the browser-mode host at `url`, signed in and on the meeting list. */
export async function signedInPage(browser: Browser, url: string, username = 'secretary', password = 'demo'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('meeting-list').waitFor();
  return page;
}
