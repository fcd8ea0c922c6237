/**
 * Weights from the network: torchvision's ImageNet sets on the Hugging Face Hub, or any https link. Asks before
 * fetching (what and how much), downloads with progress and Cancel, checks the whole file through the runner's
 * `loadWeights` (the same checks as a dropped file) before any weight changes, keeps what loaded in the weights
 * store, and loads a stored set again with no request at all. The model keeps its weights on every failure.
 */
import type { Preprocessing } from '../../core';
import { Emitter } from '../../core/emitter';
import { formatMB } from '../../core/format';
import { isHubHost } from '../../core/hubHosts';
import { phrase, phraseOf, type Phrase } from '../../core/phrase';
import type { PretrainedWeights } from '../../core/pretrained';
import { DownloadError, downloadBytes, fileNameOf, type DownloadProgress } from './download';
import { someProblems } from './problems';
import { StoreError, WeightsStore, type StoredWeights } from './store';

/** What the runner offers for loading weights (ModelRunner). */
export interface WeightsTarget {
  loadWeights(name: string, bytes: Uint8Array): Promise<boolean>;
  getState(): { weightsProblem: { problems: Phrase[] } | null };
}

/** What the inference session offers for following the weights' preprocessing (InferenceSession). */
export interface PreprocessingTarget {
  setPreprocessing(preprocessing: Preprocessing): void;
}

export interface RemoteSource {
  url: string;
  /** What the user sees and the runner reports ("ResNet-50 · IMAGENET1K_V2", or the file's name). */
  name: string;
  /** Known in advance for the table's sets. */
  approxBytes: number | null;
  /** The preprocessing these weights were trained with, when known. */
  preprocessing: Preprocessing | null;
}

export type RemotePhase = 'idle' | 'confirm' | 'downloading' | 'loading' | 'error' | 'done';

export interface RemoteWeightsState {
  phase: RemotePhase;
  /** The set asked for (awaiting confirmation, downloading or loading). */
  source: RemoteSource | null;
  progress: DownloadProgress | null;
  /** What happened, for the user: an error (the model kept its weights) or a note, as a phrase. */
  message: RemoteMessage | null;
  stored: StoredWeights[];
  /** The URL of the set the model now holds, if it came from here. */
  loadedUrl: string | null;
}

/** A phrase the UI words, and whether it tells of an error or is a note. */
export type RemoteMessage = Phrase & { kind: 'error' | 'note' };

/** Checks a URL typed by the user: https only, and a host the app's security policy lets it reach. */
export function checkLink(text: string): { ok: true; url: string } | { ok: false; message: Phrase } {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, message: phrase('That is not a web address. Paste a full https:// link to a .safetensors or .pth file.') };
  }
  if (url.protocol !== 'https:')
    return { ok: false, message: phrase('Only https:// links are accepted (this one is {scheme}).', { scheme: url.protocol.replace(':', '') }) };
  if (!isHubHost(url.hostname))
    return {
      ok: false,
      message: phrase(
        "This app's security policy (Content-Security-Policy) lets it download only from the Hugging Face Hub (huggingface.co, hf.co), so the browser would refuse {host}. Download the file yourself and drop it on this page.",
        { host: url.hostname },
      ),
    };
  return { ok: true, url: url.href };
}

const tell = (kind: 'error' | 'note', p: Phrase): RemoteMessage => ({ ...p, kind });
const say = (kind: 'error' | 'note', template: string, vars?: Parameters<typeof phrase>[1]): RemoteMessage => tell(kind, phrase(template, vars));

export class RemoteWeights {
  private state: RemoteWeightsState = { phase: 'idle', source: null, progress: null, message: null, stored: [], loadedUrl: null };
  private readonly emitter = new Emitter();
  private abort: AbortController | null = null;

  constructor(
    private readonly target: WeightsTarget,
    private readonly session: PreprocessingTarget | null,
    readonly store: WeightsStore = new WeightsStore(),
  ) {
    void this.refresh();
  }

  getState = (): RemoteWeightsState => this.state;

  readonly subscribe = this.emitter.subscribe;

  private set(patch: Partial<RemoteWeightsState>): void {
    this.state = { ...this.state, ...patch };
    this.emitter.emit();
  }

  get busy(): boolean {
    return this.state.phase === 'downloading' || this.state.phase === 'loading';
  }

  /** Reads the stored list again. */
  async refresh(): Promise<void> {
    try {
      this.set({ stored: await this.store.list() });
    } catch {
      this.set({ stored: [] });
    }
  }

  isStored(url: string): boolean {
    return this.state.stored.some((s) => s.url === url);
  }

  /** The user asked for a set: a stored one loads at once; otherwise say what and how much, and wait for a yes. */
  async request(source: RemoteSource): Promise<boolean> {
    if (this.busy) return false;
    if (this.isStored(source.url)) return this.loadStored(source);
    this.set({ phase: 'confirm', source, message: null, progress: null });
    return false;
  }

  /** One of torchvision's ImageNet sets; `name` is what the user sees ("ResNet-50 · IMAGENET1K_V2"). */
  requestPretrained(w: PretrainedWeights, name: string): Promise<boolean> {
    return this.request({ url: w.url, name, approxBytes: w.approxBytes, preprocessing: w.preprocessing });
  }

  /** A link typed by the user. */
  async requestLink(text: string): Promise<boolean> {
    const checked = checkLink(text);
    if (!checked.ok) {
      this.set({ phase: 'error', source: null, message: tell('error', checked.message) });
      return false;
    }
    return this.request({ url: checked.url, name: fileNameOf(checked.url), approxBytes: null, preprocessing: null });
  }

  /** The user said yes: download, check, load, keep. */
  async confirm(): Promise<boolean> {
    const source = this.state.source;
    if (this.state.phase !== 'confirm' || !source) return false;
    const abort = new AbortController();
    this.abort = abort;
    this.set({ phase: 'downloading', progress: null, message: null });
    let bytes: Uint8Array;
    try {
      bytes = await downloadBytes(source.url, { signal: abort.signal, onProgress: (progress) => this.set({ progress }) });
    } catch (e) {
      this.abort = null;
      if (!(e instanceof DownloadError)) throw e;
      this.set({ phase: e.kind === 'cancelled' ? 'idle' : 'error', progress: null, message: tell(e.kind === 'cancelled' ? 'note' : 'error', e.phrase) });
      return false;
    }
    this.abort = null;
    if (!(await this.apply(source, bytes))) return false;
    try {
      await this.store.put(source.url, source.name, bytes);
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      this.set({
        message:
          e.kind === 'quota'
            ? say(
                'note',
                "{name} is loaded for this visit, but this browser's storage for the page is full (quota exceeded), so it was not kept ({size}); the stored weights are unchanged. Delete stored weights you no longer need, or free disk space, and load it again to keep it.",
                { name: source.name, size: formatMB(bytes.byteLength) },
              )
            : say('note', '{name} is loaded for this visit. {reason}', { name: source.name, reason: e.phrase }),
      });
    }
    await this.refresh();
    return true;
  }

  cancel(): void {
    if (this.state.phase === 'confirm') this.set({ phase: 'idle', source: null });
    this.abort?.abort();
  }

  /** Stops a download under way and drops every listener. */
  dispose(): void {
    this.abort?.abort();
    this.emitter.dispose();
  }

  dismiss(): void {
    if (!this.busy) this.set({ phase: 'idle', message: null, source: null });
  }

  async delete(url: string): Promise<void> {
    try {
      await this.store.delete(url);
    } catch (e) {
      this.set({ message: say('error', 'The stored weights could not be deleted: {reason}', { reason: phraseOf(e) }) });
    }
    if (this.state.loadedUrl === url) this.set({ loadedUrl: null });
    await this.refresh();
  }

  private async loadStored(source: RemoteSource): Promise<boolean> {
    this.set({ phase: 'loading', source, progress: null, message: null });
    let bytes: Uint8Array | null;
    try {
      bytes = await this.store.get(source.url);
    } catch (e) {
      bytes = null;
      this.set({ message: say('error', 'The stored copy could not be read ({reason}); it can be downloaded again.', { reason: phraseOf(e) }) });
    }
    if (!bytes) {
      await this.refresh();
      this.set({ phase: 'confirm', source });
      return false;
    }
    return this.apply(source, bytes);
  }

  /** The whole file through the runner's checks; the model changes only if it passes. */
  private async apply(source: RemoteSource, bytes: Uint8Array): Promise<boolean> {
    this.set({ phase: 'loading', progress: null });
    let ok: boolean;
    try {
      ok = await this.target.loadWeights(source.name, bytes);
    } catch (e) {
      this.set({
        phase: 'error',
        message: say('error', '{name} could not be loaded: {reason}. The model keeps its weights.', { name: source.name, reason: phraseOf(e) }),
      });
      return false;
    }
    if (!ok) {
      const problems = this.target.getState().weightsProblem?.problems ?? [];
      // The loader's own reasons.
      const why = problems.length ? someProblems(problems) : '?';
      this.set({ phase: 'error', message: say('error', '{name} is not weights this model can use: {why}. The model keeps its weights.', { name: source.name, why }) });
      return false;
    }
    if (source.preprocessing) this.session?.setPreprocessing(source.preprocessing);
    this.set({ phase: 'done', loadedUrl: source.url });
    return true;
  }
}
