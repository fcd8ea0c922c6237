/**
 * The download-check-keep flow against a real local HTTP server. The model side is a small target that accepts
 * only files starting with a marker (as the runner accepts only valid state_dicts) and records what it loaded;
 * the store is in memory (store.test.ts has the details of the store itself).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pretrainedFor } from '../../core/pretrained';
import { TORCHVISION_V2, type Preprocessing } from '../../core';
import { RemoteWeights, checkLink, type WeightsTarget } from './remote';
import { KO } from '../../i18n/ko';
import { english, phrase, type Phrase } from '../../core/phrase';
import { WeightsStore } from './store';

const GOOD = Buffer.concat([Buffer.from('WEIGHTS'), Buffer.alloc(200_000, 3)]);
let server: Server;
let base: string;
const served: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    // One request per connection: no keep-alive socket reused after a test dropped its connection.
    res.setHeader('connection', 'close');
    served.push(req.url!);
    if (req.url!.startsWith('/good')) res.writeHead(200, { 'content-length': GOOD.length }).end(GOOD);
    else if (req.url!.startsWith('/bad')) res.writeHead(200).end('not weights');
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  served.length = 0;
});

class Target implements WeightsTarget {
  loaded: string[] = [];
  private problem: { problems: Phrase[] } | null = null;
  async loadWeights(name: string, bytes: Uint8Array) {
    if (Buffer.from(bytes.subarray(0, 7)).toString() !== 'WEIGHTS') {
      this.problem = { problems: [phrase('Not a readable safetensors file: {reason}', { reason: 'too short' })] };
      return false;
    }
    this.problem = null;
    this.loaded.push(name);
    return true;
  }
  getState() {
    return { weightsProblem: this.problem };
  }
}

class MemoryCaches {
  readonly entries = new Map<string, Response>();
  async open() {
    const entries = this.entries;
    return {
      put: async (url: string, r: Response) => void entries.set(url, new Response(await r.arrayBuffer(), { headers: r.headers })),
      match: async (req: string | Request) => entries.get(typeof req === 'string' ? req : req.url)?.clone(),
      keys: async () => [...entries.keys()].map((u) => new Request(u)),
      delete: async (url: string) => entries.delete(url),
    };
  }
}

function setup() {
  const target = new Target();
  const policies: Preprocessing[] = [];
  const remote = new RemoteWeights(target, { setPreprocessing: (p) => policies.push(p) }, new WeightsStore(new MemoryCaches() as unknown as CacheStorage));
  return { target, policies, remote };
}

/** A table entry served by the local server (its real URL is the Hub's). */
const v2 = { ...pretrainedFor('resnet50')[1] };

describe('RemoteWeights', () => {
  it('asks first, then downloads, loads, follows the preprocessing of the weights and keeps them', async () => {
    const { target, policies, remote } = setup();
    const source = { ...v2, url: `${base}/good/resnet50.tv2_in1k` };
    await remote.requestPretrained(source, 'ResNet-50 · IMAGENET1K_V2');
    expect(remote.getState()).toMatchObject({ phase: 'confirm', source: { name: 'ResNet-50 · IMAGENET1K_V2', approxBytes: v2.approxBytes } });
    expect(served).toEqual([]);
    expect(await remote.confirm()).toBe(true);
    expect(served).toEqual(['/good/resnet50.tv2_in1k']);
    expect(target.loaded).toEqual(['ResNet-50 · IMAGENET1K_V2']);
    expect(policies).toEqual([TORCHVISION_V2]);
    expect(remote.getState()).toMatchObject({ phase: 'done', loadedUrl: source.url, message: null });
    expect(remote.getState().stored.map((s) => [s.name, s.bytes])).toEqual([['ResNet-50 · IMAGENET1K_V2', GOOD.length]]);

    // Next time: straight from the store, no question and no request.
    expect(await remote.requestPretrained(source, 'ResNet-50 · IMAGENET1K_V2')).toBe(true);
    expect(served).toHaveLength(1);
    expect(target.loaded).toHaveLength(2);

    await remote.delete(source.url);
    expect(remote.getState().stored).toEqual([]);
    await remote.requestPretrained(source, 'ResNet-50 · IMAGENET1K_V2');
    expect(remote.getState().phase).toBe('confirm');
  });

  it('keeps nothing and changes nothing when the file is refused or missing', async () => {
    const { target, policies, remote } = setup();
    await remote.requestPretrained({ ...v2, url: `${base}/bad` }, 'ResNet-50 · IMAGENET1K_V2');
    expect(await remote.confirm()).toBe(false);
    expect(remote.getState().message?.kind).toBe('error');
    expect(english(remote.getState().message!)).toBe(
      'ResNet-50 · IMAGENET1K_V2 is not weights this model can use: Not a readable safetensors file: too short. The model keeps its weights.',
    );
    expect(KO[remote.getState().message!.template]).toBeDefined();
    await remote.requestPretrained({ ...v2, url: `${base}/missing` }, 'x');
    await remote.confirm();
    expect(english(remote.getState().message!)).toContain('HTTP 404');
    expect(KO[remote.getState().message!.template]).toContain('HTTP 404');
    expect(target.loaded).toEqual([]);
    expect(policies).toEqual([]);
    expect(remote.getState().stored).toEqual([]);
  });

  it('a link loads under its file name and leaves the preprocessing alone', async () => {
    const { target, policies, remote } = setup();
    await remote.request({ url: `${base}/good/run/best.safetensors`, name: 'best.safetensors', approxBytes: null, preprocessing: null });
    await remote.confirm();
    expect(target.loaded).toEqual(['best.safetensors']);
    expect(policies).toEqual([]);
  });

  it('once disposed, stops its download and tells no one', async () => {
    const { target, remote } = setup();
    let heard = 0;
    remote.subscribe(() => heard++);
    await remote.request({ url: `${base}/good/dropped.safetensors`, name: 'dropped.safetensors', approxBytes: null, preprocessing: null });
    expect(heard).toBeGreaterThan(0);
    const confirmed = remote.confirm();
    remote.dispose();
    const before = heard;
    expect(await confirmed).toBe(false);
    expect(target.loaded).toEqual([]);
    expect(heard).toBe(before);
  });

  it('checks typed links: https only, the Hub only', async () => {
    expect(checkLink('https://huggingface.co/a/b/resolve/main/model.safetensors')).toEqual({ ok: true, url: 'https://huggingface.co/a/b/resolve/main/model.safetensors' });
    expect(checkLink('https://cdn-lfs.hf.co/x.pth').ok).toBe(true);
    const refusal = (text: string) => {
      const r = checkLink(text);
      return r.ok ? '' : english(r.message);
    };
    expect(refusal('not a url')).toContain('not a web address');
    expect(refusal('http://huggingface.co/x')).toContain('Only https:// links are accepted (this one is http)');
    expect(refusal('https://example.com/x.pth')).toContain('Content-Security-Policy');
    expect(refusal('https://example.com/x.pth')).toContain('would refuse example.com');
    for (const text of ['not a url', 'http://huggingface.co/x', 'https://example.com/x.pth']) {
      const r = checkLink(text);
      expect(!r.ok && KO[r.message.template]).toBeTruthy();
    }
    expect(checkLink('https://huggingface.co.evil.com/x.pth').ok).toBe(false);
  });
});
