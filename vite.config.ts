import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Cross-origin isolation lets the WebAssembly backend use threads (SharedArrayBuffer). The CSP keeps every
// request on the app's own origin; 'wasm-unsafe-eval' lets WebAssembly compile, blob: serves workers.
const headers = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  plugins: [react()],
  server: { headers },
  preview: { headers },
  worker: { format: 'es' },
  // Vite 8's default minifier breaks tfjs's threaded WebAssembly backend (it hangs); esbuild's does not.
  build: { minify: 'esbuild', chunkSizeWarningLimit: 2000 },
});
