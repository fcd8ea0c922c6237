/**
 * The training worker's protocol in Node: the host exposed with comlink on one end of a MessageChannel (what the
 * worker does, its lifeline held), the page's engine on the other, watched by the workers' one lifecycle, so every
 * call is structured-cloned (and the weights' bytes transferred) exactly as between a page and its worker, and a
 * worker's death — an uncaught error, or an end without a word — is noticed as in the browser. Real steps on the
 * shipped Fashion-MNIST subset.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkModel, english, type ResNetSpec } from '../../../core';
import { TrainStore } from '../../../state/trainStore';
import { useNodeBackend } from '../../backends/node';
import { forDataset } from '../data';
import { fashionMnistData, type FashionMnist } from '../fashionMnist';
import { readFashionMnist } from '../fashionMnistNode';
import { DEFAULT_TRAIN_CONFIG, Trainer, type TrainConfig } from '../trainer';
import { LockSpace } from '../../../../tests/locks';
import { holdLifeline, watchWorker, type WorkerLike } from '../../workers/lifecycle';
import { TrainHost } from './host';
import type { TrainHostApi } from './protocol';
import { WorkerFailedError, WorkerTrainEngine, type WorkerConnection } from './workerEngine';

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
const CONFIG: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, batchSize: 8, steps: 3, evalEvery: 3, warmupSteps: 1 };

let set: FashionMnist;
const channels: MessagePort[] = [];

const locks = new LockSpace();

type Connection = WorkerConnection & {
  /** An uncaught error in the worker (its error event; none given: a script that could not load). */
  kill(reason?: string): void;
  /** The worker ends without a word (`self.close()`): its lifeline goes, no event fires. */
  exit(): void;
  readonly terminated: boolean;
};

/** A host behind a MessageChannel, as the worker serves it, watched as the page watches its worker. */
function connect(fetchData: (url: string) => Promise<FashionMnist> = async () => set): Connection {
  const { port1, port2 } = new MessageChannel();
  channels.push(port1, port2);
  const host = new TrainHost(async () => ({ name: 'wasm', threads: 1 }), fetchData, Comlink.transfer);
  const workerLocks = locks.context();
  holdLifeline(port1, workerLocks);
  Comlink.expose(host, port1);
  let terminated = false;
  const exit = () => {
    // An ended worker takes its tensors with it; here the host shares this process, so they are freed.
    for (let id = 0; id < 100; id++) void host.dispose(id);
    workerLocks.end();
    port1.close();
  };
  const worker: WorkerLike = Object.assign(port2, {
    terminate: () => {
      terminated = true;
      exit();
    },
  });
  const link = watchWorker<TrainHostApi>(() => worker, { locks: locks.context() });
  return {
    api: link.remote as unknown as TrainHostApi,
    died: link.died,
    running: () => link.running(),
    terminate: () => link.terminate(),
    get terminated() {
      return terminated;
    },
    kill: (reason?: string) => port2.dispatchEvent(Object.assign(new Event('error'), { message: reason ? `Uncaught ${reason}` : '' })),
    exit,
  };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
  set = await readFashionMnist();
}, 60_000);

afterEach(() => {
  for (const p of channels.splice(0)) p.close();
});

describe('the training worker engine', () => {
  it('trains through messages exactly as a Trainer on the page does, and frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const engine = await WorkerTrainEngine.start(connect(), 'data.bin.gz');
    expect(engine.data).toEqual({ input: { channels: 1, height: 28, width: 28 }, numClasses: 10, trainCount: 10_000, testCount: 2000 });
    const remote = engine.createTrainer(tiny(true), CONFIG);
    const data = fashionMnistData(set);
    const checked = checkModel(forDataset(tiny(true), data));
    if (!checked.ok) throw new Error('bad spec');
    const local = new Trainer(checked.value, data, CONFIG);

    expect(await remote.gradientFlow()).toEqual(await local.gradientFlow());
    for (let k = 1; k <= 3; k++) {
      const [r, l] = [await remote.trainStep(), await local.trainStep()];
      expect({ ...r, ms: 0, imagesPerSecond: 0 }).toEqual({ ...l, ms: 0, imagesPerSecond: 0 });
      expect(r.step).toBe(k);
      expect(remote.status).toBe(local.status);
    }
    expect(remote.status).toBe('done');
    expect((await engine.memory()).numTensors).toBeGreaterThan(before);
    const bytes = await remote.saveSafetensors();
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(bytes).toEqual(await local.saveSafetensors());
    local.dispose();
    remote.dispose();
    expect(remote.status).toBe('disposed');
    await expect(remote.trainStep()).rejects.toThrow('This training run has been disposed');
    await expect.poll(async () => (await engine.memory()).numTensors).toBe(before);
  }, 60_000);

  it('says why a trainer cannot start at its first call, allocating nothing; a diverging one reports the runtime message', async () => {
    const before = tf.memory().numTensors;
    const engine = await WorkerTrainEngine.start(connect(), 'data.bin.gz');
    const big = engine.createTrainer({ ...tiny(true), stages: [{ blocks: 2, width: 512, stride: 1 }] }, { ...CONFIG, batchSize: 10_000 });
    await expect(big.gradientFlow()).rejects.toThrow(/A batch of 10000 needs about \d+ MB, more than the \d+ MB allowed here; try a batch of \d+/);
    big.dispose();
    expect((await engine.memory()).numTensors).toBe(before);

    const wild = engine.createTrainer(tiny(false), { ...CONFIG, lr: 1e6, warmupSteps: 0, steps: 20, evalEvery: 0 });
    let r = await wild.trainStep();
    while (wild.status !== 'diverged' && r.step < 20) r = await wild.trainStep();
    expect(wild.status).toBe('diverged');
    expect(english(wild.problem!)).toMatch(/^The loss became (NaN|Infinity|-Infinity) at step \d+ \(learning rate [\d.e+]+\): training stopped/);
    wild.dispose();
    await expect.poll(async () => (await engine.memory()).numTensors).toBe(before);
  }, 60_000);

  it('a worker that dies fails the call in flight and every later one with the reason, and is ended', async () => {
    const c = connect();
    const engine = await WorkerTrainEngine.start(c, 'data.bin.gz');
    const t = engine.createTrainer(tiny(true), CONFIG);
    await t.trainStep();
    expect(engine.broken).toBeNull();
    const inFlight = t.trainStep();
    c.kill('Error: out of memory');
    await expect(inFlight).rejects.toThrow('The training worker stopped (Error: out of memory); the curves so far are kept. Reset and Start to train again.');
    await expect(t.gradientFlow()).rejects.toThrow('The training worker stopped (Error: out of memory)');
    expect(english(engine.broken!)).toBe('Error: out of memory');
    expect(c.terminated).toBe(true);
    t.dispose();
  }, 60_000);

  it('a worker that ends without a word fails the call in flight and every later one, saying so', async () => {
    const c = connect();
    const engine = await WorkerTrainEngine.start(c, 'data.bin.gz');
    const t = engine.createTrainer(tiny(true), CONFIG);
    await t.trainStep();
    const inFlight = t.trainStep();
    c.exit();
    await expect(inFlight).rejects.toThrow('The training worker stopped (it ended without an error); the curves so far are kept. Reset and Start to train again.');
    await expect(t.gradientFlow()).rejects.toThrow('The training worker stopped (it ended without an error)');
    expect(english(engine.broken!)).toBe('it ended without an error');
    t.dispose();
  }, 60_000);

  it('a worker that cannot start is a WorkerFailedError (train on the page instead); data that cannot load is not', async () => {
    const dead = connect();
    dead.kill();
    const failed = await WorkerTrainEngine.start(dead, 'data.bin.gz').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(WorkerFailedError);
    expect((failed as Error).message).toBe('its script could not load');
    expect(dead.terminated).toBe(true);

    const offline = connect(async (url) => {
      throw new Error(`could not load the Fashion-MNIST subset from ${url} (404 Not Found)`);
    });
    const error = await WorkerTrainEngine.start(offline, 'data.bin.gz').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(WorkerFailedError);
    expect((error as Error).message).toContain('could not load the Fashion-MNIST subset from data.bin.gz (404 Not Found)');
  });

  it('drives the Train tab’s store unchanged: runs to the end, weights out, a model change mid-training pauses and frees, and after a worker dies the next Start uses a new one', async () => {
    const before = tf.memory().numTensors;
    const connections: ReturnType<typeof connect>[] = [];
    const load = async () => {
      const c = connect();
      connections.push(c);
      const e = await WorkerTrainEngine.start(c, 'data.bin.gz');
      return { data: e.data, get broken() { return e.broken; }, createTrainer: e.createTrainer.bind(e), memory: () => e.memory() };
    };
    const url = { read: () => '', write: () => undefined };
    const store = new TrainStore(url, load, (s) => forDataset(s, { input: { channels: 1, height: 28, width: 28 }, numClasses: 10 }));
    await store.setRun(0, tiny(false));
    await store.setRun(1, tiny(true));
    await store.removeRun(3);
    await store.removeRun(2);
    store.setSettings({ steps: 3, batchSize: 8, evalEvery: 3, warmupSteps: 1 });
    await store.start();
    let s = store.getState();
    expect(s.phase).toBe('done');
    expect(s.runs.map((r) => r.points.map((p) => p.step))).toEqual([[1, 2, 3], [1, 2, 3]]);
    expect(s.runs.every((r) => r.tests.length === 1 && r.flowInit?.length === 6)).toBe(true);
    expect((await store.weightsOf(1)).bytes.length).toBeGreaterThan(1000);

    // Changing a run's model mid-training pauses cleanly and frees that run's trainer in the worker.
    await store.reset();
    store.setSettings({ steps: 50 });
    let training = store.start();
    await new Promise<void>((resolve) => {
      const off = store.subscribe(() => {
        if (store.getState().runs[1].points.length >= 1) {
          off();
          resolve();
        }
      });
    });
    const holding = (await store.memory())!.numTensors;
    await store.setRun(1, tiny(false), 'Plain twin');
    await training;
    s = store.getState();
    expect(s.phase).toBe('paused');
    expect(s.runs[0].status).toBe('paused');
    expect(s.runs[1]).toMatchObject({ label: 'Plain twin', status: 'idle', points: [] });
    await expect.poll(async () => (await store.memory())!.numTensors).toBeLessThan(holding);

    // The worker dies mid-training: both runs stop with the reason, keeping their curves.
    await store.reset();
    training = store.start();
    await new Promise<void>((resolve) => {
      const off = store.subscribe(() => {
        if (store.getState().runs[1].points.length >= 2) {
          off();
          resolve();
        }
      });
    });
    connections[0].kill('RangeError: simulated');
    await training;
    s = store.getState();
    expect(s.phase).toBe('done');
    for (const r of s.runs) {
      expect(r.status).toBe('error');
      expect(english(r.message!)).toMatch(/^The training worker stopped \(RangeError: simulated\)/);
      expect(r.points.length).toBeGreaterThanOrEqual(2);
    }
    await store.reset();
    store.setSettings({ steps: 2 });
    await store.start();
    expect(connections).toHaveLength(2);
    expect(store.getState().runs.map((r) => r.status)).toEqual(['done', 'done']);
    await store.dispose();
    await expect.poll(() => tf.memory().numTensors).toBe(before);
  }, 120_000);
});
