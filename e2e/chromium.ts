/** How this project starts Chromium, for the end-to-end tests and the benchmark alike. */
import { existsSync } from 'node:fs';

/** A system Chromium (Debian's, or CHROMIUM_PATH); undefined lets Playwright use its own. */
export const systemChromium = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p): p is string => !!p && existsSync(p),
);

/** Quiet on a closed network, and WebGL allowed on SwiftShader where there is no GPU. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];
