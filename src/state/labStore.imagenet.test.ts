/**
 * The lab on ImageNet-shaped weights (3×224×224 input, 1000 classes), where there is no test set: the store
 * prepares the current picture and the sample photos as the Run tab does (`runtime/lab/photos.ts`), the lab's
 * worker host gives their top-5 with all blocks on and with the switched-off ones removed. With all blocks on
 * the top-5 is the live model's on the same prepared tensor; with blocks off it is that of the same network
 * whose switched-off blocks' residual branches output zero, computed independently by the live model's
 * layer-by-layer pass on weights whose last batch norm of each such block has γ = β = 0 (its branch then adds
 * exactly 0, and the block passes relu(shortcut(x)) on). A cut-down ResNet-18 (widths 8 to 64) keeps it fast.
 */
import { readFileSync } from 'node:fs';
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../runtime/workers/phraseErrors';
import { TORCHVISION_V1, analyzeSpec, english, presetSpec, stateDictSchema, type ResNetSpec } from '../core';
import { explainPhotos } from '../ui/lab/explain';
import { useNodeBackend } from '../runtime/backends/node';
import { datasetOf } from '../runtime/input/datasets';
import type { DecodedImage } from '../runtime/input/image';
import { pngPixels } from '../runtime/input/png';
import { preparePhotos } from '../runtime/lab/photos';
import { LabHost } from '../runtime/lab/worker/host';
import type { LabEngine, LabHostApi, Top } from '../runtime/lab/worker/protocol';
import { withCallbacks } from '../runtime/lab/worker/startWorker';
import type { ResNetModel } from '../runtime/model/resnet';
import { readFashionMnist } from '../runtime/train/fashionMnistNode';
import { checkWeights, modelFromWeights, randomModel, saveWeights } from '../runtime/weights/load';
import { LabStore, type PhotoSource } from './labStore';
import { until } from '../../tests/until';

/** ResNet-18's shape (7×7 stem with max-pool, option B projections, four stages of two basic blocks) at a 1/8 of its widths. */
const SPEC: ResNetSpec = {
  ...presetSpec('resnet18'),
  stem: { kernel: 7, stride: 2, width: 8, maxPool: true },
  stages: presetSpec('resnet18').stages.map((s, i) => ({ ...s, width: 8 << i })),
  input: { channels: 3, height: 224, width: 224 },
  numClasses: 1000,
};
const analysis = analyzeSpec(SPEC);
const SAMPLES_DIR = new URL('../../public/samples/', import.meta.url);
const BASE = '/resnet-explorer/';
// Two of the app's sample photos, and one the server does not have (skipped, as a failed fetch is).
const SAMPLES = [
  { file: 'coffee.png', label: 'Coffee' },
  { file: 'gone.png', label: 'Gone' },
  { file: 'astronaut.png', label: 'Astronaut' },
];

let bytes: Uint8Array;
const ports: MessagePort[] = [];

/** A PNG decoded in Node as the browser path hands it over (its pixels, PIL's way; no bitmap to read). */
function decoded(file: string, name = file): DecodedImage {
  const pixels = pngPixels(new Uint8Array(readFileSync(new URL(file, SAMPLES_DIR))));
  return { name, bitmap: { close: () => undefined } as ImageBitmap, pixels, width: pixels.width, height: pixels.height, note: null };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
  // The preview a prepared picture carries (unused here) is an ImageData, which Node lacks.
  (globalThis as { ImageData?: unknown }).ImageData ??= class {
    constructor(
      readonly data: Uint8ClampedArray,
      readonly width: number,
      readonly height: number,
    ) {}
  };
  // Random weights with batch norms that are not the identity, so that folding them matters.
  const m = randomModel(analysis);
  let seed = 1;
  const rand = (lo: number, hi: number) => lo + (hi - lo) * (((seed = (seed * 16807) % 2147483647) - 1) / 2147483646);
  for (const l of analysis.layers.map((x) => x.layer).filter((x) => x.type === 'BatchNorm2d')) {
    const c = l.outChannels;
    const v = (lo: number, hi: number) => Float32Array.from({ length: c }, () => rand(lo, hi));
    m.setFromTorch(l.name, { 'bn.weight': v(0.5, 1.5), 'bn.bias': v(-0.3, 0.3), 'bn.running_mean': v(-0.3, 0.3), 'bn.running_var': v(0.5, 2), 'bn.num_batches_tracked': 0n });
  }
  bytes = await saveWeights(m);
  m.dispose();
}, 60_000);

afterAll(() => ports.forEach((p) => p.close()));

/** The lab's host behind a message channel, as the page reaches its worker. */
async function engine(): Promise<LabEngine> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const host = new LabHost(async () => ({ name: 'wasm', threads: 1 }), () => readFashionMnist());
  await host.loadData('data.bin.gz');
  Comlink.expose(host, port1);
  return { api: withCallbacks(Comlink.wrap<LabHostApi>(port2) as unknown as LabHostApi), backend: { name: 'wasm', threads: 1 }, died: new Promise<never>(() => undefined) };
}

/** The live model (the Run tab's) on these weights, with the named blocks' last batch norm zeroed (their branch adds 0). */
function liveModel(zeroed: string[] = []): ResNetModel {
  const checked = checkWeights(bytes, analysis, stateDictSchema(analysis.graph));
  const model = modelFromWeights(analysis, checked, { kind: 'file', name: 'w.safetensors' });
  for (const block of zeroed) {
    const bn = checked.modules.get(`${block}.bn2`)!;
    const zeros = new Float32Array((bn['bn.weight'] as Float32Array).length);
    model.setFromTorch(`${block}.bn2`, { ...bn, 'bn.weight': zeros, 'bn.bias': zeros });
  }
  return model;
}

const top5 = (probs: Float32Array): Top[] =>
  [...probs]
    .map((p, index) => ({ index, p }))
    .sort((a, b) => b.p - a.p || a.index - b.index)
    .slice(0, 5);

/** Each photo's top-5 by the live model: its fast path (what the Run tab shows) or its layer-by-layer pass. */
function liveTop5(model: ResNetModel, images: { values: Float32Array; shape: [number, number, number, number] }[], pass: 'predict' | 'forward'): Top[][] {
  return images.map((img) => {
    // Not inside a tidy: the model makes its fast path's folded weights on its first pass, and keeps them.
    const x = tf.tensor4d(img.values, img.shape);
    const { logits } = pass === 'predict' ? model.predict(x) : model.forward(x);
    const probs = tf.softmax(logits);
    const out = top5(probs.dataSync() as Float32Array);
    tf.dispose([x, logits, probs]);
    return out;
  });
}

/** The same classes in the same order, each probability to float rounding. */
function expectSame(got: Top[][], want: Top[][], what: string) {
  expect(got.map((t) => t.map((x) => x.index)), what).toEqual(want.map((t) => t.map((x) => x.index)));
  got.forEach((t, i) => t.forEach((x, k) => expect(Math.abs(x.p - want[i][k].p), `${what}: photo ${i}, #${k + 1}`).toBeLessThan(1e-5)));
}

describe('the lab on ImageNet weights', () => {
  it('gives the photos’ top-5 as the live model does, and with blocks off as the network without their residual branches', async () => {
    expect(datasetOf(SPEC)).toBe('imagenet');
    const e = await engine();
    const before = tf.memory().numTensors;
    const urls: string[] = [];
    const photos: PhotoSource = (spec) =>
      preparePhotos(spec, decoded('chelsea.png', 'my-cat.png'), SAMPLES, BASE, TORCHVISION_V1, async (url, file) => {
        urls.push(url);
        return file === 'gone.png' ? null : decoded(file);
      });
    const live = { key: () => 'imagenet', subscribe: () => () => undefined, read: async () => ({ spec: SPEC, bytes, label: 'ResNet-18 (small)', random: false }) };
    const runs = { getState: () => ({ runs: [] }), subscribe: () => () => undefined, weightsOf: () => Promise.reject(new Error('no runs')), initialWeightsOf: () => Promise.reject(new Error('no runs')) };
    const store = new LabStore({ read: () => 'view=lab', write: () => undefined }, async () => e, live, runs, photos);

    // No test set for ImageNet: no accuracy, and the photos instead (the current picture first), said so.
    let s = await until(store, (x) => x.photos?.busy === false && x.photos.whole !== null);
    const p = s.nets.primary!;
    expect(p.status).toBe('ready');
    expect(p.fitsTestSet).toBe(false);
    expect(p.whole).toBeNull();
    expect(english(explainPhotos()[0])).toMatch(/^There is no ImageNet test set here, so no accuracy/);
    expect(urls).toEqual(SAMPLES.map((x) => `${BASE}samples/${x.file}`));
    expect(s.photos!.names).toEqual(['my-cat.png', 'Coffee', 'Astronaut']);
    expect(s.photos!.sample).toEqual([false, true, true]);
    expect(s.photos!.error).toBeNull();

    // The images the lab ran, prepared as the Run tab prepares them (cached: the very arrays the store used).
    const prepared = (await photos(SPEC))!;
    expect(prepared.images.map((x) => x.shape)).toEqual([0, 1, 2].map(() => [1, 224, 224, 3]));
    const whole = liveModel();
    expectSame(s.photos!.whole!, liveTop5(whole, prepared.images, 'predict'), 'all blocks on, against the live model');
    expectSame(s.photos!.whole!, liveTop5(whole, prepared.images, 'forward'), 'all blocks on, against its layer-by-layer pass');
    whole.dispose();

    // A block with an identity shortcut, then also one that downsamples (its option B projection stays).
    for (const off of [['layer1.1'], ['layer1.1', 'layer3.0']]) {
      expect(store.setDeleted(off)).toBeNull();
      s = await until(store, (x) => x.photos?.busy === false && x.photos.lesioned !== null && x.deleted.join() === off.join());
      const reference = liveModel(off);
      expectSame(s.photos!.lesioned!, liveTop5(reference, prepared.images, 'forward'), `without ${off.join(', ')}`);
      reference.dispose();
      // Switching blocks off changes what the network says of the photos.
      expect(s.photos!.lesioned!.map((t) => t.map((x) => x.index))).not.toEqual(s.photos!.whole!.map((t) => t.map((x) => x.index)));
      expect(s.photos!.whole).toEqual((await e.api.predict('primary', prepared.images, [])) as Top[][]);
    }
    // Back to all on: the whole network's top-5 again.
    store.setDeleted([]);
    s = await until(store, (x) => x.photos?.busy === false && x.deleted.length === 0);
    expect(s.photos!.lesioned).toEqual(s.photos!.whole);

    await store.dispose();
    expect((await e.api.memory()).numTensors).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);
});
