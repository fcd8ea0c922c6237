/**
 * Open a model on the Hugging Face Hub by name. The id is checked first (nothing hostile is ever requested);
 * then the repository's config.json (and, for transformers, preprocessor_config.json) is read from
 * `https://huggingface.co/<id>/resolve/main/…`, the core decides whether it is a ResNet this app builds exactly
 * (or says what it is and why not), and the weights file is looked up (model.safetensors, else
 * pytorch_model.bin). What was found is said before any large download; the download itself, its progress,
 * Cancel, the checks, the browser store and the offline behaviour are *Load ImageNet weights*' (remote.ts).
 * Once the weights are downloaded and their keys and shapes are the config's, the app switches to that
 * architecture, loads them, and follows their preprocessing. A model kept in the browser opens again with no
 * request at all.
 */
import { Emitter, phrase, type Phrase, type ResNetSpec } from '../../core';
import {
  WEIGHTS_FILES,
  approxStateDictBytes,
  hubFileUrl,
  hubModelPhrase,
  needsPreprocessorConfig,
  parseHubRepo,
  preprocessingPhrase,
  readHubConfig,
  refusalPhrase,
  repoOfFileUrl,
  type HubModel,
  type HubRepo,
  type WeightsFile,
} from '../../core/hub';
import { weightsMismatch } from './hubCheck';
import { HubConfigStore } from './hubStore';
import type { RemoteSource, RemoteWeights } from './remote';

/** What the app does to open a model: the architecture becomes the built one (the model store, then the runner). */
export interface SpecTarget {
  openSpec(spec: ResNetSpec): void;
}

export type HubPhase = 'idle' | 'reading' | 'refused' | 'error';

export interface HubState {
  phase: HubPhase;
  /** The repository being read, or last read. */
  id: string | null;
  /** Why the model was refused, or what went wrong reading it (the model and its weights are unchanged). */
  problem: Phrase | null;
  /** The Hub model whose weights the app loaded last (the runner says whether it still holds them). */
  opened: { model: HubModel; url: string; name: string } | null;
}

/** What the confirmation shows for a Hub model besides its name and size. */
export interface HubDetails {
  model: HubModel;
  /** "timm · resnet50 · a1_in1k · 25.6 M parameters". */
  summary: Phrase;
  /** "bicubic, crop 0.95". */
  preprocessing: Phrase;
  file: WeightsFile;
}

const MAX_CONFIG_BYTES = 4 << 20;
const CONFIG = 'config.json';
const PREPROCESSOR = 'preprocessor_config.json';

class HubError extends Error {
  constructor(readonly phrase: Phrase) {
    super(phrase.template);
  }
}

const isOnline = () => (typeof navigator === 'undefined' ? true : navigator.onLine !== false);

export class HubModels {
  private state: HubState = { phase: 'idle', id: null, problem: null, opened: null };
  private readonly emitter = new Emitter();
  private abort: AbortController | null = null;

  constructor(
    private readonly remote: RemoteWeights,
    private readonly target: SpecTarget,
    private readonly configs: HubConfigStore = new HubConfigStore(),
    private readonly doFetch: typeof fetch = (...a) => fetch(...a),
  ) {}

  getState = (): HubState => this.state;

  readonly subscribe = this.emitter.subscribe;

  private set(patch: Partial<HubState>): void {
    this.state = { ...this.state, ...patch };
    this.emitter.emit();
  }

  dismiss(): void {
    if (this.state.phase !== 'reading') this.set({ phase: 'idle', problem: null });
  }

  dispose(): void {
    this.abort?.abort();
    this.emitter.dispose();
  }

  /**
   * Reads what the user typed and, when it is a model the app builds, asks the user to confirm the download
   * (or, when its weights are kept in the browser, opens it at once). False when nothing was opened yet.
   */
  async open(text: string): Promise<boolean> {
    const parsed = parseHubRepo(text);
    if (!parsed.ok) {
      this.set({ phase: 'refused', id: null, problem: parsed.problem });
      return false;
    }
    if (this.remote.busy) return false;
    const repo = parsed.repo;
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    this.set({ phase: 'reading', id: repo.id, problem: null });
    try {
      const source = await this.inspect(repo, abort.signal);
      if (abort.signal.aborted) return false;
      if (!source) return false;
      this.set({ phase: 'idle' });
      return await this.remote.request(source);
    } catch (e) {
      if (abort.signal.aborted) return false;
      if (!(e instanceof HubError)) throw e;
      this.set({ phase: 'error', problem: e.phrase });
      return false;
    } finally {
      if (this.abort === abort) this.abort = null;
    }
  }

  /** Stops reading a repository. */
  cancel(): void {
    this.abort?.abort();
    if (this.state.phase === 'reading') this.set({ phase: 'idle' });
  }

  /** The source to download, or null when the model was refused (said in the state). */
  private async inspect(repo: HubRepo, signal: AbortSignal): Promise<RemoteSource | null> {
    // A model kept in the browser: its weights and its configuration files, with no request.
    await this.remote.listed;
    const storedFile = WEIGHTS_FILES.find((f) => this.remote.isStored(hubFileUrl(repo, f)));
    let configText = storedFile ? await this.configs.get(hubFileUrl(repo, CONFIG)) : undefined;
    const fromStore = typeof configText === 'string';
    if (!fromStore) configText = await this.fetchText(repo, CONFIG, signal, true);
    const config = this.json(repo, CONFIG, configText!);
    let preText: string | null = null;
    // A refusal needs no more than config.json; a transformers ResNet's preprocessing is in its own file.
    const first = readHubConfig(repo, config, null);
    if (first.ok && needsPreprocessorConfig(config)) {
      const stored = fromStore ? await this.configs.get(hubFileUrl(repo, PREPROCESSOR)) : undefined;
      preText = stored !== undefined ? stored : await this.fetchText(repo, PREPROCESSOR, signal, false);
    }
    const reading = first.ok && preText !== null ? readHubConfig(repo, config, this.json(repo, PREPROCESSOR, preText)) : first;
    if (!reading.ok) {
      this.set({ phase: 'refused', problem: refusalPhrase(reading.refusal) });
      return null;
    }
    const model = reading.model;
    let file: WeightsFile = storedFile ?? 'model.safetensors';
    let bytes: number | null = null;
    let fallback: string | undefined;
    if (!storedFile) {
      const found = await this.findWeights(repo, signal);
      if (found) ({ file, bytes } = found);
      else fallback = hubFileUrl(repo, 'pytorch_model.bin');
    }
    const url = hubFileUrl(repo, file);
    const details: HubDetails = { model, summary: hubModelPhrase(model), preprocessing: preprocessingPhrase(model.preprocessing, model.cropPct), file };
    return {
      url,
      name: repo.id,
      approxBytes: bytes ?? approxStateDictBytes(model.spec),
      preprocessing: model.preprocessing,
      hub: details,
      fallbackUrl: fallback,
      prepare: (weights) => {
        const bad = weightsMismatch(weights, model.spec);
        if (bad) return phrase('{id}’s weights do not match its config.json ({problems}); nothing was changed.', { id: repo.id, problems: bad });
        this.target.openSpec(model.spec);
        return null;
      },
      loaded: async (loadedUrl) => {
        this.set({ opened: { model, url: loadedUrl, name: repo.id } });
        // Kept with the weights (deleting them forgets these too), so the model opens again offline.
        await this.configs.put(hubFileUrl(repo, CONFIG), configText!);
        if (needsPreprocessorConfig(config)) await this.configs.put(hubFileUrl(repo, PREPROCESSOR), preText);
      },
    };
  }

  /** Forgets a stored Hub model's configuration files with its weights. */
  async forget(weightsUrl: string): Promise<void> {
    const r = repoOfFileUrl(weightsUrl);
    if (r) await this.configs.delete([hubFileUrl(r.repo, CONFIG), hubFileUrl(r.repo, PREPROCESSOR)]);
  }

  private json(repo: HubRepo, file: string, text: string): unknown {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new HubError(phrase('{id}’s {file} is not valid JSON, so the model cannot be read from it.', { id: repo.id, file }));
    }
  }

  /** A small file of the repository as text; null when it has none (404) and the file is optional. */
  private async fetchText(repo: HubRepo, file: string, signal: AbortSignal, required: boolean): Promise<string | null> {
    if (!isOnline()) {
      throw new HubError(phrase('You are offline, so {id} cannot be read from huggingface.co. Models kept in this browser open without a connection.', { id: repo.id }));
    }
    let response: Response;
    try {
      response = await this.doFetch(hubFileUrl(repo, file), { signal, mode: 'cors', credentials: 'omit', cache: 'no-store' });
    } catch (e) {
      if (signal.aborted) throw e;
      throw new HubError(
        isOnline()
          ? phrase('The browser could not reach huggingface.co to read {id}’s {file}: the network failed or the request was refused. Try again.', { id: repo.id, file })
          : phrase('You are offline, so {id} cannot be read from huggingface.co. Models kept in this browser open without a connection.', { id: repo.id }),
      );
    }
    if (response.status === 404 && !required) {
      void response.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!response.ok) {
      void response.body?.cancel().catch(() => undefined);
      const vars = { id: repo.id, file, status: response.status };
      if (response.status === 404) {
        throw new HubError(phrase('{id} has no {file} on the Hub (HTTP 404): check the name. The app opens timm’s and transformers’ models, whose repositories have one.', vars));
      }
      if (response.status === 401 || response.status === 403) {
        throw new HubError(
          phrase('huggingface.co does not show {id} (HTTP {status}): no public model has that name, or it is private or gated. Check the name, or download its weights while signed in and drop them on this page.', vars),
        );
      }
      throw new HubError(phrase('huggingface.co answered HTTP {status} for {id}’s {file}. Try again in a minute.', vars));
    }
    const length = Number(response.headers.get('content-length'));
    if (length > MAX_CONFIG_BYTES) {
      void response.body?.cancel().catch(() => undefined);
      throw new HubError(phrase('{id}’s {file} is too large to be a configuration file.', { id: repo.id, file }));
    }
    const text = await response.text();
    if (text.length > MAX_CONFIG_BYTES) throw new HubError(phrase('{id}’s {file} is too large to be a configuration file.', { id: repo.id, file }));
    return text;
  }

  /**
   * Which weights file the repository has, and its size: a HEAD request for each, in order. Null when the Hub
   * cannot say (the download then tries model.safetensors, then pytorch_model.bin).
   */
  private async findWeights(repo: HubRepo, signal: AbortSignal): Promise<{ file: WeightsFile; bytes: number | null } | null> {
    for (const file of WEIGHTS_FILES) {
      let r: Response;
      try {
        r = await this.doFetch(hubFileUrl(repo, file), { method: 'HEAD', signal, mode: 'cors', credentials: 'omit', cache: 'no-store' });
      } catch (e) {
        if (signal.aborted) throw e;
        return null;
      }
      if (r.ok) {
        const n = Number(r.headers.get('content-length'));
        return { file, bytes: Number.isFinite(n) && n > 0 ? n : null };
      }
      if (r.status !== 404) return null;
    }
    throw new HubError(phrase('{id} has neither model.safetensors nor pytorch_model.bin, so there are no weights to load.', { id: repo.id }));
  }
}
