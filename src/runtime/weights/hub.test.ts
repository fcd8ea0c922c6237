/**
 * Opening a Hub model by name, the runtime part: which requests are made (and that a hostile id makes none),
 * refusals before any weights, the weights file looked up (model.safetensors, else pytorch_model.bin), the
 * model switched only once its weights' keys and shapes match, a stored model opened with no request, and the
 * config files forgotten with its weights. The Hub's URLs are answered by a fake fetch serving the fixtures.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { english, type ResNetSpec } from '../../core';
import { HubConfigStore } from './hubStore';
import { HubModels } from './hub';
import { RemoteWeights, type WeightsTarget } from './remote';
import { WeightsStore } from './store';

const FIXTURES = new URL('../../../tests/fixtures/hub/', import.meta.url);
const fixture = (path: string) => new Uint8Array(readFileSync(new URL(path, FIXTURES)));

class MemoryCaches {
  readonly caches = new Map<string, Map<string, Response>>();
  async open(name: string) {
    const entries = this.caches.get(name) ?? new Map<string, Response>();
    this.caches.set(name, entries);
    return {
      put: async (url: string, r: Response) => void entries.set(url, new Response(await r.arrayBuffer(), { headers: r.headers })),
      match: async (req: string | Request) => entries.get(typeof req === 'string' ? req : req.url)?.clone(),
      keys: async () => [...entries.keys()].map((u) => new Request(u)),
      delete: async (url: string) => entries.delete(url),
    };
  }
}

class Target implements WeightsTarget {
  loaded: { name: string; bytes: number }[] = [];
  async loadWeights(name: string, bytes: Uint8Array) {
    this.loaded.push({ name, bytes: bytes.length });
    return true;
  }
  getState() {
    return { weightsProblem: null };
  }
}

/** A Hub serving `repos` (a missing file 404, a missing repository 401), recording `METHOD path` of each request. */
function fakeHub(repos: Record<string, Record<string, Uint8Array>>) {
  const requests: string[] = [];
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    requests.push(`${method} ${url.replace('https://huggingface.co/', '')}`);
    const m = /^https:\/\/huggingface\.co\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(url);
    const repo = m ? repos[m[1]] : undefined;
    const body = repo?.[m![2]];
    if (!body) return new Response('not found', { status: repo ? 404 : 401 });
    return new Response(method === 'HEAD' ? null : (body as BodyInit), { status: 200, headers: { 'content-length': String(body.length) } });
  }) as typeof fetch;
  return { requests, doFetch };
}

function setup(repos: Record<string, Record<string, Uint8Array>>) {
  const caches = new MemoryCaches() as unknown as CacheStorage;
  const hub = fakeHub(repos);
  const target = new Target();
  const opened: ResNetSpec[] = [];
  const remote = new RemoteWeights(target, null, new WeightsStore(caches));
  // The downloads go through the real downloader: it fetches with the global fetch, which the test replaces.
  globalThis.fetch = hub.doFetch;
  const models = new HubModels(remote, { openSpec: (spec) => opened.push(spec) }, new HubConfigStore(caches), hub.doFetch);
  return { remote, models, target, opened, requests: hub.requests, caches };
}

const tiny = (name: string, files = ['config.json', 'preprocessor_config.json', 'model.safetensors', 'pytorch_model.bin']) =>
  Object.fromEntries(files.map((f) => [f, fixture(`tiny/${name}/${f}`)]));

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

describe('HubModels', () => {
  it('refuses hostile ids without a request', async () => {
    const { models, requests } = setup({});
    for (const text of ['../x', 'timm/%2e%2e', 'a/b@main', 'https://evil.example/a/b', 'a/b/c']) {
      expect(await models.open(text)).toBe(false);
      expect(models.getState().phase).toBe('refused');
    }
    expect(requests).toEqual([]);
  });

  it('reads config.json, then the preprocessor config, looks up the weights, asks; switches the model only with matching weights', async () => {
    const { remote, models, target, opened, requests } = setup({ 'microsoft/resnet-50': tiny('tiny-bottleneck') });
    expect(await models.open('microsoft/resnet-50')).toBe(false);
    expect(requests).toEqual([
      'GET microsoft/resnet-50/resolve/main/config.json',
      'GET microsoft/resnet-50/resolve/main/preprocessor_config.json',
      'HEAD microsoft/resnet-50/resolve/main/model.safetensors',
    ]);
    const source = remote.getState().source!;
    expect(remote.getState().phase).toBe('confirm');
    expect(source).toMatchObject({ name: 'microsoft/resnet-50', approxBytes: fixture('tiny/tiny-bottleneck/model.safetensors').length });
    expect(english(source.hub!.summary)).toBe('transformers · microsoft/resnet-50 · 10,125 parameters');
    expect(english(source.hub!.preprocessing)).toBe('bicubic, crop 0.875');
    expect(opened).toEqual([]);

    // Weights that are not the config's: refused, nothing switched, nothing loaded.
    expect(english(source.prepare!(fixture('tiny/tiny-basic/model.safetensors'))!)).toMatch(/^microsoft\/resnet-50’s weights do not match its config\.json \(missing layer1\.0\.conv3\.weight/);
    expect(opened).toEqual([]);

    expect(await remote.confirm()).toBe(true);
    expect(opened).toHaveLength(1);
    expect(opened[0].numClasses).toBe(5);
    expect(target.loaded).toEqual([{ name: 'microsoft/resnet-50', bytes: fixture('tiny/tiny-bottleneck/model.safetensors').length }]);
    expect(models.getState().opened?.name).toBe('microsoft/resnet-50');
    expect(remote.getState().source?.preprocessing).toMatchObject({ interpolation: 'bicubic', resize: 36, crop: 32, cropOffset: 'floor' });

    // Kept: opened again with no request at all, from the stored weights and config files.
    requests.length = 0;
    expect(await models.open('https://huggingface.co/microsoft/resnet-50')).toBe(true);
    expect(requests).toEqual([]);
    expect(target.loaded).toHaveLength(2);

    // Deleting the weights forgets the config files: the next open asks the Hub again.
    await remote.delete('https://huggingface.co/microsoft/resnet-50/resolve/main/model.safetensors');
    expect(await models.open('microsoft/resnet-50')).toBe(false);
    expect(requests[0]).toBe('GET microsoft/resnet-50/resolve/main/config.json');
  });

  it('falls back to pytorch_model.bin, and says when there are no weights at all', async () => {
    const { remote, models, requests } = setup({ 'a/bin': tiny('tiny-basic', ['config.json', 'preprocessor_config.json', 'pytorch_model.bin']), 'a/none': tiny('tiny-basic', ['config.json']) });
    await models.open('a/bin');
    expect(remote.getState().source).toMatchObject({ url: 'https://huggingface.co/a/bin/resolve/main/pytorch_model.bin', hub: { file: 'pytorch_model.bin' } });
    expect(requests.slice(-2)).toEqual(['HEAD a/bin/resolve/main/model.safetensors', 'HEAD a/bin/resolve/main/pytorch_model.bin']);
    remote.cancel();
    await models.open('a/none');
    expect(models.getState().phase).toBe('error');
    expect(english(models.getState().problem!)).toBe('a/none has neither model.safetensors nor pytorch_model.bin, so there are no weights to load.');
    // No preprocessor config (404) is said as a note, and ImageNet's preprocessing is used.
    expect(requests).toContain('GET a/none/resolve/main/preprocessor_config.json');
  });

  it('refuses before any weights request, and says what a 404 or 401 on config.json means', async () => {
    const { models, requests } = setup({
      'timm/resnet50d.ra2_in1k': { 'config.json': fixture('timm/resnet50d.ra2_in1k/config.json') },
      'someone/empty': {},
    });
    await models.open('timm/resnet50d.ra2_in1k');
    expect(models.getState().phase).toBe('refused');
    expect(english(models.getState().problem!)).toContain('deep stem');
    expect(requests).toEqual(['GET timm/resnet50d.ra2_in1k/resolve/main/config.json']);
    await models.open('someone/empty');
    expect(english(models.getState().problem!)).toBe(
      'someone/empty has no config.json on the Hub (HTTP 404): check the name. The app opens timm’s and transformers’ models, whose repositories have one.',
    );
    await models.open('nobody/nothing');
    expect(english(models.getState().problem!)).toMatch(/^huggingface\.co does not show nobody\/nothing \(HTTP 401\)/);
  });
});
