/**
 * The training worker's host when its GPU goes away (a lost WebGL context or WebGPU device, simulated): the
 * call in flight and every later one fail with the phrase that says so (code `gpu-lost`), even a step that
 * would never end on the lost context; and the link's `trainbackend=` flag as the page reads it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { isPhrase, presetSpec, type Phrase } from '../../../core';
import { useNodeBackend } from '../../backends/node';
import { forDataset } from '../data';
import { readFashionMnist } from '../fashionMnistNode';
import { gpuLost, GPU_LOST, trainBackendFlag } from '../trainBackend';
import { DEFAULT_TRAIN_CONFIG } from '../trainer';
import { TrainHost, type GpuLoss } from './host';

/** A GPU that is lost when told, as the worker's watch reports it. */
function fakeGpu() {
  let lose: (p: Phrase) => void = () => undefined;
  let now: Phrase | null = null;
  const lost = new Promise<Phrase>((resolve) => (lose = resolve));
  const watch: GpuLoss = { lost, poll: () => now };
  return {
    watch,
    loseNow: () => {
      now = gpuLost('webgl');
      lose(now);
    },
  };
}

describe('a lost GPU in the training worker', () => {
  it('fails the step in flight and every later call with the phrase that says so; a new trainer cannot start', async () => {
    await useNodeBackend('cpu');
    const set = await readFashionMnist();
    const gpu = fakeGpu();
    const host = new TrainHost(async () => ({ name: 'webgl', threads: 1 }), async () => set, (v) => v, () => gpu.watch);
    await host.preferBackend('webgl');
    expect((await host.startBackend()).name).toBe('webgl');
    await host.loadData('unused');
    const spec = forDataset({ ...presetSpec('resnet20'), stages: [{ blocks: 1, width: 4, stride: 1 }] }, { input: { channels: 1, height: 28, width: 28 }, numClasses: 10 });
    const before = tf.memory().numTensors;
    await host.create(1, spec, { ...DEFAULT_TRAIN_CONFIG, batchSize: 4, evalEvery: 0, gradientNormEvery: 0 });
    expect((await host.step(1)).result.step).toBe(1);

    // A step that never ends (what a data read on a lost WebGL context can do) fails as soon as the loss is seen.
    const slot = (host as unknown as { slots: Map<number, { trainer: { trainStep: () => Promise<unknown> } }> }).slots.get(1)!;
    slot.trainer.trainStep = () => new Promise(() => undefined);
    const inFlight = host.step(1);
    gpu.loseNow();
    const failure = await inFlight.catch((e: unknown) => e);
    expect((failure as { code?: string }).code).toBe(GPU_LOST);
    expect(isPhrase((failure as { phrase?: unknown }).phrase)).toBe(true);
    expect((failure as Error).message).toBe('The GPU’s WebGL context was lost (the GPU was reset, or the browser took it back), so training stopped; the curves so far are kept. Reset and Start to train again.');
    await expect(host.gradientFlow(1)).rejects.toMatchObject({ code: GPU_LOST });
    await expect(host.create(2, spec, DEFAULT_TRAIN_CONFIG)).rejects.toMatchObject({ code: GPU_LOST });
    // Disposing still frees what the trainer held.
    await host.dispose(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reads trainbackend= from the link (any case), and nothing else', () => {
    expect(trainBackendFlag('?model=resnet20&trainbackend=webgl')).toBe('webgl');
    expect(trainBackendFlag('?trainbackend=WebGPU')).toBe('webgpu');
    expect(trainBackendFlag('?trainbackend=wasm')).toBe('wasm');
    expect(trainBackendFlag('?trainbackend=cuda')).toBeNull();
    expect(trainBackendFlag('?worker=off')).toBeNull();
  });
});
