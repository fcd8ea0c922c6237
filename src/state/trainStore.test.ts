/**
 * The Train tab's store, React-free, driving the real Trainer on the WebAssembly backend with the shipped
 * Fashion-MNIST subset and two tiny nets (a plain and a residual twin), so every number is a real step's.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_SETTING_RULES, checkModel, english, type ResNetSpec } from '../core';
import { useNodeBackend } from '../runtime/backends/node';
import { parseSafetensors } from '../runtime/weights/safetensors';
import { fashionMnistData, forDataset, Trainer, TrainingError, type TrainingData } from '../runtime/train';
import { readFashionMnist } from '../runtime/train/fashionMnistNode';
import { DEFAULT_RUNS, DEFAULT_SETTINGS, TrainStore, checkSettings, runLabel, toTrainConfig, trainProgress } from './trainStore';
import type { TrainEngine } from '../runtime/train/engineTypes';
import type { UrlAdapter } from './modelStore';

const tiny = (residual: boolean): ResNetSpec => ({
  block: 'basic',
  stages: [
    { blocks: 1, width: 4, stride: 1 },
    { blocks: 1, width: 8, stride: 2 },
  ],
  groups: 1,
  widthPerGroup: 64,
  stridePlacement: 'v1.5',
  shortcut: 'A',
  residual,
  stem: { kernel: 3, stride: 1, width: 4, maxPool: false },
  input: { channels: 1, height: 28, width: 28 },
  numClasses: 10,
});

let data: TrainingData;
const fit = (s: ResNetSpec) => forDataset(s, { input: { channels: 1, height: 28, width: 28 }, numClasses: 10 });

function memoryUrl(query = ''): UrlAdapter & { query: string } {
  const u = {
    query,
    read: () => u.query,
    write: (q: string) => {
      u.query = q;
    },
  };
  return u;
}

function engine(): TrainEngine {
  return {
    data,
    createTrainer(spec, config) {
      const checked = checkModel(spec);
      if (!checked.ok) throw new TrainingError(checked.errors[0].phrase);
      return new Trainer(checked.value, data, config);
    },
  };
}

async function smallStore(steps: number, url = memoryUrl()) {
  const store = new TrainStore(url, async () => engine(), fit);
  await store.setRun(0, tiny(false));
  await store.setRun(1, tiny(true));
  await store.removeRun(3);
  await store.removeRun(2);
  store.setSettings({ steps, batchSize: 8, evalEvery: steps, warmupSteps: 1 });
  return store;
}

let store: TrainStore | null = null;

/** A store that never trains (its runs' shape is all a test needs). */
const store0 = () => new TrainStore(memoryUrl(), async () => engine(), fit);

beforeAll(async () => {
  await useNodeBackend('wasm');
  // The whole training set, and the first 64 test images so that evaluating stays quick.
  data = { ...fashionMnistData(await readFashionMnist()), testCount: 64 };
}, 60_000);

afterEach(async () => {
  await store?.dispose();
  store = null;
});

describe('TrainStore', () => {
  it('dispose drops its listeners: a disposed store tells no one', async () => {
    const url = memoryUrl();
    const s = new TrainStore(url, async () => engine(), fit);
    let heard = 0;
    s.subscribe(() => heard++);
    s.setOpen(true);
    expect(heard).toBe(1);
    await s.dispose();
    s.setOpen(false);
    expect(heard).toBe(1);
  });

  it('starts with Plain-20, Plain-56, ResNet-20 and ResNet-56 fitted to Fashion-MNIST, and the tab follows the URL', () => {
    const url = memoryUrl('model=resnet50&view=train');
    store = new TrainStore(url, async () => engine(), fit);
    const s = store.getState();
    expect(DEFAULT_RUNS).toEqual(['plain20', 'plain56', 'resnet20', 'resnet56']);
    expect(s.runs.map((r) => r.label)).toEqual(['Plain-20', 'Plain-56', 'ResNet-20', 'ResNet-56']);
    expect(s.runs.every((r) => r.spec.input.channels === 1 && r.spec.input.height === 28 && r.spec.numClasses === 10)).toBe(true);
    expect(s.open).toBe(true);
    store.setOpen(false);
    expect(new URLSearchParams(url.query).get('view')).toBeNull();
    expect(new URLSearchParams(url.query).get('model')).toBe('resnet50');
    store.setOpen(true);
    expect(new URLSearchParams(url.query).get('view')).toBe('train');
  });

  it('trains two runs in turns to the last step with the runtime numbers, then resets and frees every tensor', async () => {
    const before = tf.memory().numTensors;
    store = await smallStore(4);
    await store.start();
    const s = store.getState();
    expect(s.phase).toBe('done');
    for (const run of s.runs) {
      expect(run.status).toBe('done');
      expect(run.points.map((p) => p.step)).toEqual([1, 2, 3, 4]);
      for (const p of run.points) {
        expect(Number.isFinite(p.loss) && p.loss > 0).toBe(true);
        expect(p.accuracy).toBeGreaterThanOrEqual(0);
      }
      // Ten classes at initialisation: the loss starts near ln 10.
      expect(run.points[0].loss).toBeGreaterThan(1.5);
      expect(run.points[0].loss).toBeLessThan(4);
      expect(run.tests).toHaveLength(1);
      expect(run.tests[0].step).toBe(4);
      expect(run.imagesPerSecond).toBeGreaterThan(0);
      // One gradient norm per weighted layer (stem, 4 block convs, fc); option A adds no shortcut conv.
      expect(run.flowInit!.map((n) => n.depth)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(run.flowLatest!.norms).toHaveLength(6);
    }
    // The warm-up: the first step at lr × 0.1.
    expect(s.runs[0].points.length).toBe(4);
    const weights = await store.weightsOf(1);
    expect(weights.step).toBe(4);
    const file = parseSafetensors(weights.bytes);
    expect([...file.entries.keys()]).toContain('layer1.0.conv1.weight');
    expect(file.entries.get('layer1.0.bn1.num_batches_tracked')!.dtype).toBe('I64');
    expect(file.metadata.steps).toBe('4');
    await store.reset();
    expect(store.getState().runs.every((r) => r.points.length === 0 && r.status === 'idle')).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('pauses after the current step and resumes where it stopped; closing the tab pauses', async () => {
    store = await smallStore(6);
    const started = store.start();
    await new Promise<void>((resolve) => {
      const off = store!.subscribe(() => {
        if (store!.getState().runs[1].points.length >= 1) {
          off();
          resolve();
        }
      });
    });
    store.setOpen(false);
    await started;
    const paused = store.getState();
    expect(paused.phase).toBe('paused');
    const done = paused.runs.map((r) => r.points.length);
    expect(Math.max(...done)).toBeLessThan(6);
    expect(paused.runs.every((r) => r.status === 'paused')).toBe(true);
    // Settings are frozen until a reset.
    store.setSettings({ steps: 99 });
    expect(store.getState().settings.steps).toBe(6);
    await store.start();
    const after = store.getState();
    expect(after.phase).toBe('done');
    expect(after.runs.map((r) => r.points.map((p) => p.step))).toEqual([
      [1, 2, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6],
    ]);
  }, 60_000);

  it('changing a run’s model while training pauses cleanly and starts that run over', async () => {
    const before = tf.memory().numTensors;
    store = await smallStore(6);
    const started = store.start();
    await new Promise<void>((resolve) => {
      const off = store!.subscribe(() => {
        if (store!.getState().runs[0].points.length >= 1) {
          off();
          resolve();
        }
      });
    });
    await store.setRun(1, tiny(false), 'Plain twin');
    await started;
    const s = store.getState();
    expect(s.phase).toBe('paused');
    expect(s.runs[0].status).toBe('paused');
    expect(s.runs[0].points.length).toBeGreaterThanOrEqual(1);
    expect(s.runs[1]).toMatchObject({ label: 'Plain twin', status: 'idle', points: [] });
    await store.start();
    expect(store.getState().runs.map((r) => r.points.length)).toEqual([6, 6]);
    await store.reset();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('stops a diverging run with the runtime message and keeps training the other', async () => {
    // lr 1e6: the loss grows about 10^5× a step until it overflows float32.
    store = await smallStore(14);
    expect(store.setRunLr(0, 1e6)).toBeNull();
    store.setSettings({ warmupSteps: 0 });
    await store.start();
    const [bad, good] = store.getState().runs;
    expect(bad.status).toBe('diverged');
    expect(english(bad.message!)).toMatch(/loss became (NaN|Infinity|-Infinity) at step \d/);
    // The message is a phrase, worded in the user's language: its values are in its slots.
    expect(bad.message!.template).toBe('The loss became {loss} at step {step} (learning rate {lr}): training stopped. Try a lower learning rate or a warm-up.');
    expect(bad.points.length).toBeLessThan(14);
    expect(bad.points.at(-1)!.loss).toBeGreaterThan(1e6);
    expect(good.status).toBe('done');
    expect(good.points).toHaveLength(14);
    expect(store.getState().phase).toBe('done');
  }, 60_000);

  it('refuses a batch too large before allocating, with the runtime message, and trains the rest', async () => {
    const before = tf.memory().numTensors;
    store = await smallStore(2);
    await store.setRun(1, fit({ ...tiny(true), stages: [{ blocks: 2, width: 512, stride: 1 }] }));
    store.setSettings({ batchSize: 10_000 });
    await store.start();
    const [small, big] = store.getState().runs;
    expect(big.status).toBe('error');
    expect(english(big.message!)).toMatch(/a batch of 10000 needs about \d+ MB, more than the \d+ MB allowed here; try a batch of \d+/i);
    expect(big.message!.vars).toMatchObject({ batch: 10_000 });
    expect(small.status === 'done' || small.status === 'error').toBe(true);
    await store.reset();
    expect(tf.memory().numTensors).toBe(before);
  }, 60_000);

  it('checks settings and names the field', () => {
    expect(checkSettings({ seed: 1, lr: 0.1, batchSize: 64, momentum: 0.9, weightDecay: 1e-4, warmupSteps: 0, steps: 10, decay: 'cosine', evalEvery: 5 })).toEqual({});
    const bad = checkSettings({ seed: 1.5, lr: -1, batchSize: 0, momentum: 1, weightDecay: NaN, warmupSteps: -1, steps: 0, decay: 'cosine', evalEvery: -1 });
    expect(Object.keys(bad).sort()).toEqual(['batchSize', 'evalEvery', 'lr', 'momentum', 'seed', 'steps', 'warmupSteps', 'weightDecay']);
    expect(english(bad.lr!)).toBe('Learning rate must be a positive number (got -1)');
    expect(runLabel(tiny(false))).toBe('Plain BasicBlock [1-1]');
  });

  it('states the settings’ rules once: the store refuses what the trainer refuses, with the same words', () => {
    const valid = { ...DEFAULT_SETTINGS, steps: 2, batchSize: 8 };
    const spec = checkModel(tiny(true));
    if (!spec.ok) throw new Error('bad spec');
    const bad: Record<string, number[]> = { steps: [0, 1.5], batchSize: [0, 2.5], lr: [0, -1, Infinity], momentum: [1, -0.1], weightDecay: [-1, NaN], warmupSteps: [-1, 0.5], seed: [-1, 1.5], evalEvery: [-1, 0.5] };
    for (const rule of TRAIN_SETTING_RULES) {
      for (const v of bad[rule.key]) {
        const settings = { ...valid, [rule.key]: v };
        const fromStore = checkSettings(settings)[rule.key];
        expect(fromStore, `${rule.key} = ${v}`).toBeDefined();
        let thrown: unknown;
        try {
          new Trainer(spec.value, data, toTrainConfig(settings)).dispose();
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${rule.key} = ${v}`).toBeInstanceOf(TrainingError);
        expect((thrown as TrainingError).phrase).toEqual(fromStore);
      }
    }
    // And what the store accepts, the trainer accepts (0 test evaluations: never).
    new Trainer(spec.value, data, toTrainConfig({ ...valid, evalEvery: 0, warmupSteps: 0, seed: 0 })).dispose();
  });

  it('says how long each run and the experiment still need: the runs take turns', () => {
    const s = { settings: { ...DEFAULT_SETTINGS, steps: 10, batchSize: 16 }, runs: store0().getState().runs };
    const at = (step: number, wall: number | null, status = 'running') => ({ status, points: Array.from({ length: step }, (_, k) => ({ step: k + 1, loss: 1, accuracy: 0 })), wallMsPerStep: wall });
    const runs = [at(6, 100), at(6, 300), at(8, 100), at(3, 50, 'diverged')].map((p, i) => ({ ...s.runs[i], ...p }) as (typeof s.runs)[number]);
    const p = trainProgress({ ...s, runs });
    // Run 1 has 4 steps left, in each of which runs 2 and 3 also step (run 3 only twice more): 4·100 + 4·300 + 2·100.
    expect(p.perRun).toEqual([1800, 1800, 2 * 100 + 2 * 300 + 2 * 100, 0]);
    expect(p.total).toBe(4 * 100 + 4 * 300 + 2 * 100);
    // Three runs still training, one batch of 16 each per 500 ms round.
    expect(p.imagesPerSecond).toBeCloseTo((3 * 16 * 1000) / 500, 9);
    expect(trainProgress({ ...s, runs: runs.map((r) => ({ ...r, wallMsPerStep: null })) }).total).toBeNull();
  });
});
