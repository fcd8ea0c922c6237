/**
 * Weights kept in the browser (Cache Storage), keyed by the URL they came from, so the next load of the same set
 * makes no request at all. Each entry carries its name, size and date in its headers, so the list reads no
 * weights.
 */
import { formatMB } from '../../core/format';
import { PhraseError, phrase, phraseOf, type Phrase } from '../../core/phrase';

export const WEIGHTS_CACHE = 'resnet-explorer-weights-v1';

export interface StoredWeights {
  url: string;
  name: string;
  bytes: number;
  storedAt: string;
}

/** Weights that could not be kept: `phrase` says why; `kind` (its code) says which way. */
export class StoreError extends PhraseError {
  constructor(
    readonly kind: 'quota' | 'unavailable' | 'failed',
    phrase: Phrase,
  ) {
    super(phrase, kind);
    this.name = 'StoreError';
  }
}

const NAME = 'x-weights-name';
const STORED_AT = 'x-stored-at';

function isQuotaError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'QuotaExceededError' || /quota/i.test(e.message));
}

/** The browser's Cache Storage, when this page may use it (not in some private windows or insecure contexts). */
export function browserCaches(): CacheStorage | null {
  try {
    return typeof caches === 'undefined' ? null : caches;
  } catch {
    return null;
  }
}

export class WeightsStore {
  constructor(private readonly storage: CacheStorage | null = browserCaches()) {}

  get available(): boolean {
    return this.storage !== null;
  }

  private async cache(): Promise<Cache> {
    if (!this.storage)
      throw new StoreError('unavailable', phrase('This browser does not let the page keep files (private window or storage turned off), so weights are not kept between visits.'));
    return this.storage.open(WEIGHTS_CACHE);
  }

  /** Every stored set, newest first. */
  async list(): Promise<StoredWeights[]> {
    if (!this.storage) return [];
    const cache = await this.cache();
    const out: StoredWeights[] = [];
    for (const request of await cache.keys()) {
      const r = await cache.match(request);
      if (!r) continue;
      out.push({
        url: request.url,
        name: decodeURIComponent(r.headers.get(NAME) ?? '') || request.url,
        bytes: Number(r.headers.get('content-length') ?? 0),
        storedAt: r.headers.get(STORED_AT) ?? '',
      });
    }
    return out.sort((a, b) => b.storedAt.localeCompare(a.storedAt));
  }

  async has(url: string): Promise<boolean> {
    if (!this.storage) return false;
    return !!(await (await this.cache()).match(url));
  }

  /** The stored bytes for `url`, or null. */
  async get(url: string): Promise<Uint8Array | null> {
    if (!this.storage) return null;
    const r = await (await this.cache()).match(url);
    return r ? new Uint8Array(await r.arrayBuffer()) : null;
  }

  /** Keeps `bytes` under `url`; on any failure (a full quota above all) nothing is left behind. */
  async put(url: string, name: string, bytes: Uint8Array): Promise<void> {
    const cache = await this.cache();
    const response = new Response(bytes as BlobPart, {
      headers: {
        'content-type': 'application/octet-stream',
        'content-length': String(bytes.byteLength),
        // Header values are bytes: the name may hold any character.
        [NAME]: encodeURIComponent(name),
        [STORED_AT]: new Date().toISOString(),
      },
    });
    try {
      await cache.put(url, response);
    } catch (e) {
      await cache.delete(url).catch(() => false);
      if (isQuotaError(e))
        throw new StoreError(
          'quota',
          phrase(
            "This browser's storage for the page is full (quota exceeded), so {name} ({size}) was not kept for next time; the stored weights are unchanged. Delete stored weights you no longer need, or free disk space, and load it again to keep it.",
            { name, size: formatMB(bytes.byteLength) },
          ),
        );
      // The browser's own words for what went wrong, in the {reason} slot.
      throw new StoreError('failed', phrase('{name} could not be kept for next time ({reason}); the stored weights are unchanged.', { name, reason: phraseOf(e) }));
    }
  }

  async delete(url: string): Promise<boolean> {
    if (!this.storage) return false;
    return (await this.cache()).delete(url);
  }
}
