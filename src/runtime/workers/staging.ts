/**
 * Float32 values handed to a worker without copying them on the way. A cloned 600 KB input (one 224×224 picture)
 * costs a copy into the message and another out of it, each into fresh memory the OS must first map: about 4 ms
 * of a round trip on the development machine. Where the page is cross-origin isolated, the values are written
 * into shared memory the worker reads in place, and the buffer is used again by the next call once this one has
 * ended; elsewhere they go as a copy whose buffer is transferred, so only the page copies.
 */

export interface Staged {
  /** The values, over shared memory or a buffer of their own. */
  readonly values: Float32Array;
  /** What to transfer with the message (nothing for shared memory). */
  readonly transfer: ArrayBuffer[];
  /** The call has ended: the worker no longer reads `values`. */
  release(): void;
}

export class Staging {
  /** Shared buffers not in use, kept for the next call of the same size. */
  private readonly free: Float32Array[] = [];

  constructor(
    private readonly shared = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true,
    /** How many idle buffers to keep (calls in flight at once each hold one). */
    private readonly keep = 2,
  ) {}

  stage(values: ArrayLike<number>): Staged {
    if (!this.shared) {
      const copy = Float32Array.from(values);
      return { values: copy, transfer: [copy.buffer], release: () => {} };
    }
    const i = this.free.findIndex((b) => b.length === values.length);
    const buffer = i >= 0 ? this.free.splice(i, 1)[0] : new Float32Array(new SharedArrayBuffer(values.length * 4));
    buffer.set(values);
    let released = false;
    return {
      values: buffer,
      transfer: [],
      release: () => {
        if (released) return;
        released = true;
        this.free.unshift(buffer);
        this.free.length = Math.min(this.free.length, this.keep);
      },
    };
  }
}
