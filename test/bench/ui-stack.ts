/**
 * What the UI benchmarks drive: a real server with the demo data, a second core (another
 * device of the secretariat, which seeds what the screen shows), the browser-mode host
 * serving the built renderer, and Chromium — each with its own folder under `tmp`.
 */
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer } from '../../server/app';
import { createCore } from '../../main/core';
import { startHost } from '../../main/host/host';
import { chromiumArgs, findChromium } from '../e2e/support/chromium';
import { root } from './harness';

/** `coreDir` names the second core's folder; it signs in as `username` when one is given. */
export async function startUiStack(tmp: string, coreDir: string, username?: string) {
  const srv = await startServer({ dataDir: path.join(tmp, 'server'), port: 0, demo: true, log: () => undefined });
  const core = await createCore({ dataDir: path.join(tmp, coreDir), mode: 'browser', log: () => undefined });
  if (username) await core.api.session.login({ serverUrl: srv.url, username, password: 'demo' });
  const host = await startHost({
    dataDir: path.join(tmp, 'device'),
    rendererDir: path.join(root, 'out/renderer'),
    defaultServerUrl: srv.url,
    log: () => undefined,
  });
  const browser = await chromium.launch({ executablePath: findChromium(), args: chromiumArgs });
  /** Browser first, server last: each goes before what it talks to. */
  const close = async () => {
    await browser.close();
    await host.close();
    await core.close();
    await srv.close();
  };
  return { srv, core, host, browser, close };
}

/** Opens the host in `page` and signs in on its login screen; resolves once the meeting list shows. */
export async function signInOnScreen(page: Page, hostUrl: string, username: string, password = 'demo'): Promise<void> {
  await page.goto(hostUrl);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('meeting-list').waitFor();
}

/** A 1440 × 900 page of the browser-mode host at `url`, signed in and on the meeting list. */
export async function signedInPage(browser: Browser, url: string, username = 'secretary', password = 'demo'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await signInOnScreen(page, url, username, password);
  return page;
}
