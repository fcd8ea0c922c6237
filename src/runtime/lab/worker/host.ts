/**
 * The lab worker's side: the test set, and the networks the page opened, by slot. Long jobs (a study, a
 * landscape, the path gradients) yield every few milliseconds so that a `cancel` — or a quick evaluation the
 * page asks for meanwhile — gets in; a cancelled job rejects with a PhraseError of code `cancelled`. Kept free
 * of `self` and comlink's wiring so Node tests can drive it directly.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PhraseError, checkModel, phrase, type ResNetSpec } from '../../../core';
import { seededRng } from '../../../core/lab';
import { slicer } from '../../model/pacing';
import { WeightsError } from '../../weights/load';
import { someProblems } from '../../weights/problems';
import { fashionMnistData, type FashionMnist } from '../../train/fashionMnist';
import { fashionMnistTest } from '../data';
import { lineToInitial, randomDirections, readDirections, type Direction } from '../directions';
import { evaluateSets, type LabData, type Pause, type Score } from '../evaluate';
import { lossGrid, type GridRequest } from '../landscape';
import { LabNet, type TorchModules } from '../labNet';
import { readModules } from '../open';
import { pathGradients, type PathGradients } from '../pathGradients';
import type { DirectionsRequest, LabBackend, LabHostApi, OpenedNet, Top } from './protocol';

interface Slot {
  net: LabNet;
  modules: TorchModules;
  initial: TorchModules | null;
  /** Jobs running on this network: closing it waits for them (after cancelling them). */
  running: Set<Promise<unknown>>;
  jobs: Set<number>;
}

const TEST_INPUT = { channels: 1, height: 28, width: 28 };

export class LabHost implements LabHostApi {
  private set: FashionMnist | null = null;
  private test: LabData | null = null;
  private readonly slots = new Map<string, Slot>();
  private readonly cancelled = new Set<number>();

  constructor(
    private readonly backend: () => Promise<LabBackend>,
    private readonly fetchData: (url: string) => Promise<FashionMnist>,
  ) {}

  startBackend(): Promise<LabBackend> {
    return this.backend();
  }

  async loadData(url: string): Promise<{ test: number; train: number }> {
    this.set ??= await this.fetchData(url);
    this.test ??= fashionMnistTest(this.set);
    return { test: this.set.test.count, train: this.set.train.count };
  }

  async open(slot: string, spec: ResNetSpec, weights: Uint8Array, initial?: Uint8Array): Promise<OpenedNet> {
    const checked = checkModel(spec);
    if (!checked.ok) throw new PhraseError(checked.errors[0].phrase, 'bad-spec');
    const analysis = checked.value;
    const read = (bytes: Uint8Array, what: 'weights' | 'initial') => {
      try {
        return readModules(analysis, bytes);
      } catch (e) {
        if (!(e instanceof WeightsError)) throw e;
        const reason = someProblems(e.problems, 3);
        throw new PhraseError(
          what === 'weights' ? phrase('The weights do not fit this network: {reason}', { reason }) : phrase('The initial weights do not fit this network: {reason}', { reason }),
          'bad-weights',
        );
      }
    };
    const modules = read(weights, 'weights');
    const init = initial ? read(initial, 'initial') : null;
    await this.close(slot);
    const net = new LabNet(analysis, modules);
    this.slots.set(slot, { net, modules, initial: init, running: new Set(), jobs: new Set() });
    const { input, numClasses } = spec;
    return {
      blocks: net.blocks.map(({ info, deletion: d }) => (d.deletable ? { name: info.name, deletable: true, becomes: d.becomes } : { name: info.name, deletable: false, why: d.why })),
      hasInitial: init !== null,
      fitsTestSet: input.channels === TEST_INPUT.channels && input.height === TEST_INPUT.height && input.width === TEST_INPUT.width && numClasses === 10,
    };
  }

  async close(slot: string): Promise<void> {
    const s = this.slots.get(slot);
    if (!s) return;
    this.slots.delete(slot);
    for (const job of s.jobs) this.cancelled.add(job);
    await Promise.allSettled([...s.running]);
    s.net.dispose();
  }

  cancel(job: number): void {
    this.cancelled.add(job);
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name);
    if (!s) throw new PhraseError(phrase('There is no network open as {slot}', { slot: name }), 'no-network');
    return s;
  }

  private testSet(s: Slot): LabData {
    if (!this.test) throw new PhraseError(phrase('The test images are not loaded yet'), 'no-data');
    const { input, numClasses } = s.net.analysis.graph.spec;
    if (input.channels !== 1 || input.height !== 28 || input.width !== 28 || numClasses !== 10) {
      throw new PhraseError(phrase('This network takes {c}×{h}×{w} images and {k} classes; the test set has 1×28×28 images of 10 classes', { c: input.channels, h: input.height, w: input.width, k: numClasses }), 'no-test-set');
    }
    return this.test;
  }

  /** Runs a job on a network: it can be cancelled, and closing the network waits for it. */
  private async job<T>(job: number, name: string, work: (s: Slot, pause: Pause) => Promise<T>): Promise<T> {
    const s = this.slot(name);
    const pause = slicer(() => this.cancelled.has(job));
    const guarded: Pause = async () => {
      try {
        await pause();
      } catch {
        throw new PhraseError(phrase('Cancelled'), 'cancelled');
      }
    };
    s.jobs.add(job);
    const run = work(s, guarded);
    s.running.add(run);
    try {
      return await run;
    } finally {
      s.running.delete(run);
      s.jobs.delete(job);
      this.cancelled.delete(job);
    }
  }

  study(job: number, slot: string, sets: string[][], onBatch?: (done: number, scores: Score[]) => void, images?: number): Promise<Score[]> {
    return this.job(job, slot, (s, pause) =>
      // A first batch of 100: the first figures are on screen sooner; then batches of 250.
      evaluateSets(s.net, this.testSet(s), sets, { images, pause, firstChunk: 100, onBatch: onBatch && ((done, scores) => void onBatch(done, scores.map((x) => ({ ...x })))) }),
    );
  }

  private directions(s: Slot, req: DirectionsRequest): Direction[] {
    const a = s.net.analysis;
    if (req.kind === 'random') return randomDirections(a, s.modules, req.seed, req.count);
    if (req.kind === 'file') return readDirections(req.bytes, a);
    if (!s.initial) throw new PhraseError(phrase('This run did not keep its initial weights'), 'no-initial');
    return [lineToInitial(a, s.modules, s.initial)];
  }

  landscape(job: number, slot: string, directions: DirectionsRequest, grid: GridRequest, onPoint?: (i: number, j: number, score: Score) => void): Promise<Score[][]> {
    return this.job(job, slot, (s, pause) => lossGrid(s.net, this.testSet(s), this.directions(s, directions), grid, onPoint && ((p) => void onPoint(p.i, p.j, { ...p.score })), pause));
  }

  paths(job: number, slot: string, opts: { perLength: number; seed: number; batch: number }, onLength?: (k: number, got: PathGradients) => void): Promise<PathGradients> {
    return this.job(job, slot, async (s, pause) => {
      this.testSet(s);
      // A batch of training images, drawn with the seed (Veit et al. used random training batches).
      const data = fashionMnistData(this.set!);
      const rng = seededRng(opts.seed);
      const indices = Array.from({ length: Math.min(opts.batch, data.trainCount) }, () => Math.floor(rng() * data.trainCount));
      const b = data.trainBatch(indices);
      const batch: LabData = { images: b.input, labels: b.labels, count: b.size, input: data.input };
      return pathGradients(s.net, batch, { perLength: opts.perLength, seed: opts.seed }, onLength && ((k, got) => void onLength(k, structuredClone(got))), pause);
    });
  }

  async predict(slot: string, images: { values: Float32Array; shape: [number, number, number, number] }[], deleted: string[]): Promise<Top[][]> {
    const s = this.slot(slot);
    const off = new Set(deleted);
    const out: Top[][] = [];
    for (const img of images) {
      const probs = tf.tidy(() => tf.softmax(s.net.forward(tf.tensor4d(img.values, img.shape), off)));
      const values = (await probs.data()) as Float32Array;
      probs.dispose();
      const top = [...values].map((p, index) => ({ index, p })).sort((a, b) => b.p - a.p || a.index - b.index);
      out.push(top.slice(0, 5));
    }
    return out;
  }

  async memory(): Promise<{ numTensors: number; numBytes: number }> {
    const { numTensors, numBytes } = tf.memory();
    return { numTensors, numBytes };
  }
}
