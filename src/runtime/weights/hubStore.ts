/**
 * The configuration files of the Hub models whose weights are kept (config.json, preprocessor_config.json), in
 * their own Cache Storage, keyed by URL like the weights: a stored model opens again with no request at all,
 * offline too. They are small (a few kB; a class list makes tens of kB).
 */
import { browserCaches } from './store';

export const HUB_CONFIG_CACHE = 'resnet-explorer-hub-configs-v1';
/** Marks a file the repository does not have (remembered, so that opening offline asks for nothing). */
const ABSENT = 'x-hub-absent';

export class HubConfigStore {
  constructor(private readonly storage: CacheStorage | null = browserCaches()) {}

  /** The stored text for `url`; undefined when none is stored, null when the repository has no such file. */
  async get(url: string): Promise<string | null | undefined> {
    if (!this.storage) return undefined;
    const r = await (await this.storage.open(HUB_CONFIG_CACHE)).match(url);
    if (!r) return undefined;
    return r.headers.get(ABSENT) ? null : r.text();
  }

  /** Keeps a file's text (null: the repository has none, remembered as such). Failing to keep it loses nothing. */
  async put(url: string, text: string | null): Promise<void> {
    if (!this.storage) return;
    try {
      const cache = await this.storage.open(HUB_CONFIG_CACHE);
      await cache.put(url, text === null ? new Response('', { headers: { [ABSENT]: '1' } }) : new Response(text, { headers: { 'content-type': 'application/json' } }));
    } catch {
      // A full quota: the model then needs the network to open again, nothing else changes.
    }
  }

  async delete(urls: string[]): Promise<void> {
    if (!this.storage) return;
    const cache = await this.storage.open(HUB_CONFIG_CACHE);
    await Promise.all(urls.map((u) => cache.delete(u)));
  }
}
