/**
 * The workers' one lifecycle over a real MessageChannel: the "worker" is one port (comlink and the lifeline held
 * through an in-memory Web Locks, `tests/locks.ts`, which lets a context's locks go when it ends, as a browser
 * does for a worker that is gone), the page watches the other.
 */
import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { english, phraseOf } from '../../core';
import { LockSpace } from '../../../tests/locks';
import { Deaths, WorkerDied, holdLifeline, watchWorker, type Locks, type WorkerLike } from './lifecycle';

const ports: MessagePort[] = [];
afterEach(() => ports.splice(0).forEach((p) => p.close()));

interface Api {
  twice(n: number): number;
}

/** A worker on one end of a channel; `lifeline: false` is a worker that never takes it (a hung start). */
function fakeWorker(locks: LockSpace, { lifeline = true, workerLocks = true } = {}) {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  const inside = locks.context();
  if (lifeline) holdLifeline(port1, workerLocks ? inside : null);
  Comlink.expose({ twice: (n: number) => 2 * n } satisfies Api, port1);
  let terminated = 0;
  const exit = () => {
    inside.end();
    port1.close();
  };
  const worker: WorkerLike = Object.assign(port2, {
    terminate: () => {
      terminated++;
      exit();
    },
  });
  return {
    worker,
    /** Ends without a word (`self.close()`): no event, only the lifeline let go. */
    exit,
    /** An uncaught error, as the browser reports it on the Worker (no message: its script could not load). */
    crash: (message = '') => port2.dispatchEvent(Object.assign(new Event('error', { cancelable: true }), { message })),
    unreadable: () => port2.dispatchEvent(new Event('messageerror')),
    get terminated() {
      return terminated;
    },
  };
}

const reasonOf = async (died: Promise<never>) => {
  const e = await died.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(WorkerDied);
  expect((e as WorkerDied).code).toBe('worker-died');
  return english(phraseOf(e));
};

describe('a worker, watched', () => {
  it('starts once it holds its lifeline, and answers through comlink', async () => {
    const locks = new LockSpace();
    const w = fakeWorker(locks);
    const link = watchWorker<Api>(() => w.worker, { locks: locks.context() });
    await link.started;
    expect(await link.remote.twice(21)).toBe(42);
    expect(link.death).toBeNull();
    link.running();
    link.terminate();
    expect(await reasonOf(link.died)).toBe('it was ended');
    expect(w.terminated).toBe(1);
  });

  it('notices a worker that ends without a word (self.close()): no event, its lifeline let go', async () => {
    const locks = new LockSpace();
    const w = fakeWorker(locks);
    const link = watchWorker<Api>(() => w.worker, { locks: locks.context() });
    await link.started;
    link.running();
    const inFlight = Promise.race([link.remote.twice(1).then(() => new Promise(() => undefined)), link.died]);
    w.exit();
    expect(await reasonOf(link.died)).toBe('it ended without an error');
    await expect(inFlight).rejects.toBeInstanceOf(WorkerDied);
    expect(english(link.death!)).toBe('it ended without an error');
  });

  it('ends a worker that throws an uncaught error, with its message; one that cannot load, saying so', async () => {
    const locks = new LockSpace();
    const a = fakeWorker(locks);
    const crashed = watchWorker<Api>(() => a.worker, { locks: locks.context() });
    await crashed.started;
    a.crash('Uncaught RangeError: out of memory');
    expect(await reasonOf(crashed.died)).toBe('RangeError: out of memory');
    expect(a.terminated).toBe(1);
    // Later news (its lifeline let go as it ends) changes nothing: a death is said once.
    await new Promise((r) => setTimeout(r, 10));
    expect(english(crashed.death!)).toBe('RangeError: out of memory');

    const b = fakeWorker(locks, { lifeline: false });
    const unloaded = watchWorker<Api>(() => b.worker, { locks: locks.context() });
    b.crash();
    expect(await reasonOf(unloaded.died)).toBe('its script could not load');
    await expect(unloaded.started).rejects.toBeInstanceOf(WorkerDied);

    const c = fakeWorker(locks);
    const garbled = watchWorker<Api>(() => c.worker, { locks: locks.context() });
    c.unreadable();
    expect(await reasonOf(garbled.died)).toBe('a message from it could not be read');
  });

  it('gives up on a worker that does not start in time, unless the caller says it runs', async () => {
    const locks = new LockSpace();
    const hung = fakeWorker(locks, { lifeline: false });
    const link = watchWorker<Api>(() => hung.worker, { locks: locks.context(), startTimeoutMs: 50 });
    expect(await reasonOf(link.died)).toBe('no answer in 0 s');
    expect(hung.terminated).toBe(1);

    const slow = fakeWorker(locks);
    const ok = watchWorker<Api>(() => slow.worker, { locks: locks.context(), startTimeoutMs: 50 });
    await ok.started;
    ok.running();
    await new Promise((r) => setTimeout(r, 100));
    expect(ok.death).toBeNull();
    ok.terminate();
  });

  it('without Web Locks, still starts and still hears its error events', async () => {
    const locks = new LockSpace();
    const w = fakeWorker(locks, { workerLocks: false });
    const link = watchWorker<Api>(() => w.worker, { locks: null });
    await link.started;
    expect(await link.remote.twice(2)).toBe(4);
    w.crash('Uncaught Error: boom');
    expect(await reasonOf(link.died)).toBe('Error: boom');
  });

  it('a constructor that throws (module workers blocked) throws to the caller', () => {
    const locks: Locks = new LockSpace().context();
    expect(() =>
      watchWorker<Api>(() => {
        throw new TypeError('module workers are blocked here');
      }, { locks }),
    ).toThrow('module workers are blocked here');
  });
});

describe('deaths in quick succession', () => {
  it('give the worker up at the second within the window, not after it', () => {
    let now = 0;
    const deaths = new Deaths(60_000, () => now);
    expect(deaths.note()).toBe(false);
    now = 59_000;
    expect(deaths.note()).toBe(true);
    now = 200_000;
    expect(deaths.note()).toBe(false);
  });
});
