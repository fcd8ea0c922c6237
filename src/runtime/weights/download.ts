/**
 * Downloading a weights file: `fetch` read chunk by chunk for progress (bytes, speed), cancellable, and every
 * way it can fail mapped to a message that says what happened and what to do. Nothing here touches a model.
 */
import { formatMB } from '../../core/format';
import { isHubHost } from '../../core/hubHosts';
import { PhraseError, phrase, type Phrase } from '../../core/phrase';

export type DownloadFailure = 'offline' | 'http' | 'refused' | 'cut' | 'cancelled';

/** A download that failed: `phrase` says what happened and what to do; `kind` (its code) says which way. */
export class DownloadError extends PhraseError {
  constructor(
    readonly kind: DownloadFailure,
    phrase: Phrase,
    /** The HTTP status, for an `http` failure. */
    readonly status?: number,
  ) {
    super(phrase, kind);
    this.name = 'DownloadError';
  }
}

export interface DownloadProgress {
  received: number;
  /** From Content-Length; null when the server does not say. */
  total: number | null;
  /** Bytes per second since the download started. */
  bytesPerSecond: number;
}

export interface DownloadOptions {
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
  /** At most this often, in ms (the last update is always sent). */
  progressEveryMs?: number;
  fetch?: typeof fetch;
  /** Whether the browser believes it is online (`navigator.onLine`). */
  online?: () => boolean;
}

const isOnline = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The message for an HTTP status that is not a success. */
export function httpMessage(url: string, status: number): Phrase {
  const vars = { host: hostOf(url), status };
  if (status === 404) return phrase('{host} has no such file (HTTP 404): the link is wrong or the file was removed. Check the address, or download the file yourself and drop it on this page.', vars);
  if (status === 401 || status === 403)
    return phrase('{host} refused the download (HTTP {status}): the file is private or gated and needs signing in. Download it in another tab while signed in, then drop it on this page.', vars);
  if (status === 429) return phrase('{host} is limiting requests (HTTP 429). Wait a minute and try again.', vars);
  if (status >= 500) return phrase('{host} failed to serve the file (HTTP {status}). Try again later, or download the file yourself and drop it on this page.', vars);
  return phrase('{host} answered HTTP {status} instead of the file. Check the address, or download the file yourself and drop it on this page.', vars);
}

const cancelled = () => new DownloadError('cancelled', phrase('Download cancelled; nothing was kept and the model keeps its weights.'));
const offline = (url: string) =>
  new DownloadError(
    'offline',
    phrase('You are offline, so {host} cannot be reached. Connect to the internet and try again; weights already stored in this browser load without a connection.', { host: hostOf(url) }),
  );

function cut(url: string, received: number, total: number | null): DownloadError {
  const vars = { host: hostOf(url), received: formatMB(received), total: total ? formatMB(total) : '' };
  return new DownloadError(
    'cut',
    total
      ? phrase('The connection to {host} broke after {received} of {total}; the partial file was thrown away. Try again, or download the file yourself and drop it on this page.', vars)
      : phrase('The connection to {host} broke after {received}; the partial file was thrown away. Try again, or download the file yourself and drop it on this page.', vars),
  );
}

/**
 * fetch failed with no answer. The Hub's hosts are the ones the page's policy allows, and the Hub allows other
 * sites' downloads: there it is the network. Any other host is the policy's refusal. Either way, `{link}` is the
 * file itself, for the user to download (the UI shows it as a link).
 */
function refused(url: string): DownloadError {
  const host = hostOf(url);
  let hub = false;
  try {
    hub = isHubHost(new URL(url).hostname);
  } catch {
    // not a URL: not the Hub's
  }
  return new DownloadError(
    'refused',
    hub
      ? phrase('Could not reach {host}: check the connection and try again, or download the file yourself ({link}) and drop it on this page.', { host, link: url })
      : phrase('The browser refused to download from {host}: this app may download only from the Hugging Face Hub. Download the file yourself ({link}) and drop it on this page.', { host, link: url }),
  );
}

function aborted(signal: AbortSignal | undefined, e: unknown): boolean {
  return !!signal?.aborted || (e instanceof Error && e.name === 'AbortError');
}

/** Downloads `url` whole, or throws a DownloadError saying why not. */
export async function downloadBytes(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const { signal, onProgress, progressEveryMs = 100 } = options;
  const doFetch = options.fetch ?? fetch;
  const online = options.online ?? isOnline;
  if (signal?.aborted) throw cancelled();
  if (!online()) throw offline(url);

  let response: Response;
  try {
    response = await doFetch(url, { signal, mode: 'cors', credentials: 'omit', cache: 'no-store' });
  } catch (e) {
    if (aborted(signal, e)) throw cancelled();
    if (!online()) throw offline(url);
    // fetch gives a bare TypeError for a CORS or Content-Security-Policy refusal and for an unreachable host alike.
    throw refused(url);
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined);
    throw new DownloadError('http', httpMessage(url, response.status), response.status);
  }

  const length = Number(response.headers.get('content-length'));
  // With Content-Encoding the length counts compressed bytes, so it says nothing about what we read.
  const total = Number.isFinite(length) && length > 0 && !response.headers.get('content-encoding') ? length : null;
  const start = performance.now();
  let received = 0;
  let buffer = new Uint8Array(total ?? 1 << 20);
  let lastReport = -Infinity;
  const report = (force: boolean) => {
    const now = performance.now();
    if (!onProgress || (!force && now - lastReport < progressEveryMs)) return;
    lastReport = now;
    onProgress({ received, total, bytesPerSecond: received / Math.max((now - start) / 1000, 1e-3) });
  };
  report(true);

  if (!response.body) throw cut(url, 0, total);
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (received + value.length > buffer.length) {
        const grown = new Uint8Array(Math.max(buffer.length * 2, received + value.length));
        grown.set(buffer.subarray(0, received));
        buffer = grown;
      }
      buffer.set(value, received);
      received += value.length;
      report(false);
    }
  } catch (e) {
    if (aborted(signal, e)) throw cancelled();
    if (!online()) throw offline(url);
    throw cut(url, received, total);
  } finally {
    reader.releaseLock();
  }
  if (signal?.aborted) throw cancelled();
  if (total !== null && received !== total) throw cut(url, received, total);
  report(true);
  return received === buffer.length ? buffer : buffer.slice(0, received);
}

/** The file name a URL ends with (`model.safetensors`), for messages and the weights' name. */
export function fileNameOf(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).at(-1);
    return last ? decodeURIComponent(last) : hostOf(url);
  } catch {
    return url;
  }
}
