import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from './e2e/chromium';

/**
 * End-to-end tests run the built app (`vite preview`) in Chromium. A system Chromium is used when present
 * (Debian's at /usr/bin/chromium, or CHROMIUM_PATH); otherwise Playwright's own, after `npx playwright install`.
 */
const PORT = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  // Two test files at a time: on the 2-core machine the suite took 15.7 min this way against 17.5 min one at a
  // time (2026-12-06; each test takes about 1.7× as long, but one waits while the other computes).
  workers: 2,
  // On CI a test that fails is run once more and, if it then passes, reported as flaky (Playwright's list shows
  // it): a timing race on the loaded 2-core machine must not sink the run, and still shows. Locally, none.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1440, height: 900 },
    locale: 'en-US',
    // The built app registers a service worker that keeps its files; tests start without it, so what they route
    // and count is what the page asks for. The offline tests in hub.spec.ts allow it.
    serviceWorkers: 'block',
    // Tests start as returning visitors (the guided tour has a test of its own).
    storageState: {
      cookies: [],
      origins: [{ origin: `http://localhost:${PORT}`, localStorage: [{ name: 'resnet-explorer.tour-done', value: '1' }] }],
    },
    launchOptions: {
      executablePath: systemChromium,
      args: [...CHROMIUM_ARGS, '--disable-gpu'],
    },
  },
  webServer: {
    // `vite build` alone: CI has typechecked already (`npm run typecheck`), and tsc takes most of a minute here.
    command: `npx vite build && npx vite preview --port ${PORT} --strictPort`,
    url: `http://localhost:${PORT}`,
    reuseExistingServer: !process.env.CI,
    timeout: 180_000,
  },
});
