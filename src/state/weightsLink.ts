/**
 * The weights in the link. While the live model holds a set that came from the network (*Load ImageNet weights*,
 * a Hub link), the URL names it: `?weights=resnet50.tv2_in1k` for a set timm keeps on the Hugging Face Hub (what
 * *Load ImageNet weights* fetches), else `?weights=<its https address>`. Opening such a link — a reload, or a link
 * sent to a colleague — restores the set from the browser's store with no click and no request, or, when it is
 * not stored, asks before downloading it (the usual confirmation) instead of showing random weights silently.
 * The parameter belongs to the model (`URL_PARAMS.model`): an edit clears it, and it comes back if the model
 * takes the same weights again.
 */
import { isHubHost } from '../core/hubHosts';
import { pretrainedFor, pretrainedLabel, type PretrainedWeights } from '../core/pretrained';
import { PRESET_NAMES } from '../core/presets';
import type { ModelRunner } from '../runtime/runner';
import type { RemoteSource, RemoteWeights } from '../runtime/weights/remote';
import { withParams } from './urlState';

const TIMM = /^https:\/\/huggingface\.co\/timm\/([A-Za-z0-9][\w.-]*)\/resolve\/main\/model\.safetensors$/;
/** A timm repository's name as the link writes it (`resnet50.tv2_in1k`): no slash, no `..`. */
const TIMM_NAME = /^(?!.*\.\.)[A-Za-z0-9][\w.-]{0,95}$/;

/** How the link writes a set's address: timm's Hub sets by their repository's name, any other by its URL. */
export function weightsParam(url: string): string {
  return TIMM.exec(url)?.[1] ?? url;
}

/** The address a `?weights=` value names: a timm set's, or an https address on the Hub; null for anything else. */
export function weightsUrl(param: string): string | null {
  const p = param.trim();
  if (TIMM_NAME.test(p)) return `https://huggingface.co/timm/${p}/resolve/main/model.safetensors`;
  try {
    const u = new URL(p);
    return u.protocol === 'https:' && isHubHost(u.hostname) ? u.href : null;
  } catch {
    return null;
  }
}

/** The `?weights=` value of a query, as written (null: none). */
export function readWeights(query: string | URLSearchParams): string | null {
  const v = new URLSearchParams(query).get('weights');
  return v && v.trim() ? v.trim() : null;
}

/** The one writer of `?weights=`: the set the live model holds (its address), or none. */
export function writeWeights(current: string, url: string | null): string {
  return withParams(current, ['weights'], new URLSearchParams(url ? { weights: weightsParam(url) } : {}));
}

/** The file's name at the end of an address (`best.safetensors`). */
function fileName(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? url);
  } catch {
    return url;
  }
}

/** The table's set (torchvision's ImageNet weights) stored under an address, if it is one of them. */
function pretrainedAt(url: string): PretrainedWeights | undefined {
  for (const preset of PRESET_NAMES) {
    const w = pretrainedFor(preset).find((x) => x.url === url);
    if (w) return w;
  }
  return undefined;
}

/** What `request` needs to fetch (or load from the store) the set at `url`: named as the app names it. */
function sourceFor(remote: RemoteWeights, url: string): RemoteSource {
  const known = pretrainedAt(url);
  if (known) return { url, name: pretrainedLabel(known), approxBytes: known.approxBytes, preprocessing: known.preprocessing };
  const stored = remote.getState().stored.find((s) => s.url === url);
  return { url, name: stored?.name ?? fileName(url), approxBytes: stored?.bytes ?? null, preprocessing: null };
}

interface Url {
  read(): string;
  write(query: string, replace: boolean): void;
}

/**
 * Keeps `?weights=` in step with the live model's weights, and opens the set `linked` names once the model is
 * built. Returns a function that stops following.
 */
export function followWeightsLink(runner: ModelRunner, remote: RemoteWeights, url: Url, linked: string | null): () => void {
  /** The network set the model took last, by the name the runner reports for it. */
  let held: { url: string; name: string } | null = null;
  /** The link's set, until it is loaded, refused or declined: the parameter stays meanwhile. */
  let pending: string | null = linked;
  /** Whether the link's set has been asked for (before that, the remote's idle says nothing about it). */
  let asked = false;

  const sync = () => {
    // While a model is being built the one on screen is the old one: an edit has just taken `?weights=` away with
    // the old model (`URL_PARAMS.model`), and its weights must not bring it back.
    if (pending || runner.getState().status !== 'ready') return;
    const w = runner.getState().weights;
    const want = w.kind === 'file' && held && w.name === held.name ? held.url : null;
    const now = readWeights(url.read());
    if ((now === null ? null : weightsUrl(now)) !== want) url.write(writeWeights(url.read(), want), true);
  };

  const offRemote = remote.subscribe(() => {
    const s = remote.getState();
    // A Hub model opened by name keeps its own parameter (`?hub=`), which brings its weights with it.
    const viaHub = !!s.source && 'hub' in s.source && !!(s.source as { hub?: unknown }).hub;
    if (s.phase === 'done' && s.loadedUrl && s.source) held = viaHub ? null : { url: s.loadedUrl, name: s.source.name };
    if (pending && asked && (s.phase === 'done' || s.phase === 'idle' || s.phase === 'error')) pending = null;
    sync();
  });
  const offRunner = runner.subscribe(sync);

  if (linked) {
    void (async () => {
      // The link's model first: the set is checked against it.
      await new Promise<void>((resolve) => {
        const check = () => {
          const r = runner.getState();
          if (r.status === 'ready' && r.model) {
            off();
            resolve();
          }
        };
        const off = runner.subscribe(check);
        check();
      });
      await remote.refresh();
      const address = weightsUrl(linked);
      asked = true;
      // Not an address the app may fetch: the link field's own check says why (http, another host, not a URL).
      if (!address) await remote.requestLink(linked);
      else await remote.request(sourceFor(remote, address));
      // Nothing under way (another download was): the link's set is not coming; the parameter follows the model.
      if (remote.getState().phase !== 'confirm' && !remote.busy) {
        pending = null;
        sync();
      }
    })();
  }
  return () => {
    offRemote();
    offRunner();
  };
}
