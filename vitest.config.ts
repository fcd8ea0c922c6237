import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Vitest's default is one worker fewer than the cores: one on the 2-core CI machine. The tests are
    // single-threaded (TensorFlow.js's CPU and WebAssembly backends in Node), so two workers use both cores.
    maxWorkers: 2,
  },
});
