/**
 * A tiny Vite plugin: after a production build, writes `sw.js` (from `sw.template.js`) listing every file of the
 * built app, so the service worker can keep them all; its version is a hash of those files, so a new build
 * replaces the old copy.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

export const SERVICE_WORKER_FILE = 'sw.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'service-worker',
    apply: 'build',
    configResolved(c) {
      config = c;
    },
    closeBundle() {
      const outDir = resolve(config.root, config.build.outDir);
      const hash = createHash('sha256');
      const paths: string[] = [];
      for (const file of filesUnder(outDir).sort()) {
        const path = relative(outDir, file).split(sep).join('/');
        if (path === SERVICE_WORKER_FILE || path.endsWith('.md')) continue;
        hash.update(path).update(readFileSync(file));
        // The page itself is kept under the app's root URL.
        paths.push(path === 'index.html' ? './' : path);
      }
      const template = readFileSync(new URL('./sw.template.js', import.meta.url), 'utf8');
      const source = template.replace("'__VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16))).replace('__PRECACHE__', JSON.stringify(paths, null, 2));
      writeFileSync(join(outDir, SERVICE_WORKER_FILE), source);
    },
  };
}
