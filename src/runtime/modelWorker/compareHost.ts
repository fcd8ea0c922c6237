/**
 * The Compare view's models, on the live model's thread (its worker, or the page as the fallback), so a
 * comparison never blocks the page: one model per distinct variant, built in slices (torchvision's random
 * initialisation), timed on the current backend, and run on the inputs the page prepared for them. A variant
 * removed from the comparison is freed at once. Every change of a column is handed to `onColumns`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { analyzeSpec, featureOutputs, phrase, phraseOf, softmax, specKey, topK, type ModelAnalysis, type ResNetSpec } from '../../core';
import { Cancelled, SLICE_MS, memoryNeeded, nextTask, slicer } from '../model/pacing';
import { ResNetModel } from '../model/resnet';
import { ThumbnailCollector, type Thumbnail } from '../model/thumbnails';
import type { ColumnState, CompareInput } from './protocol';

/** What the compared models together may hold. */
const BUDGET = 1.5e9;
/** Passes timed per model (after a first, untimed one). */
const RUNS = 3;

export class CompareHost {
  private readonly models = new Map<string, ResNetModel>();
  private readonly analyses = new Map<string, ModelAnalysis>();
  private columns = new Map<string, ColumnState>();
  private keys: string[] = [];
  /** Bumped by each setVariants: an older one stops at its next pause. */
  private token = 0;
  /** Bumped by each predict: an older one stops at its next pause. */
  private predictToken = 0;

  /** `ready` resolves once the thread's backend is chosen. */
  constructor(
    private readonly onColumns: (columns: ColumnState[]) => void,
    private readonly ready: () => Promise<void>,
  ) {}

  private emit(): void {
    this.onColumns(this.keys.map((k) => this.columns.get(k)!));
  }

  private patch(key: string, p: Partial<ColumnState>): void {
    const column = this.columns.get(key);
    if (!column) return;
    this.columns.set(key, { ...column, ...p });
    this.emit();
  }

  /** The variants now compared, by spec ([] when the comparison is closed: every model is freed). */
  async setVariants(specs: ResNetSpec[]): Promise<void> {
    const token = ++this.token;
    await this.ready();
    if (token !== this.token) return;
    const keys = specs.map(specKey);
    for (const [i, k] of keys.entries()) if (!this.analyses.has(k)) this.analyses.set(k, analyzeSpec(specs[i]));
    const wanted = new Set(keys);
    for (const [k, m] of this.models) {
      if (wanted.has(k)) continue;
      m.dispose();
      this.models.delete(k);
    }
    for (const k of [...this.analyses.keys()]) if (!wanted.has(k)) this.analyses.delete(k);
    for (const k of [...this.columns.keys()]) if (!wanted.has(k)) this.columns.delete(k);
    for (const k of keys) if (!this.columns.has(k)) this.columns.set(k, { key: k, status: 'waiting', note: null, latencyMs: null, top: null, thumbs: null });
    this.keys = [...new Set(keys)];
    this.emit();
    let used = [...this.models.values()].reduce((n, m) => n + memoryNeeded(m.analysis), 0);
    for (const k of this.keys) {
      const column = this.columns.get(k)!;
      if (column.status === 'skipped' || column.status === 'ready' || column.status === 'error') continue;
      if (token !== this.token) return;
      const a = this.analyses.get(k)!;
      let model = this.models.get(k);
      if (!model) {
        const need = memoryNeeded(a);
        if (used + need > BUDGET) {
          this.patch(k, { status: 'skipped', note: phrase('Not loaded: the compared models together would need over {gb} GB', { gb: (BUDGET / 1e9).toFixed(1) }) });
          continue;
        }
        this.patch(k, { status: 'building' });
        try {
          const built = await this.build(a, token);
          if (!built) return;
          model = built;
        } catch (e) {
          this.patch(k, { status: 'error', note: phraseOf(e) });
          continue;
        }
        this.models.set(k, model);
        used += need;
      }
      // An interrupted pass leaves a model untimed; the next setVariants times it.
      const latencyMs = await this.time(model, token);
      if (latencyMs === null) return;
      this.patch(k, { status: 'ready', latencyMs });
    }
  }

  /** torchvision's random initialisation, layer by layer, yielding between slices; null when a newer setVariants took over. */
  private async build(a: ModelAnalysis, token: number): Promise<ResNetModel | null> {
    const model = new ResNetModel(a);
    let start = performance.now();
    try {
      for (const layer of model.parameterLayers) {
        model.initLayer(layer);
        if (performance.now() - start < SLICE_MS) continue;
        await nextTask();
        if (token !== this.token) throw new Cancelled();
        start = performance.now();
      }
      return model;
    } catch (e) {
      model.dispose();
      if (e instanceof Cancelled) return null;
      throw e;
    }
  }

  /** Median of a few 1-image passes on the current backend (layer by layer, as before the worker). */
  private async time(model: ResNetModel, token: number): Promise<number | null> {
    const { height, width, channels } = model.analysis.graph.spec.input;
    const x = tf.randomNormal([1, height, width, channels]) as tf.Tensor4D;
    const times: number[] = [];
    try {
      for (let i = 0; i <= RUNS; i++) {
        const t0 = performance.now();
        const { logits } = await model.forwardAsync(x, new Set(), slicer(() => token !== this.token));
        await logits.data();
        logits.dispose();
        if (i > 0) times.push(performance.now() - t0);
      }
    } catch {
      return null;
    } finally {
      x.dispose();
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1];
  }

  /**
   * The page's image through every compared model that is built: each input (NHWC, prepared on the page for
   * the variants in `keys`) gives those columns their top five and their stem and stage thumbnails. What the
   * columns showed of the previous image goes at once; a newer call stops this one.
   */
  async predict(inputs: CompareInput[]): Promise<void> {
    const token = ++this.predictToken;
    this.clearImage();
    for (const input of inputs) {
      for (const k of input.keys) {
        if (token !== this.predictToken) return;
        const model = this.models.get(k);
        if (!model) continue;
        const rows = featureOutputs(model.analysis);
        const x = tf.tensor4d(input.values, input.shape);
        const collector = new ThumbnailCollector('mean');
        try {
          const { logits, activations } = await model.forwardAsync(x, new Set(rows.keys()), slicer(() => token !== this.predictToken || this.models.get(k) !== model));
          for (const [id, t] of activations) collector.observe(id, t);
          tf.dispose([...activations.values()]);
          const values = await logits.data();
          logits.dispose();
          // One readback for all of this column's thumbnails.
          const read = await collector.read(k, '');
          const thumbs: Record<string, Thumbnail> = {};
          for (const [id, t] of read.byLayer) thumbs[rows.get(id)!] = t;
          if (token === this.predictToken) this.patch(k, { top: topK(softmax(values), 5), thumbs });
        } catch {
          // A newer image, or the model freed mid-run: nothing to show from this one.
        } finally {
          collector.dispose();
          x.dispose();
        }
      }
    }
  }

  /** Forgets what the columns show of the image (a new one is coming). */
  clearImage(): void {
    if (![...this.columns.values()].some((c) => c.thumbs || c.top)) return;
    for (const [k, c] of this.columns) this.columns.set(k, { ...c, thumbs: null, top: null });
    this.emit();
  }

  dispose(): void {
    this.token++;
    this.predictToken++;
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
  }
}
