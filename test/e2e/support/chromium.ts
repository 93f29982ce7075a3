/**
 * Which Chromium the end-to-end tests drive: Playwright's own download if present, else
 * $CHROMIUM_PATH, else Debian's /usr/bin/chromium (machines that cannot download browsers).
 */
import fs from 'node:fs';
import { chromium } from 'playwright-core';

export function findChromium(): string | undefined {
  try {
    const own = chromium.executablePath();
    if (own && fs.existsSync(own)) return undefined; // Playwright finds its own
  } catch {
    // not installed: fall through
  }
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((p): p is string => !!p && fs.existsSync(p));
  if (!found) {
    throw new Error('No Chromium found: run `npx playwright install chromium`, set CHROMIUM_PATH, or `apt-get install chromium`.');
  }
  return found;
}

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
