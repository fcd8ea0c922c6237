import { expect } from '@playwright/test';

/**
 * `expect.poll` reading every 50–200 ms. Playwright's default waits 100, 250, 500 and then 1,000 ms between
 * reads, so a wait for the app (a model ready, a training step) overshoots by up to a second; the reads are a
 * `page.evaluate` each, cheap next to that.
 */
export function poll<T>(read: () => T | Promise<T>, options: { timeout?: number; message?: string } = {}) {
  return expect.poll(read, { intervals: [50, 100, 200], ...options });
}
