/**
 * The hosts that serve the Hugging Face Hub's files: huggingface.co and the hosts its file downloads redirect to
 * (cdn-lfs.hf.co, cas-bridge.xethub.hf.co, …). The app's Content-Security-Policy (connect-src) is built from this
 * list, and a link to any other host is refused before it is tried. (No imports: vite.config.ts reads it.)
 */
export const HUB_HOSTS = ['huggingface.co', '*.huggingface.co', 'hf.co', '*.hf.co'] as const;

/** Whether the app's policy lets it fetch from `host` (exactly the hosts above). */
export function isHubHost(host: string): boolean {
  const h = host.toLowerCase();
  return HUB_HOSTS.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p));
}
