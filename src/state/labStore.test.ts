/**
 * The lab's store driving the lab's worker host through comlink over a MessageChannel (every call
 * structured-cloned, callbacks proxied, as between the page and its worker), on small networks and the shipped
 * Fashion-MNIST subset: the switched-off set in the URL and undoable, the figures following it, the twin picked
 * from the Train tab's runs, a study filling in and one cancelled, and the worker's memory back to its baseline.
 */
import * as Comlink from 'comlink';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../runtime/workers/phraseErrors';
import { analyzeSpec, english, phraseOf, presetSpec, type ResNetSpec } from '../core';
import { translate } from '../i18n/i18n';
import { accuracyOf } from '../core/lab';
import { useNodeBackend } from '../runtime/backends/node';
import { fashionMnistTest } from '../runtime/lab/data';
import { evaluateSets } from '../runtime/lab/evaluate';
import { openNet } from '../runtime/lab/open';
import { backendDidNotStart, chooseLabBackend } from '../runtime/lab/worker/backend';
import { LabHost } from '../runtime/lab/worker/host';
import type { LabEngine, LabHostApi } from '../runtime/lab/worker/protocol';
import { withCallbacks } from '../runtime/lab/worker/startWorker';
import { readFashionMnist } from '../runtime/train/fashionMnistNode';
import type { FashionMnist } from '../runtime/train/fashionMnist';
import { randomModel, saveWeights } from '../runtime/weights/load';
import { LabStore, type LiveSource, type RunSource } from './labStore';
import { until } from '../../tests/until';

const tiny = (residual: boolean): ResNetSpec => ({
  ...presetSpec('resnet20'),
  stages: [
    { blocks: 2, width: 4, stride: 1 },
    { blocks: 2, width: 8, stride: 2 },
  ],
  stem: { kernel: 3, stride: 1, width: 4, maxPool: false },
  input: { channels: 1, height: 28, width: 28 },
  numClasses: 10,
  residual,
});

let set: FashionMnist;
const weights = new Map<boolean, Uint8Array>();
const ports: MessagePort[] = [];

beforeAll(async () => {
  await useNodeBackend('wasm');
  set = await readFashionMnist();
  for (const residual of [true, false]) {
    const m = randomModel(analyzeSpec(tiny(residual)));
    weights.set(residual, await saveWeights(m));
    m.dispose();
  }
}, 60_000);

afterAll(() => ports.forEach((p) => p.close()));

/** The host behind a message channel, its test set loaded (as `loadLabEngine` leaves the worker). */
async function engine(): Promise<LabEngine & { host: LabHost }> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const host = new LabHost(async () => ({ name: 'wasm', threads: 1 }), async () => set);
  await host.loadData('data.bin.gz');
  Comlink.expose(host, port1);
  // The page's side as the app makes it: callbacks cross as comlink proxies.
  const api = withCallbacks(Comlink.wrap<LabHostApi>(port2) as unknown as LabHostApi);
  return { api, backend: { name: 'wasm', threads: 1 }, died: new Promise<never>(() => undefined), host };
}

function url(initial = '') {
  let q = initial;
  const history: string[] = [];
  return { read: () => q, write: (next: string, replace: boolean) => void (replace ? (q = next) : (history.push(q), (q = next))), history, back: () => (q = history.pop() ?? '') };
}

const live = (residual: boolean): LiveSource => ({ key: () => `live-${residual}`, subscribe: () => () => undefined, read: async () => ({ spec: tiny(residual), bytes: weights.get(residual)!, label: 'Tiny', random: false }) });

function runs(trained: boolean): RunSource {
  const state = { runs: [{ id: 7, label: 'Tiny plain', spec: tiny(false), status: 'done', points: trained ? [{ step: 3 }] : [] }] };
  return {
    getState: () => state,
    subscribe: () => () => undefined,
    weightsOf: async () => ({ spec: tiny(false), bytes: weights.get(false)!, label: 'Tiny plain', step: 3 }),
    initialWeightsOf: async () => weights.get(false)!,
  };
}

describe('the lab store', () => {
  it('opens the live model and its twin from the Train tab; the switched-off set is in the URL, undoable, and the figures follow it', async () => {
    const e = await engine();
    const before = tf.memory().numTensors;
    const u = url('view=lab&off=layer2.1');
    const store = new LabStore(u, async () => e, live(true), runs(true));
    let s = await until(store, (x) => x.nets.primary?.current.score != null && x.nets.twin?.current.score != null && x.nets.primary.whole !== null);
    expect(s.deleted).toEqual(['layer2.1']);
    expect(s.nets.primary!.blocks.map((b) => [b.name, b.deletable])).toEqual([['layer1.0', true], ['layer1.1', true], ['layer2.0', true], ['layer2.1', true]]);
    expect(s.nets.twin!.blocks.map((b) => b.deletable)).toEqual([true, true, false, true]);
    expect(s.nets.twin!.label).toBe('Tiny plain');
    // The same figures as the runtime computes directly.
    const data = fashionMnistTest(set);
    for (const residual of [true, false]) {
      const { net } = openNet(analyzeSpec(tiny(residual)), weights.get(residual)!);
      const [whole, off] = await evaluateSets(net, data, [[], ['layer2.1']]);
      net.dispose();
      const n = s.nets[residual ? 'primary' : 'twin']!;
      // The same right answers; the loss summed in other batches (the lab's first is smaller) to float rounding.
      for (const [got, want] of [[n.whole!, whole], [n.current.score!, off]]) {
        expect(got.correct).toBe(want.correct);
        expect(got.lossSum).toBeCloseTo(want.lossSum, 2);
      }
    }
    // An unknown block is refused, with the reason, and nothing changes.
    expect(english(store.setDeleted(['layer9.9'])!)).toBe('layer9.9 is not a block of this network');
    expect(store.getState().deleted).toEqual(['layer2.1']);
    expect(store.toggle('layer1.0')).toBeNull();
    expect(u.read()).toContain('off=layer1.0%2Clayer2.1');
    s = await until(store, (x) => x.nets.primary?.current.deleted.join() === 'layer1.0,layer2.1' && x.nets.primary.current.score !== null);
    expect(s.canUndo).toBe(true);
    store.undo();
    expect(store.getState().deleted).toEqual(['layer2.1']);
    expect(new URLSearchParams(u.read()).get('off')).toBe('layer2.1');
    store.redo();
    expect(store.getState().deleted).toEqual(['layer1.0', 'layer2.1']);
    // Back in the browser is an undo too.
    u.back();
    store.syncFromUrl();
    expect(store.getState().deleted).toEqual(['layer2.1']);
    await store.dispose();
    expect((await e.api.memory()).numTensors).toBe(before);
  }, 300_000);

  it('a study fills in batch by batch on both networks; a cancelled one stops and says so', async () => {
    const e = await engine();
    const before = tf.memory().numTensors;
    const store = new LabStore(url('view=lab'), async () => e, live(true), runs(true));
    await until(store, (x) => x.nets.twin?.status === 'ready' && x.nets.primary?.status === 'ready');
    const seen = new Set<number>();
    const off = store.subscribe(() => {
      const d = store.getState().nets.primary?.each?.progress.done;
      if (d !== undefined) seen.add(d);
    });
    await store.eachInTurn();
    off();
    const s = store.getState();
    // Filled in batch by batch: a first batch of 100 (the first figures sooner), then the rest in even batches of at most 250.
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 100, 338, 576, 814, 1052, 1290, 1528, 1766, 2000]);
    expect(s.nets.primary!.each!.progress.status).toBe('done');
    expect(s.nets.primary!.each!.sets.map((x) => x.deleted)).toEqual([[], ['layer1.0'], ['layer1.1'], ['layer2.0'], ['layer2.1']]);
    expect(s.nets.twin!.each!.sets.map((x) => x.deleted)).toEqual([[], ['layer1.0'], ['layer1.1'], ['layer2.1']]);
    expect(accuracyOf(s.nets.primary!.each!.scores[0])).toBe(accuracyOf(s.nets.primary!.whole!));
    // Cancelled after its first point: the landscape stops, says so, and its points so far stay.
    store.setSettings({ landscape: { ...s.settings.landscape, steps: 5, images: 32 } });
    const running = store.landscape('surface');
    await until(store, (x) => (x.nets.primary?.landscapes.surface?.progress.done ?? 0) >= 1);
    store.cancel('landscape:surface');
    await running;
    const l = store.getState().nets.primary!.landscapes.surface!;
    expect(l.progress.status).toBe('cancelled');
    expect(l.progress.done).toBeLessThan(25);
    expect(l.grid.flat().filter(Boolean).length).toBe(l.progress.done);
    await store.dispose();
    expect((await e.api.memory()).numTensors).toBe(before);
  }, 300_000);

  it('says in Korean why it refuses: no backend, a twin whose weights do not fit, a block that cannot go, paths through a plain net', async () => {
    const ko = (p: Parameters<typeof translate>[1] | null | undefined) => translate('ko', p!);
    // The worker's backends: WebAssembly fails, the CPU backend takes over and says why; both fail, the lab says it cannot start.
    const failing = (names: string[]) => async (name: 'wasm' | 'cpu') => {
      if (names.includes(name)) throw backendDidNotStart(name);
    };
    const fallback = await chooseLabBackend(failing(['wasm']), async () => 2);
    expect(fallback.name).toBe('cpu');
    expect(ko(fallback.note)).toBe('WebAssembly를 시작할 수 없어(WebAssembly 백엔드가 시작되지 않았습니다) 실험실이 CPU 백엔드에서 더 느리게 계산합니다.');
    expect(await chooseLabBackend(failing([]), async () => 2)).toEqual({ name: 'wasm', threads: 2 });
    const dead = new LabStore(url('view=lab'), async () => ({ api: new LabHost(() => chooseLabBackend(failing(['wasm', 'cpu']), async () => 2), async () => set), backend: await chooseLabBackend(failing(['wasm', 'cpu']), async () => 2), died: new Promise<never>(() => undefined) }), live(true), runs(false));
    const s0 = await until(dead, (x) => x.error !== null);
    expect(ko(s0.error)).toBe('실험실을 시작할 수 없습니다: WebAssembly도 CPU 백엔드도 시작할 수 없습니다(WebAssembly 백엔드가 시작되지 않았습니다; CPU 백엔드가 시작되지 않았습니다)');
    await dead.dispose();

    const e = await engine();
    const before = tf.memory().numTensors;
    const store = new LabStore(url('view=lab'), async () => e, live(true), runs(false));
    await until(store, (x) => x.nets.primary?.status === 'ready');
    // A twin from a file of another network (3 blocks a stage, not 2): refused, every word of it in Korean.
    const other = randomModel(analyzeSpec({ ...tiny(false), stages: tiny(false).stages.map((st) => ({ ...st, blocks: 3 })) }));
    const otherBytes = await saveWeights(other);
    other.dispose();
    await store.twinFromFile('deeper-plain.pth', otherBytes);
    const twin = store.getState().nets.twin!;
    expect(twin.status).toBe('error');
    expect(english(twin.error!)).toMatch(/^The weights do not fit this network: /);
    expect(ko(twin.error)).toMatch(/^가중치가 이 네트워크에 맞지 않습니다: .*layer1\.2/);
    // Only names and numbers left in English: no English word of three letters or more outside the layer names.
    expect(ko(twin.error).replace(/layer[\w.]+|fc|conv\d|bn\d/g, '')).not.toMatch(/[A-Za-z]{3,}/);
    // Asked of the worker directly (the page's store never asks this): what cannot go, and why, crosses in Korean.
    await e.api.open('plain', tiny(false), weights.get(false)!);
    const refused = async (p: Promise<unknown>) => ko(phraseOf(await p.then(() => null, (err: unknown) => err)));
    expect(await refused(e.api.study(101, 'plain', [['layer2.0']]))).toMatch(/^layer2\.0 블록은 모양을 바꾸는데.*지름길이 없습니다/);
    expect(await refused(e.api.study(102, 'primary', [['layer9.9']]))).toBe('layer9.9: 이 네트워크의 블록이 아닙니다');
    expect(await refused(e.api.paths(103, 'plain', { perLength: 1, seed: 1, batch: 4 }))).toBe('plain 네트워크에는 경로가 하나뿐이라 표본으로 뽑을 경로가 없습니다');
    await e.api.close('plain');
    await store.dispose();
    expect((await e.api.memory()).numTensors).toBe(before);
  }, 120_000);
});
