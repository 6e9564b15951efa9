import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

// Debian's chromium, never a downloaded browser. Missing → fail loudly with the install command.
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(`Chromium not found at ${chromium}. Install it with: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
}

const root = resolve(import.meta.dirname, '../..');
const port = 4173;

export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: resolve(root, 'test-results/e2e'),
  // Hang guards, not speed checks: CI is a busy 2-core machine, and an assertion waits for what it expects.
  timeout: 60_000,
  expect: { timeout: 20_000 },
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: chromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `node_modules/.bin/vite build --mode mock --outDir dist-mock --logLevel warn && node_modules/.bin/vite preview --mode mock --outDir dist-mock --port ${port} --strictPort`,
    cwd: root,
    url: `http://127.0.0.1:${port}/launch/mock-ehr.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
  },
});
