/*
 * ResNet Explorer's service worker (generated at build time from build/sw.template.js): keeps the built app —
 * every asset, tfjs's WebAssembly files, the sample photos — so the app opens with no network after one visit.
 * Only this origin's GET requests are answered; anything else (the Hub downloads, which the app keeps in its own
 * weights store) is left to the browser. Every response it serves carries the cross-origin isolation headers
 * that threaded WebAssembly needs.
 */
const VERSION = '__VERSION__';
const PRECACHE = __PRECACHE__;
const PREFIX = 'resnet-explorer-app-';
const CACHE = PREFIX + VERSION;

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function isolated(response) {
  if (response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(ISOLATION)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('install', (event) => {
  const scope = new URL(self.registration.scope);
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(PRECACHE.map((path) => new URL(path, scope).href)))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // Older versions of the app go; nothing else this origin keeps (the weights store) is touched.
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    // The page itself: the network when there is one (a new version shows at once), else the kept copy.
    event.respondWith(
      fetch(request)
        .then((response) => isolated(response))
        .catch(() =>
          caches
            .open(CACHE)
            .then((cache) => cache.match(new URL('./', self.registration.scope).href, { ignoreVary: true }))
            .then((cached) => (cached ? isolated(cached) : Response.error())),
        ),
    );
    return;
  }
  // Assets: their names carry a hash, so the kept copy is the right one.
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true, ignoreVary: true }))
      .then((cached) => (cached ? isolated(cached) : fetch(request))),
  );
});
