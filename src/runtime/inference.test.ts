/**
 * The Run tab's session in Node: what it does with a picture and a model — runs it when both are there, again
 * when the model is replaced (a rebuild, or a new worker after a death: the input is sent again), keeps the
 * picture and results on screen when a new picture is refused, says a failed run in a phrase and says nothing of
 * a run that met a model disposed under it, counts the first run's latency apart — against a runner stood in
 * for (it answers runs with fixed predictions and records what it was sent) and the browser's decoder and canvas
 * stood in for (a picture of flat grey).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Emitter, PhraseError, TORCHVISION_V1, TORCHVISION_V2, english, phrase, presetSpec, type ResNetSpec } from '../core';
import { InferenceSession, type Cam } from './inference';
import type { ModelRunner } from './runner';

const SPEC: ResNetSpec = { ...presetSpec('resnet18'), input: { channels: 3, height: 8, width: 8 }, numClasses: 10 };

/** A PNG's first bytes for a `w`×`h` picture (what the session sniffs before decoding). */
function png(w: number, h: number): Blob {
  const u32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
  return new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...u32(w), ...u32(h), 8, 2, 0, 0, 0])]);
}

/** The browser's decoder and canvas, stood in for: every picture is flat grey. */
const g = globalThis as Record<string, unknown>;
const saved = { createImageBitmap: g.createImageBitmap, OffscreenCanvas: g.OffscreenCanvas, ImageData: g.ImageData };
class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}
beforeAll(() => {
  g.createImageBitmap = async (_: Blob, o: ImageBitmapOptions) => ({ width: o?.resizeWidth ?? 16, height: o?.resizeHeight ?? 12, close: () => undefined });
  g.ImageData = class extends FakeImageData {
    constructor(a: Uint8ClampedArray | number, b: number, c?: number) {
      if (typeof a === 'number') super(new Uint8ClampedArray(a * b * 4), a, b);
      else super(a, b, c ?? a.length / 4 / b);
    }
  };
  g.OffscreenCanvas = class {
    constructor(
      public width: number,
      public height: number,
    ) {}
    getContext() {
      return {
        fillRect: () => undefined,
        drawImage: () => undefined,
        getImageData: (_x: number, _y: number, w: number, h: number) => new FakeImageData(new Uint8ClampedArray(w * h * 4).fill(128), w, h),
      };
    }
  };
});
afterAll(() => Object.assign(g, saved));

const TOP = [{ index: 3, p: 0.9 }];

/** The runner as the session sees it: its state, its model, and the passes it answers. */
class FakeRunner {
  generation = 0;
  private state: { status: string; model: { id: number; spec: ResNetSpec; layers: number } | null; backend: string } = { status: 'starting', model: null, backend: 'wasm' };
  private readonly emitter = new Emitter();
  readonly subscribe = this.emitter.subscribe;
  getState = () => this.state;
  /** The keys of the inputs sent, and the tokens of the runs cancelled. */
  readonly inputs: string[] = [];
  readonly cancelled: number[] = [];
  passes = 0;
  /** What the next passes throw. */
  fail: unknown = null;

  ready(id: number, spec = SPEC): void {
    this.state = { status: 'ready', model: { id, spec, layers: 10 }, backend: 'wasm' };
    this.emitter.emit();
  }

  async setInput(input: { key: string }): Promise<void> {
    this.inputs.push(input.key);
  }

  cancelRuns(token: number): void {
    this.cancelled.push(token);
  }

  private async pass<T>(value: T): Promise<T> {
    this.passes++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.fail) throw this.fail;
    return value;
  }

  // The predictions with everything else (one outcome), or the predictions first, then the read-outs.
  run = () => this.pass({ result: { top: TOP, classes: 10, latencyMs: 5, stages: [], residual: [], cam: null, features: null }, thumbnails: null, fast: false });
  runThumbnails = () => this.pass(null);
  predict = () => this.pass({ top: TOP, classes: 10, latencyMs: 5 });
  /** The class activation map the read-outs carry. */
  cam: Cam | null = null;
  readouts = () => this.pass({ stages: [], residual: [], cam: this.cam, features: null, thumbnails: null });
}

function session() {
  const runner = new FakeRunner();
  return { runner, session: new InferenceSession(runner as unknown as ModelRunner) };
}

/** Resolves once every pass of the latest run has ended. */
const settled = (s: InferenceSession) =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (s.getState().settled && s.getState().status !== 'running' && s.getState().status !== 'decoding') {
        off();
        resolve();
      }
    };
    const off = s.subscribe(check);
    setTimeout(check, 5);
  });

describe('the Run tab session', () => {
  it('runs a picture once both it and a model are there; the first run’s latency apart from later ones', async () => {
    const { runner, session: s } = session();
    expect(await s.setImage(png(16, 12), 'cat.png')).toBe(false);
    expect(s.getState().image).toBeNull();
    expect(runner.passes).toBe(0);
    runner.ready(1);
    await settled(s);
    const st = s.getState();
    expect(st.status).toBe('done');
    expect(st.result!.top).toEqual(TOP);
    expect(st.image).toMatchObject({ name: 'cat.png', width: 16, height: 12, dataset: null });
    expect(st.image!.plan.crop).toMatchObject({ width: 8, height: 8 });
    expect(st.latency).toEqual({ backend: 'wasm', first: 5, later: [] });
    expect(runner.inputs).toHaveLength(1);
    await s.timeRuns(2);
    expect(s.getState().latency).toEqual({ backend: 'wasm', first: 5, later: [5, 5] });
    // The same picture on the same model: its input is not sent again.
    expect(runner.inputs).toHaveLength(1);
    s.dispose();
  });

  it('a timed pass of the same picture keeps the read-outs on screen; a new picture starts without the old ones', async () => {
    const { runner, session: s } = session();
    const cam = { classIndex: 1, width: 2, height: 2, values: new Float32Array(4) };
    runner.cam = cam;
    runner.ready(1);
    await s.setImage(png(16, 12), 'cat.png');
    await settled(s);
    expect(s.getState().result!.cam).toBe(cam);
    // Every state the session goes through while timing still shows the map.
    const seen: unknown[] = [];
    const off = s.subscribe(() => seen.push(s.getState().result?.cam));
    await s.timeRuns(2);
    off();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((c) => c === cam)).toBe(true);
    // Another picture: its predictions come first, without the previous picture's map.
    const during: unknown[] = [];
    const off2 = s.subscribe(() => during.push(s.getState().status === 'done' ? s.getState().result?.cam : 'not done'));
    await s.setImage(png(12, 16), 'dog.png');
    await settled(s);
    off2();
    expect(during).toContain(null);
    s.dispose();
  });

  it('sends a new picture and asks for its predictions before it shows the picture (the model starts while the page draws), with no round trip between them', async () => {
    const { runner, session: s } = session();
    runner.ready(1);
    const order: string[] = [];
    let answered = false;
    // The input is answered only later: the predictions must already be asked for by then.
    runner.setInput = (input: { key: string }) => {
      order.push('input');
      runner.inputs.push(input.key);
      return new Promise<void>((r) => setTimeout(() => ((answered = true), r()), 20));
    };
    const predict = runner.predict;
    runner.predict = () => {
      order.push(answered ? 'predict after the input’s answer' : 'predict');
      return predict();
    };
    const off = s.subscribe(() => {
      if (s.getState().image && !order.includes('shown')) order.push('shown');
    });
    await s.setImage(png(16, 12), 'cat.png');
    await settled(s);
    off();
    expect(order).toEqual(['input', 'predict', 'shown']);
    expect(s.getState().result!.top).toEqual(TOP);
    s.dispose();
  });

  it('keeps the picture and the results when a new picture is refused, and says why in a phrase', async () => {
    const { runner, session: s } = session();
    runner.ready(1);
    expect(await s.setImage(png(16, 12), 'cat.png')).toBe(true);
    const before = s.getState();
    expect(await s.setImage(new Blob(['my notes']), 'notes.txt')).toBe(false);
    const after = s.getState();
    expect(english(after.error!)).toBe('notes.txt is not an image this app reads (PNG, JPEG, GIF, WebP or BMP).');
    expect(after.status).toBe('done');
    expect(after.image).toBe(before.image);
    expect(after.result).toBe(before.result);
    s.dismissError();
    expect(s.getState().error).toBeNull();
    s.reportError(phrase('{file} could not be loaded ({reason}): are you offline? Your own pictures still work.', { file: 'chelsea.png', reason: 'HTTP 404' }));
    expect(english(s.getState().error!)).toBe('chelsea.png could not be loaded (HTTP 404): are you offline? Your own pictures still work.');
    s.dispose();
  });

  it('runs the picture again on a replaced model; a new engine (a worker replaced) gets the input again', async () => {
    const { runner, session: s } = session();
    runner.ready(1);
    await s.setImage(png(16, 12), 'cat.png');
    await s.timeRuns(1);
    const passes = runner.passes;
    // A rebuild on the same engine: the model runs the picture, its latency starts over, the input stays.
    runner.ready(2);
    await settled(s);
    expect(runner.passes).toBeGreaterThan(passes);
    expect(s.getState().latency).toEqual({ backend: 'wasm', first: 5, later: [] });
    expect(runner.inputs).toHaveLength(1);
    // A new engine counts its models afresh (the same id) and holds no input: it is sent again.
    runner.generation++;
    runner.ready(2);
    await settled(s);
    expect(runner.inputs).toHaveLength(2);
    expect(s.getState().status).toBe('done');
    s.dispose();
  });

  it('prepares and sends the input again for other preprocessing, and every run cancels the ones before', async () => {
    const { runner, session: s } = session();
    runner.ready(1);
    await s.setImage(png(16, 12), 'cat.png');
    expect(s.getState().preprocessing).toEqual(TORCHVISION_V1);
    s.setPreprocessing(TORCHVISION_V2);
    await settled(s);
    expect(runner.inputs).toHaveLength(2);
    expect(new Set(runner.inputs).size).toBe(2);
    s.selectLayer('fc');
    await settled(s);
    expect(s.getState().selectedLayer).toBe('fc');
    // Each run told the runner to drop what older runs still had under way.
    expect(runner.cancelled).toEqual([...runner.cancelled].sort((a, b) => a - b));
    expect(runner.cancelled.length).toBeGreaterThanOrEqual(3);
    s.dispose();
  });

  it('says a failed run in a phrase that keeps the reason; says nothing of a run that met a model disposed under it', async () => {
    const { runner, session: s } = session();
    runner.ready(1);
    await s.setImage(png(16, 12), 'cat.png');
    runner.fail = new Error('Tensor is disposed.');
    await s.timeRuns(1);
    expect(s.getState().error).toBeNull();
    expect(s.getState().status).not.toBe('error');
    runner.fail = new PhraseError(phrase('The model is still being built'), 'building');
    await s.timeRuns(1);
    expect(s.getState().status).toBe('error');
    expect(s.getState().error).toEqual({ template: 'The model could not run: {reason}', vars: { reason: { template: 'The model is still being built' } } });
    s.dispose();
  });
});
