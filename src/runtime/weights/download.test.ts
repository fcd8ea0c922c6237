/** The download against a real local HTTP server: whole files, statuses, a cut connection, cancel, offline. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DownloadError, downloadBytes, fileNameOf, httpMessage, type DownloadProgress } from './download';
import { KO } from '../../i18n/ko';
import { english } from '../../core/phrase';

const FILE = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    // One request per connection: no keep-alive socket reused after a test dropped its connection.
    res.setHeader('connection', 'close');
    if (req.url === '/file') {
      res.writeHead(200, { 'content-length': FILE.length });
      // In pieces, so progress is reported more than once.
      for (let i = 0; i < FILE.length; i += 50_000) res.write(FILE.subarray(i, i + 50_000));
      res.end();
    } else if (req.url === '/no-length') {
      res.writeHead(200);
      res.end(Buffer.from(FILE));
    } else if (req.url === '/cut') {
      // Promises the whole file, sends half, and drops the connection.
      res.writeHead(200, { 'content-length': FILE.length });
      res.write(FILE.subarray(0, FILE.length / 2), () => res.destroy());
    } else if (req.url === '/slow') {
      res.writeHead(200, { 'content-length': FILE.length });
      res.write(FILE.subarray(0, 1000));
      // …and never more, until the client gives up.
    } else if (req.url === '/gated') {
      res.writeHead(401).end('sign in');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

/** The error a download fails with; every message has its Korean. */
async function failure(p: Promise<unknown>): Promise<DownloadError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DownloadError);
    expect(KO[(e as DownloadError).phrase.template]).toBeDefined();
    return e as DownloadError;
  }
  throw new Error('the download did not fail');
}

describe('downloadBytes', () => {
  it('reads the whole file with progress in bytes and speed', async () => {
    const seen: DownloadProgress[] = [];
    const bytes = await downloadBytes(`${base}/file`, { onProgress: (p) => seen.push(p), progressEveryMs: 0 });
    expect(bytes).toEqual(FILE);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[0]).toMatchObject({ received: 0, total: FILE.length });
    expect(seen.at(-1)).toMatchObject({ received: FILE.length, total: FILE.length });
    expect(seen.at(-1)!.bytesPerSecond).toBeGreaterThan(0);
    for (let i = 1; i < seen.length; i++) expect(seen[i].received).toBeGreaterThanOrEqual(seen[i - 1].received);
  });

  it('reads a file whose size is not announced', async () => {
    const seen: DownloadProgress[] = [];
    expect(await downloadBytes(`${base}/no-length`, { onProgress: (p) => seen.push(p) })).toEqual(FILE);
    expect(seen[0].total).toBeNull();
  });

  it('says a missing file is missing (HTTP 404)', async () => {
    const e = await failure(downloadBytes(`${base}/nothing`));
    expect(e.kind).toBe('http');
    expect(e.message).toContain('has no such file (HTTP 404)');
    expect(e.message).toContain('drop it on this page');
  });

  it('says a gated file needs signing in', async () => {
    const e = await failure(downloadBytes(`${base}/gated`));
    expect(e.message).toContain('HTTP 401');
    expect(e.message).toContain('signing in');
  });

  it('says a connection that breaks half way broke, and how far it got', async () => {
    const e = await failure(downloadBytes(`${base}/cut`));
    expect(e.kind).toBe('cut');
    expect(e.message).toMatch(/broke after 0\.\d MB of 0\.3 MB; the partial file was thrown away/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const p = downloadBytes(`${base}/slow`, { signal: controller.signal, onProgress: (pr) => pr.received > 0 && controller.abort(), progressEveryMs: 0 });
    const e = await failure(p);
    expect(e.kind).toBe('cancelled');
    expect(e.message).toContain('nothing was kept');
  });

  it('does not even try when the browser is offline', async () => {
    let asked = false;
    const e = await failure(
      downloadBytes(`${base}/file`, {
        online: () => false,
        fetch: (() => {
          asked = true;
          throw new Error('unreachable');
        }) as typeof fetch,
      }),
    );
    expect(e.kind).toBe('offline');
    expect(asked).toBe(false);
  });

  it('says a request that got no answer was refused by the policy (another host) or could not reach the Hub, with the file\'s link', async () => {
    // A port nobody listens on fails the way a refused request does: fetch rejects with a TypeError.
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const e = await failure(downloadBytes(`http://127.0.0.1:${port}/x`));
    expect(e.kind).toBe('refused');
    // Not a Hub host: the page's policy refused it; the message gives the file's own link.
    expect(e.message).toBe(
      `The browser refused to download from 127.0.0.1:${port}: this app may download only from the Hugging Face Hub. Download the file yourself (http://127.0.0.1:${port}/x) and drop it on this page.`,
    );
    // A Hub host that gives no answer: the network, said in one cause, with the link.
    const url = 'https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors';
    const hub = await failure(
      downloadBytes(url, {
        fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as typeof fetch,
        online: () => true,
      }),
    );
    expect(hub.kind).toBe('refused');
    expect(hub.phrase.vars?.link).toBe(url);
    expect(hub.message).toBe(`Could not reach huggingface.co: check the connection and try again, or download the file yourself (${url}) and drop it on this page.`);
  });

  it('names files and statuses', () => {
    expect(fileNameOf('https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors?download=true')).toBe('model.safetensors');
    expect(fileNameOf('https://example.com/my%20run/best.pth')).toBe('best.pth');
    expect(english(httpMessage('https://hf.co/x', 503))).toContain('hf.co failed to serve the file (HTTP 503)');
    for (const status of [401, 403, 429, 503, 418]) expect(KO[httpMessage('https://hf.co/x', status).template]).toBeDefined();
  });
});
