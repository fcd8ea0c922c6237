/** Starts the built app (`vite preview`) and a headless Chromium for the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, systemChromium } from '../e2e/chromium';

/** Serves the built app (`dist`, or `outDir`: another build, to measure it beside this one). */
export async function startPreview(port: number, outDir?: string): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', ...(outDir ? ['--outDir', outDir] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const url = `http://localhost:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // Already gone.
      }
    },
  };
}

/** A system Chromium, or CHROMIUM_PATH; `--gpu` keeps the GPU on (for a machine with a real one). */
export async function launchBrowser(gpu: boolean): Promise<Browser> {
  const args = [...CHROMIUM_ARGS, '--enable-precise-memory-info'];
  return chromium.launch({
    executablePath: systemChromium,
    args: gpu ? [...args, '--ignore-gpu-blocklist', '--enable-gpu'] : [...args, '--disable-gpu'],
  });
}
