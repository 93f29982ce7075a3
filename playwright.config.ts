import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './test/e2e/support/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  // Each test runs its own server and device hosts; two cores leave no room for parallel runs.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  // Screenshot baselines (test/e2e/visual.spec.ts) are committed beside the specs, one set:
  // CI and this machine both use Debian's chromium and fonts-dejavu-core. The small ratio
  // absorbs antialiasing, not a moved border.
  snapshotPathTemplate: '{testDir}/__screenshots__/{testFilePath}/{arg}{ext}',
  expect: { timeout: 10_000, toHaveScreenshot: { maxDiffPixelRatio: 0.002 } },
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    viewport: { width: 1440, height: 900 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
  },
});
