import { describe, expect, it } from 'vitest';
import { compileKernel, kernelSource } from '../../../build/wasmKernel';
import { KERNEL_BYTES } from './kernelBytes';
import { readFileSync } from 'node:fs';

describe('the WebAssembly SIMD kernel', () => {
  it('is kernel.wat compiled: kernelBytes.ts is what build/wasmKernel.ts writes from it', async () => {
    const bytes = await compileKernel();
    expect(Buffer.from(KERNEL_BYTES).equals(Buffer.from(bytes))).toBe(true);
    expect(readFileSync(new URL('./kernelBytes.ts', import.meta.url), 'utf8')).toBe(kernelSource(bytes));
  });

  it('is small enough to compile synchronously on a page (Chromium refuses more than 4 KB there)', () => {
    expect(KERNEL_BYTES.length).toBeLessThan(4096);
    expect(WebAssembly.validate(KERNEL_BYTES)).toBe(true);
  });
});
