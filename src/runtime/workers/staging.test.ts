import { describe, expect, it } from 'vitest';
import { Staging } from './staging';

describe('staging the values a worker reads', () => {
  it('copies into shared memory, one buffer per call in flight, and uses a buffer again once its call has ended', () => {
    const staging = new Staging(true, 2);
    const a = staging.stage([1, 2, 3]);
    expect(a.values.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(a.values)).toEqual([1, 2, 3]);
    expect(a.transfer).toEqual([]);
    // A second call while the first is in flight must not write over the first's values.
    const b = staging.stage(new Float32Array([4, 5, 6]));
    expect(b.values.buffer).not.toBe(a.values.buffer);
    expect(Array.from(a.values)).toEqual([1, 2, 3]);
    a.release();
    a.release();
    const c = staging.stage([7, 8, 9]);
    expect(c.values.buffer).toBe(a.values.buffer);
    expect(Array.from(c.values)).toEqual([7, 8, 9]);
    // Released twice above, yet handed out once: the next call of that size gets a buffer of its own.
    expect(staging.stage([0, 0, 0]).values.buffer).not.toBe(c.values.buffer);
    // Another size gets its own buffer.
    expect(staging.stage([1, 2]).values.length).toBe(2);
  });

  it('keeps only as many idle buffers as it is told to', () => {
    const staging = new Staging(true, 1);
    const calls = [staging.stage([1]), staging.stage([2]), staging.stage([3])];
    calls.forEach((s) => s.release());
    const buffers = new Set([staging.stage([0]), staging.stage([0])].map((s) => s.values.buffer));
    expect(buffers.has(calls[2].values.buffer)).toBe(true);
    expect(buffers.has(calls[0].values.buffer) || buffers.has(calls[1].values.buffer)).toBe(false);
  });

  it('without shared memory, hands over a copy whose buffer is transferred', () => {
    const staging = new Staging(false);
    const source = new Float32Array([1, 2, 3]);
    const s = staging.stage(source);
    expect(s.values).not.toBe(source);
    expect(s.values.buffer).toBeInstanceOf(ArrayBuffer);
    expect(s.transfer).toEqual([s.values.buffer]);
    expect(Array.from(s.values)).toEqual([1, 2, 3]);
  });
});
