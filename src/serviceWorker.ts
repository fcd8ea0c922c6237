/**
 * The built app registers its service worker (written by build/serviceWorkerPlugin.ts), which keeps the app's
 * files so it opens with no network after one visit. Not in development: Vite's dev server serves modules
 * that change on every edit.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const register = () =>
    navigator.serviceWorker.register(`${import.meta.env.BASE_URL}sw.js`).catch((e: unknown) => {
      // The app works without it (private windows and some policies refuse service workers); it just needs the network.
      console.warn('The app could not be kept for offline use:', e);
    });
  if (document.readyState === 'complete') void register();
  else window.addEventListener('load', () => void register(), { once: true });
}
