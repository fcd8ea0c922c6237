/**
 * The live model's handle and its worker in Node: the model engine served on one end of a real MessageChannel
 * (`modelWorker/serve.ts`, what the worker runs, its lifeline held through an in-memory Web Locks that lets a
 * context's locks go when it ends, `tests/locks.ts`), the runner on the other, so the engine's state (phrases
 * included) and its errors cross as structured clones, as between the page and its worker. Then deaths: a
 * worker that ends without a word and one that crashes are noticed, replaced once, and a second death soon after
 * moves the model to the page's thread; workers that cannot start leave the model on the page, saying why.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyzeSpec, english, isPhrase, presetSpec, type ModelAnalysis, type Phrase, type ResNetSpec } from '../core';
import { LockSpace } from '../../tests/locks';
import { useNodeBackend } from './backends/node';
import { serveModelEngine } from './modelWorker/serve';
import { ModelRunner, WorkerStopped, type RunnerState } from './runner';
import type { WorkerLike } from './workers/lifecycle';

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
const ANALYSIS: ModelAnalysis = analyzeSpec(SPEC);

// The browser's WebAssembly files are the bundler's URLs; in Node the backend reads them from node_modules.
vi.mock('./backends/wasm', async (original) => ({ ...(await original<typeof import('./backends/wasm')>()), prepareWasm: () => undefined }));

beforeAll(async () => {
  await useNodeBackend('wasm');
});

const runners: ModelRunner[] = [];
const ports: MessagePort[] = [];
afterEach(() => {
  runners.splice(0).forEach((r) => r.dispose());
  ports.splice(0).forEach((p) => p.close());
});

/** Workers started over MessageChannels, each serving a model engine, with ways to end them. */
function workers(locks: LockSpace) {
  const started: { exit(): void; crash(message: string): void }[] = [];
  const spawn = (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    const inside = locks.context();
    serveModelEngine(port1, inside);
    const exit = () => {
      inside.end();
      port1.close();
    };
    started.push({ exit, crash: (message) => port2.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message })) });
    return Object.assign(port2, { terminate: exit });
  };
  return { spawn, started };
}

function runnerWith(options: ConstructorParameters<typeof ModelRunner>[0]): ModelRunner {
  const runner = new ModelRunner(options);
  runners.push(runner);
  return runner;
}

/** Resolves with the state once `test` holds for it. */
function until(runner: ModelRunner, test: (s: RunnerState) => boolean, ms = 60_000): Promise<RunnerState> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test(runner.getState())) return false;
      off();
      clearTimeout(timer);
      resolve(runner.getState());
      return true;
    };
    const off = runner.subscribe(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out in state ${JSON.stringify(runner.getState())}`));
    }, ms);
    check();
  });
}

const ready = (runner: ModelRunner) => until(runner, (s) => s.status === 'ready' && s.model !== null);
const words = (p: Phrase | null) => (p ? english(p) : '');

describe('the live model in its worker, over a MessageChannel', () => {
  it('builds there and sends its state as plain data, phrases included; a refused file says why, in a phrase', async () => {
    const locks = new LockSpace();
    const { spawn, started } = workers(locks);
    const runner = runnerWith({ worker: true, spawn, locks: locks.context() });
    await runner.start();
    await runner.build(ANALYSIS);
    const s = await ready(runner);
    expect(started).toHaveLength(1);
    expect(s.thread).toBe('worker');
    expect(s.model!.spec).toEqual(SPEC);
    expect(s.backend).toBe('wasm');
    // Where it runs, said as a phrase around the backend's own reason (both structured-cloned data).
    expect(s.backendReason).toMatchObject({ template: '{reason} (in a worker)' });
    expect(isPhrase(s.backendReason!.vars!.reason)).toBe(true);
    expect(JSON.parse(JSON.stringify(s.backendReason))).toEqual(s.backendReason);
    expect(words(s.backendReason)).toMatch(/^WebAssembly.*: WebGL is not available here \(in a worker\)$/);

    expect(await runner.loadWeights('notes.pth', new TextEncoder().encode('my notes, not weights'))).toBe(false);
    const problem = runner.getState().weightsProblem!;
    expect(problem.fileName).toBe('notes.pth');
    expect(problem.problems.map(english)).toEqual(['Not a weights file: this is text. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).']);

    // A file that fits loads, in the worker, and the logits answer.
    const saved = await runner.saveWeights();
    expect(await runner.loadWeights('mine.safetensors', saved)).toBe(true);
    expect((await ready(runner)).weights).toEqual({ kind: 'file', name: 'mine.safetensors' });
    const out = await runner.forwardRaw(new Float32Array(3 * 16 * 16).fill(0.5), [1, 3, 16, 16]);
    expect(out.logits[0]).toHaveLength(10);
  }, 120_000);

  it('once started, posts a call to the worker at once, not a microtask later (a picture reaches the model before the page draws it)', async () => {
    const locks = new LockSpace();
    const { spawn } = workers(locks);
    let posted = 0;
    const counting = (): WorkerLike => {
      const w = spawn();
      const post = w.postMessage.bind(w);
      return Object.assign(w, { postMessage: (...a: Parameters<typeof post>) => (posted++, post(...a)) });
    };
    const runner = runnerWith({ worker: true, spawn: counting, locks: locks.context() });
    await runner.start();
    await runner.build(ANALYSIS);
    await ready(runner);
    const before = posted;
    const answer = runner.setInput({ key: 'k', values: new Float32Array(16 * 16 * 3), shape: [1, 16, 16, 3] });
    expect(posted).toBe(before + 1);
    await answer;
  }, 120_000);

  it('notices a worker that ends without a word, ends the call waiting on it, replaces it and rebuilds the model; a second death moves it to the page', async () => {
    const locks = new LockSpace();
    const { spawn, started } = workers(locks);
    const runner = runnerWith({ worker: true, spawn, locks: locks.context() });
    await runner.build(ANALYSIS);
    await ready(runner);
    expect(await runner.loadWeights('mine.safetensors', await runner.saveWeights())).toBe(true);
    await ready(runner);

    // A call in flight when the worker exits: it ends, saying the worker stopped.
    const waiting = runner.forwardRaw(new Float32Array(3 * 16 * 16), [1, 3, 16, 16]).catch((e: unknown) => e);
    started[0].exit();
    const e = await waiting;
    expect(e).toBeInstanceOf(WorkerStopped);
    expect((e as WorkerStopped).code).toBe('worker-stopped');
    let s = await until(runner, (x) => x.notice !== null);
    expect(words(s.notice)).toBe(
      "The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt with random weights (load mine.safetensors again).",
    );
    s = await ready(runner);
    expect(started).toHaveLength(2);
    expect(s.thread).toBe('worker');
    expect(s.model!.spec).toEqual(SPEC);
    expect(s.weights).toEqual({ kind: 'random' });

    // The second, soon after (a crash this time): the page's thread takes over, and says so.
    const generation = runner.generation;
    started[1].crash('Uncaught RangeError: out of memory');
    s = await until(runner, (x) => x.thread === 'main' && x.status === 'ready' && x.model !== null && runner.generation > generation);
    expect(started).toHaveLength(2);
    expect(words(s.notice)).toBe("The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt.");
    expect(words(s.backendReason)).toMatch(/\(on the main thread: the model's worker stopped twice\)$/);
    expect(s.model!.spec).toEqual(SPEC);
    expect((await runner.forwardRaw(new Float32Array(3 * 16 * 16), [1, 3, 16, 16])).logits[0]).toHaveLength(10);
    runner.dismissNotice();
    expect(runner.getState().notice).toBeNull();
  }, 180_000);

  it('keeps the model on the page, saying why, when its worker cannot start', async () => {
    const cases: { options: Partial<ConstructorParameters<typeof ModelRunner>[0]>; why: string }[] = [
      { options: { worker: false }, why: 'the page asked for it (worker=off)' },
      {
        options: {
          spawn: () => {
            throw new TypeError('module workers are blocked here');
          },
        },
        why: "the model's worker could not start (module workers are blocked here)",
      },
      {
        // A script that cannot load: its error event, with no message.
        options: {
          spawn: () => {
            const { port1, port2 } = new MessageChannel();
            ports.push(port1, port2);
            setTimeout(() => port2.dispatchEvent(new Event('error', { cancelable: true })), 10);
            return Object.assign(port2, { terminate: () => port1.close() });
          },
        },
        why: "the model's worker could not start (its script could not load)",
      },
      {
        // A worker that never answers.
        options: {
          startTimeoutMs: 1000,
          spawn: () => {
            const { port1, port2 } = new MessageChannel();
            ports.push(port1, port2);
            return Object.assign(port2, { terminate: () => port1.close() });
          },
        },
        why: "the model's worker could not start (no answer in 1 s)",
      },
    ];
    for (const { options, why } of cases) {
      const locks = new LockSpace();
      const runner = runnerWith({ worker: true, locks: locks.context(), ...options });
      await runner.build(ANALYSIS);
      const s = await ready(runner);
      expect(s.thread, why).toBe('main');
      expect(runner.worker).toBeNull();
      expect(words(s.backendReason)).toMatch(new RegExp(`\\(on the main thread: ${why.replace(/[()]/g, '\\$&')}\\)$`));
    }
  }, 120_000);
});
