import { afterEach, describe, expect, it } from 'vitest';
import { WASM_MAX_THREADS, wantedThreads, withDoubledCoreCount } from './wasmThreads';

/** A navigator like the browser's: hardwareConcurrency is a getter on the prototype. */
class FakeNavigator {
  get hardwareConcurrency() {
    return 2;
  }
}
const g = globalThis as { navigator?: unknown };
const had = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

afterEach(() => {
  if (had) Object.defineProperty(globalThis, 'navigator', had);
  else delete g.navigator;
});

function useFakeNavigator(): { hardwareConcurrency: number } {
  const nav = new FakeNavigator();
  Object.defineProperty(globalThis, 'navigator', { configurable: true, writable: true, value: nav });
  return nav;
}

describe('one WebAssembly thread per core', () => {
  it('asks for one thread per logical core, within the pre-started workers', () => {
    expect(wantedThreads(1)).toBe(1);
    expect(wantedThreads(2)).toBe(2);
    expect(wantedThreads(6)).toBe(6);
    expect(wantedThreads(64)).toBe(WASM_MAX_THREADS);
    expect(wantedThreads(0)).toBe(1);
  });

  it('doubles the core count only while the backend starts, then restores the real getter', async () => {
    const nav = useFakeNavigator();
    const seen = await withDoubledCoreCount(2, async () => {
      await Promise.resolve();
      return nav.hardwareConcurrency;
    });
    expect(seen).toBe(4);
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency')).toBeUndefined();
  });

  it('restores the real count when the start fails', async () => {
    const nav = useFakeNavigator();
    await expect(withDoubledCoreCount(2, () => Promise.reject(new Error('no wasm')))).rejects.toThrow('no wasm');
    expect(nav.hardwareConcurrency).toBe(2);
  });
});
