/**
 * The weights store over an in-memory Cache Storage with a quota, as the browser's behaves for what the store
 * uses (open, put, match, keys, delete; a put over the quota rejects with QuotaExceededError). The real one is
 * exercised by e2e/hub.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import { KO } from '../../i18n/ko';
import { StoreError, WEIGHTS_CACHE, WeightsStore } from './store';

class MemoryCache {
  readonly entries = new Map<string, { body: ArrayBuffer; headers: Headers }>();
  constructor(private readonly owner: MemoryCaches) {}
  async put(url: string, response: Response) {
    const body = await response.arrayBuffer();
    if (this.owner.used() - (this.entries.get(url)?.body.byteLength ?? 0) + body.byteLength > this.owner.quota) {
      throw new DOMException('Quota exceeded.', 'QuotaExceededError');
    }
    this.entries.set(url, { body, headers: new Headers(response.headers) });
  }
  async match(req: string | Request) {
    const e = this.entries.get(typeof req === 'string' ? req : req.url);
    return e ? new Response(e.body.slice(0), { headers: e.headers }) : undefined;
  }
  async keys() {
    return [...this.entries.keys()].map((u) => new Request(u));
  }
  async delete(url: string) {
    return this.entries.delete(url);
  }
}

class MemoryCaches {
  readonly caches = new Map<string, MemoryCache>();
  constructor(readonly quota = Infinity) {}
  used() {
    return [...this.caches.values()].flatMap((c) => [...c.entries.values()]).reduce((n, e) => n + e.body.byteLength, 0);
  }
  async open(name: string) {
    if (!this.caches.has(name)) this.caches.set(name, new MemoryCache(this));
    return this.caches.get(name)!;
  }
}

const URL_A = 'https://huggingface.co/timm/resnet18.tv_in1k/resolve/main/model.safetensors';
const URL_B = 'https://huggingface.co/timm/resnet50.tv2_in1k/resolve/main/model.safetensors';
const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

describe('WeightsStore', () => {
  it('keeps weights by URL with their name and size, and gives back the same bytes', async () => {
    const caches = new MemoryCaches();
    const store = new WeightsStore(caches as unknown as CacheStorage);
    expect(await store.list()).toEqual([]);
    expect(await store.get(URL_A)).toBeNull();
    await store.put(URL_A, 'ResNet-18 · IMAGENET1K_V1', bytes(1000, 1));
    await new Promise((r) => setTimeout(r, 5));
    await store.put(URL_B, 'ResNet-50 · IMAGENET1K_V2', bytes(3000, 2));
    expect(await store.get(URL_A)).toEqual(bytes(1000, 1));
    expect(await store.has(URL_B)).toBe(true);
    const list = await store.list();
    expect(list.map(({ url, name, bytes }) => ({ url, name, bytes }))).toEqual([
      { url: URL_B, name: 'ResNet-50 · IMAGENET1K_V2', bytes: 3000 },
      { url: URL_A, name: 'ResNet-18 · IMAGENET1K_V1', bytes: 1000 },
    ]);
    expect(caches.caches.has(WEIGHTS_CACHE)).toBe(true);
  });

  it('deletes one set and leaves the others', async () => {
    const store = new WeightsStore(new MemoryCaches() as unknown as CacheStorage);
    await store.put(URL_A, 'a', bytes(10, 1));
    await store.put(URL_B, 'b', bytes(10, 2));
    expect(await store.delete(URL_A)).toBe(true);
    expect(await store.delete(URL_A)).toBe(false);
    expect((await store.list()).map((s) => s.name)).toEqual(['b']);
    expect(await store.get(URL_A)).toBeNull();
  });

  it('says when the quota is full and changes nothing stored', async () => {
    const store = new WeightsStore(new MemoryCaches(1500) as unknown as CacheStorage);
    await store.put(URL_A, 'ResNet-18 · IMAGENET1K_V1', bytes(1000, 1));
    const before = await store.list();
    const e = await store.put(URL_B, 'ResNet-50 · IMAGENET1K_V2', bytes(1_000_000, 2)).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(StoreError);
    expect((e as StoreError).kind).toBe('quota');
    expect((e as StoreError).message).toContain('storage for the page is full (quota exceeded), so ResNet-50 · IMAGENET1K_V2 (1.0 MB) was not kept');
    expect(await store.list()).toEqual(before);
    expect(await store.get(URL_A)).toEqual(bytes(1000, 1));
  });

  it('without Cache Storage, keeps nothing and says why when asked to', async () => {
    const store = new WeightsStore(null);
    expect(store.available).toBe(false);
    expect(await store.list()).toEqual([]);
    expect(await store.get(URL_A)).toBeNull();
    const e = (await store.put(URL_A, 'a', bytes(1, 1)).catch((x: unknown) => x)) as StoreError;
    expect(e.message).toMatch(/does not let the page keep files/);
    expect(KO[e.phrase.template]).toBeDefined();
  });
});
