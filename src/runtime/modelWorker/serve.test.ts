/**
 * The model engine as the page reaches it in its worker: served on one end of a real MessageChannel
 * (`serve.ts`), called through comlink from the other, so arguments and answers cross as structured clones (the
 * answers' buffers transferred) and errors as PhraseErrors. What the benchmark's round trip and the Compare view
 * rely on: `forwardRaw` on both paths, its errors, the page's input left usable, the comparison's columns heard
 * through `init`'s second callback, and every compared model freed when the comparison closes.
 */
import * as Comlink from 'comlink';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PhraseError, presetSpec, specKey, type ResNetSpec } from '../../core';
import { useNodeBackend } from '../backends/node';
import '../workers/phraseErrors';
import type { EngineState } from './engine';
import type { ColumnState } from './protocol';
import { serveModelEngine, type ServedApi } from './serve';

vi.mock('../backends/wasm', async (original) => ({ ...(await original<typeof import('../backends/wasm')>()), prepareWasm: () => undefined }));

const SPEC: ResNetSpec = {
  ...presetSpec('resnet18'),
  stages: [
    { blocks: 1, width: 8, stride: 1 },
    { blocks: 1, width: 16, stride: 2 },
  ],
  stem: { kernel: 3, stride: 1, width: 8, maxPool: false },
  input: { channels: 3, height: 16, width: 16 },
  numClasses: 10,
};

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((p) => p.close()));

/** An engine served on a MessageChannel, and the page's end of it, started. */
async function served() {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  serveModelEngine(port1, null);
  const remote = Comlink.wrap<ServedApi>(port2);
  const states: EngineState[] = [];
  const columns: ColumnState[][] = [];
  await remote.init(
    Comlink.proxy((s: EngineState) => void states.push(s)),
    Comlink.proxy((c: ColumnState[]) => void columns.push(c)),
  );
  await remote.start();
  return { remote, states, columns };
}

/** Resolves once `test` holds for the last thing heard (polled: the callbacks arrive as messages). */
async function until<T>(heard: T[], test: (last: T) => boolean, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  while (!(heard.length && test(heard.at(-1)!))) {
    if (Date.now() - t0 > ms) throw new Error(`timed out; last heard ${JSON.stringify(heard.at(-1))}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return heard.at(-1)!;
}

describe('the model engine served over a channel', () => {
  it('answers forwardRaw on both paths with the same logits, leaves the page its input, and says why it cannot, as phrases', async () => {
    const { remote } = await served();
    const values = Float32Array.from({ length: 3 * 16 * 16 }, (_, i) => Math.sin(i));

    // No model yet: a PhraseError with its code, rebuilt on this side.
    const early = await remote.forwardRaw(values, [1, 3, 16, 16], [], 'fast').catch((e: unknown) => e);
    expect(early).toBeInstanceOf(PhraseError);
    expect((early as PhraseError).code).toBe('building');

    await remote.build(SPEC);
    await remote.idle();
    const fast = await remote.forwardRaw(values, [1, 3, 16, 16], [], 'fast');
    const layers = await remote.forwardRaw(values, [1, 3, 16, 16], ['fc'], 'layers');
    // The page's values were cloned, not taken: the benchmark sends the same array again and again.
    expect(values.length).toBe(3 * 16 * 16);
    expect(fast.logits[0]).toHaveLength(10);
    fast.logits[0].forEach((v, i) => expect(v).toBeCloseTo(layers.logits[0][i], 4));
    expect(layers.activations.fc.values).toHaveLength(10);
    expect(fast.passMs).toBeGreaterThan(0);

    const wrong = await remote.forwardRaw(values.subarray(1), [1, 3, 16, 16], [], 'fast').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(PhraseError);
    expect((wrong as PhraseError).code).toBe('input-shape');
    expect((wrong as PhraseError).phrase).toEqual({ template: '{count} values do not make an input of shape [{shape}]', vars: { count: 767, shape: '1, 3, 16, 16' } });

    // Answers whose buffers were handed over leave nothing missing on the engine's side: the same again.
    const again = await remote.forwardRaw(values, [1, 3, 16, 16], [], 'fast');
    expect(again.logits).toEqual(fast.logits);
    const saved = await remote.saveWeights();
    expect(await remote.saveWeights()).toEqual(saved);
  }, 60_000);

  it("hears the comparison's columns through init, runs the page's image through them, and frees them all when it closes", async () => {
    const { remote, columns } = await served();
    const before = (await remote.memory()).numTensors;
    const r20 = presetSpec('resnet20');
    await remote.compareVariants([r20]);
    const ready = await until(columns, (c) => c[0]?.status === 'ready');
    expect(ready.map((c) => c.key)).toEqual([specKey(r20)]);
    expect(ready[0].latencyMs).toBeGreaterThan(0);
    expect((await remote.memory()).numTensors).toBeGreaterThan(before);

    const values = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => Math.cos(i));
    await remote.comparePredict([Comlink.transfer({ keys: [specKey(r20)], values, shape: [1, 32, 32, 3] }, [values.buffer])]);
    const shown = await until(columns, (c) => c[0]?.top !== null);
    expect(shown[0].top).toHaveLength(5);
    expect(Object.keys(shown[0].thumbs!).length).toBeGreaterThan(0);

    await remote.compareClearImage();
    await until(columns, (c) => c[0]?.top === null && c[0].thumbs === null);
    await remote.compareVariants([]);
    await until(columns, (c) => c.length === 0);
    expect((await remote.memory()).numTensors).toBe(before);
  }, 60_000);
});
