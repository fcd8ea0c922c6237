import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './build/serviceWorkerPlugin.ts';
import { HUB_HOSTS } from './src/core/hubHosts.ts';

/**
 * The built app may talk only to its own origin, except for the downloads a user asks for from the Hugging Face
 * Hub (exactly its hosts, for connect-src). 'wasm-unsafe-eval' lets WebAssembly compile; blob: scripts and workers
 * are tfjs's threaded WebAssembly backend; inline style attributes are React's. (Not in dev: Vite's dev
 * server injects inline scripts.)
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  `connect-src 'self' blob: data: ${HUB_HOSTS.map((h) => `https://${h}`).join(' ')}`,
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`),
  };
}

// Cross-origin isolation lets the WebAssembly backend use threads (SharedArrayBuffer). The CSP keeps every
// request on the app's own origin; 'wasm-unsafe-eval' lets WebAssembly compile, blob: serves workers.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy(), serviceWorker()],
  server: { headers },
  preview: { headers },
  worker: { format: 'es' },
  // Vite 8's default minifier breaks tfjs's threaded WebAssembly backend (it hangs); esbuild's does not.
  build: { minify: 'esbuild', chunkSizeWarningLimit: 2000 },
});
