/**
 * The models of a comparison, as the page sees them. The models themselves live on the live model's thread
 * (its worker; the page's thread with `?worker=off`), where they are built in slices, timed and run
 * (`modelWorker/compareHost.ts`), so a comparison of big models never blocks the page. Here: the columns' state
 * as that thread reports it, and the shared image, prepared on the page for each input size and sent over.
 */
import { Emitter, preprocessingKey, specKey, type ModelAnalysis } from '../core';
import { prepareInput, type DecodedImage } from './input/image';
import { datasetOf } from './input/datasets';
import type { InferenceSession } from './inference';
import type { ColumnState, CompareInput } from './modelWorker/protocol';
import type { ModelRunner } from './runner';

export type { ColumnState } from './modelWorker/protocol';

export class CompareModels {
  private analyses: ModelAnalysis[] = [];
  private readonly emitter = new Emitter();
  private snapshot: ColumnState[] = [];
  /** The picture (and preprocessing) the columns were last given, so each new one is sent once. */
  private sentImage: { image: DecodedImage; policy: string } | null = null;
  /** The picture whose arrival last cleared the columns. */
  private cleared: { image: DecodedImage; policy: string } | null = null;
  /** The runner's engine the models were asked of (a restarted worker has none of them). */
  private generation: number;
  private readonly runner: ModelRunner;

  constructor(private readonly session: InferenceSession) {
    this.runner = session.runner;
    this.generation = this.runner.generation;
    this.emitter.track(session.subscribe(() => this.onSession()));
    // The runner is a stand-in in some unit tests: it may not relay the comparison.
    if (this.runner.subscribeCompare) this.emitter.track(this.runner.subscribeCompare(() => this.fromRunner()));
    if (this.runner.subscribe) this.emitter.track(this.runner.subscribe(() => this.onRunner()));
  }

  getState = (): ColumnState[] => this.snapshot;

  readonly subscribe = this.emitter.subscribe;

  /** The columns in the order of the variants (the thread reports distinct variants once). */
  private fromRunner(): void {
    const byKey = new Map(this.runner.getCompareColumns().map((c) => [c.key, c]));
    this.snapshot = this.analyses.map((a) => byKey.get(keyOf(a)) ?? { key: keyOf(a), status: 'waiting', note: null, latencyMs: null, top: null, thumbs: null });
    this.emitter.emit();
  }

  /** A restarted model thread has lost the compared models: ask for them again. */
  private onRunner(): void {
    if (this.runner.generation === this.generation) return;
    this.generation = this.runner.generation;
    this.sentImage = null;
    if (this.analyses.length) void this.setVariants(this.analyses);
  }

  /**
   * A new picture (or preprocessing): the columns drop the old one's figures at once, and run the new one once
   * the live model has given its predictions (they come first).
   */
  private onSession(): void {
    const image = this.session.currentImage();
    const policy = preprocessingKey(this.session.getState().preprocessing);
    if (!image || !this.analyses.length || (this.sentImage?.image === image && this.sentImage.policy === policy)) return;
    if (this.cleared?.image !== image || this.cleared.policy !== policy) {
      this.cleared = { image, policy };
      this.runner.compareClearImage();
    }
    if (this.session.getState().status === 'done') void this.predictAll();
  }

  /** The variants now compared ([] when the comparison is closed: every model is freed). */
  async setVariants(analyses: ModelAnalysis[]): Promise<void> {
    this.analyses = analyses;
    this.fromRunner();
    await this.runner.compareVariants(analyses.map((a) => a.graph.spec));
    if (this.analyses === analyses && analyses.length) await this.predictAll();
  }

  /** The session's image, prepared here for each input the variants need, through every built model. */
  private async predictAll(): Promise<void> {
    const image = this.session.currentImage();
    if (!image) return;
    const policy = preprocessingKey(this.session.getState().preprocessing);
    this.sentImage = { image, policy };
    const inputs = new Map<string, CompareInput>();
    for (const a of this.analyses) {
      const spec = a.graph.spec;
      const channels = spec.input.channels;
      if (channels !== 1 && channels !== 3) continue;
      const dataset = datasetOf(spec);
      const key = JSON.stringify([spec.input, dataset]);
      const same = inputs.get(key);
      if (same) {
        if (!same.keys.includes(keyOf(a))) same.keys.push(keyOf(a));
        continue;
      }
      let prepared;
      try {
        prepared = await prepareInput(image, spec.input, this.session.getState().preprocessing, dataset);
      } catch {
        // The picture was replaced (and closed) while it was read out: the new one runs instead.
        return;
      }
      // A newer picture or preprocessing came meanwhile: its own pass sends it (this one would land after it).
      if (this.session.currentImage() !== image || preprocessingKey(this.session.getState().preprocessing) !== policy) return;
      inputs.set(key, { keys: [keyOf(a)], values: prepared.values, shape: prepared.shape });
    }
    await this.runner.comparePredict([...inputs.values()]);
  }

  dispose(): void {
    if (this.analyses.length && this.runner.compareVariants) void this.runner.compareVariants([]).catch(() => {});
    this.analyses = [];
    this.emitter.dispose();
  }
}

const keyOf = (a: ModelAnalysis) => specKey(a.graph.spec);
