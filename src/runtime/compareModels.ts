/**
 * The models of a comparison: one per distinct variant, built in turn (random weights, seeded), timed on the
 * current backend, and run on the current image. A variant removed from the comparison is freed at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Emitter, featureOutputs, phrase, phraseOf, softmax, specKey, topK, type ModelAnalysis, type Phrase } from '../core';
import { prepareInput } from './input/image';
import { datasetOf } from './input/datasets';
import type { InferenceSession } from './inference';
import { ResNetModel } from './model/resnet';
import { ensureBackend } from './backends/choose';
import { memoryNeeded, slicer } from './model/pacing';
import { ThumbnailCollector, type Thumbnail } from './model/thumbnails';
import { randomModel } from './weights/load';

export interface ColumnState {
  key: string;
  status: 'waiting' | 'building' | 'ready' | 'skipped' | 'error';
  /** Why a column has no figures (a phrase, for the UI to translate). */
  note: Phrase | null;
  latencyMs: number | null;
  top: { index: number; p: number }[] | null;
  /** The shared image's stem and stage outputs through this variant, by row (`stem`, `layer1`, …). */
  thumbs: Record<string, Thumbnail> | null;
}


const BUDGET = 1.5e9;
const RUNS = 3;

export class CompareModels {
  private readonly models = new Map<string, ResNetModel>();
  private columns = new Map<string, ColumnState>();
  private analyses: ModelAnalysis[] = [];
  private readonly emitter = new Emitter();
  private token = 0;
  private snapshot: ColumnState[] = [];

  /** The compared models live on the page's thread (the live model has its own worker). */
  constructor(private readonly session: InferenceSession) {
    this.emitter.track(
      session.subscribe(() => {
        const s = session.getState();
        // A new image: what the columns show of the old one goes at once.
        if (s.thumbnails === null && s.status !== 'done') this.clearThumbs();
        if (this.analyses.length && s.status === 'done') void this.predictAll();
      }),
    );
  }

  getState = (): ColumnState[] => this.snapshot;

  readonly subscribe = this.emitter.subscribe;

  private emit(): void {
    this.snapshot = this.analyses.map((a) => this.columns.get(keyOf(a))!);
    this.emitter.emit();
  }

  private patch(key: string, p: Partial<ColumnState>): void {
    this.columns.set(key, { ...this.columns.get(key)!, ...p });
    this.emit();
  }

  /** The variants now compared ([] when the comparison is closed: every model is freed). */
  async setVariants(analyses: ModelAnalysis[]): Promise<void> {
    await ensureBackend();
    const token = ++this.token;
    this.analyses = analyses;
    const keys = new Set(analyses.map(keyOf));
    for (const [k, m] of this.models) {
      if (keys.has(k)) continue;
      m.dispose();
      this.models.delete(k);
    }
    for (const k of [...this.columns.keys()]) if (!keys.has(k)) this.columns.delete(k);
    for (const a of analyses) {
      const k = keyOf(a);
      if (!this.columns.has(k)) this.columns.set(k, { key: k, status: 'waiting', note: null, latencyMs: null, top: null, thumbs: null });
    }
    this.emit();
    let used = [...this.models.values()].reduce((n, m) => n + memoryNeeded(m.analysis), 0);
    for (const a of analyses) {
      const k = keyOf(a);
      const column = this.columns.get(k)!;
      if (column.status === 'skipped' || column.status === 'ready' || column.status === 'error') continue;
      if (token !== this.token) return;
      let model = this.models.get(k);
      if (!model) {
        const need = memoryNeeded(a);
        if (used + need > BUDGET) {
          this.patch(k, { status: 'skipped', note: phrase('Not loaded: the compared models together would need over {gb} GB', { gb: (BUDGET / 1e9).toFixed(1) }) });
          continue;
        }
        this.patch(k, { status: 'building' });
        await new Promise((r) => setTimeout(r, 0));
        if (token !== this.token) return;
        try {
          model = randomModel(a);
        } catch (e) {
          this.patch(k, { status: 'error', note: phraseOf(e) });
          continue;
        }
        this.models.set(k, model);
        used += need;
      }
      // An interrupted pass leaves a model untimed; the next pass times it.
      const latencyMs = await this.time(model, token);
      if (latencyMs === null) return;
      this.patch(k, { status: 'ready', latencyMs });
    }
    await this.predictAll();
  }

  /** Median of a few 1-image passes on the current backend. */
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

  /** The session's image through every loaded model. */
  private async predictAll(): Promise<void> {
    const image = this.session.currentImage();
    if (!image) return;
    for (const a of this.analyses) {
      const k = keyOf(a);
      const model = this.models.get(k);
      if (!model) continue;
      const channels = a.graph.spec.input.channels;
      if (channels !== 1 && channels !== 3) continue;
      const prepared = prepareInput(image, a.graph.spec.input, this.session.getState().preprocessing, datasetOf(a.graph.spec));
      const x = tf.tensor4d(prepared.values, prepared.shape);
      const rows = featureOutputs(a);
      const collector = new ThumbnailCollector('mean');
      try {
        const { logits, activations } = model.forward(x, new Set(rows.keys()));
        for (const [id, t] of activations) collector.observe(id, t);
        tf.dispose([...activations.values()]);
        const values = await logits.data();
        logits.dispose();
        // One readback for all of this column's thumbnails.
        const read = await collector.read(k, '');
        const thumbs: Record<string, Thumbnail> = {};
        for (const [id, t] of read.byLayer) thumbs[rows.get(id)!] = t;
        this.patch(k, { top: topK(softmax(values), 5), thumbs });
      } catch {
        // A model freed mid-run: its column is gone.
      } finally {
        collector.dispose();
        x.dispose();
      }
    }
  }

  private clearThumbs(): void {
    if (![...this.columns.values()].some((c) => c.thumbs)) return;
    for (const [k, c] of this.columns) this.columns.set(k, { ...c, thumbs: null, top: null });
    this.emit();
  }

  dispose(): void {
    this.token++;
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
    this.emitter.dispose();
  }
}

const keyOf = (a: ModelAnalysis) => specKey(a.graph.spec);
