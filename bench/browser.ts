/** Starts the built app (`vite preview`) and a headless Chromium for the benchmark. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
  '--enable-precise-memory-info',
];

export async function startPreview(port: number): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], {
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
  return { url, stop: () => process.kill(-child.pid!, 'SIGTERM') };
}

/** A system Chromium, or CHROMIUM_PATH; `--gpu` keeps the GPU on (for a machine with a real one). */
export async function launchBrowser(gpu: boolean): Promise<Browser> {
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
    (p): p is string => !!p && existsSync(p),
  );
  return chromium.launch({
    executablePath,
    args: gpu ? [...CHROMIUM_ARGS, '--ignore-gpu-blocklist', '--enable-gpu'] : [...CHROMIUM_ARGS, '--disable-gpu'],
  });
}
