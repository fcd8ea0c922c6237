import { describe, expect, it } from 'vitest';
import { isSoftwareAdapter } from './webgpu';

describe('WebGPU adapters', () => {
  it('takes SwiftShader, llvmpipe, WARP and any fallback adapter for software', () => {
    expect(isSoftwareAdapter({}, { vendor: 'google', architecture: 'swiftshader' })).toBe(true);
    expect(isSoftwareAdapter({}, { vendor: 'mesa', device: 'llvmpipe (LLVM 15.0.6, 256 bits)' })).toBe(true);
    expect(isSoftwareAdapter({}, { vendor: 'microsoft', description: 'Microsoft Basic Render Driver' })).toBe(true);
    expect(isSoftwareAdapter({ isFallbackAdapter: true }, { vendor: 'acme' })).toBe(true);
    expect(isSoftwareAdapter({}, { vendor: 'acme', isFallbackAdapter: true })).toBe(true);
  });

  it('takes a named GPU for hardware', () => {
    expect(isSoftwareAdapter({ isFallbackAdapter: false }, { vendor: 'nvidia', architecture: 'ampere' })).toBe(false);
    expect(isSoftwareAdapter({}, { vendor: 'apple', architecture: 'metal-3' })).toBe(false);
    expect(isSoftwareAdapter({}, { vendor: 'intel', architecture: 'gen-12lp' })).toBe(false);
  });
});
