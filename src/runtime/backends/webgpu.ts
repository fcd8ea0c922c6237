/**
 * WebGPU: used first only on a hardware adapter. A software adapter (SwiftShader, llvmpipe, WARP, or one the
 * browser flags as a fallback) is correct but slower than WebAssembly, so it is never chosen automatically.
 * The tfjs WebGPU backend is loaded only when it is wanted, so the main bundle does not carry it.
 */

/** What the page can see of a GPU adapter (the part of WebGPU's types this needs). */
interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}
interface Adapter {
  info?: AdapterInfo;
  isFallbackAdapter?: boolean;
  requestAdapterInfo?: () => Promise<AdapterInfo>;
}
interface Gpu {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<Adapter | null>;
}

export interface WebGPUProbe {
  available: boolean;
  /** A software or fallback adapter: never chosen automatically. */
  software: boolean;
  /** The adapter in words, e.g. "nvidia ampere" or "google swiftshader". */
  adapter: string;
}

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render|\bwarp\b/i;

/** Whether this adapter is a software one, from what it says about itself. */
export function isSoftwareAdapter(adapter: Adapter, info: AdapterInfo): boolean {
  if (adapter.isFallbackAdapter || info.isFallbackAdapter) return true;
  return SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '));
}

export async function probeWebGPU(): Promise<WebGPUProbe> {
  const gpu = (globalThis.navigator as unknown as { gpu?: Gpu } | undefined)?.gpu;
  const none = { available: false, software: false, adapter: '' };
  if (!gpu) return none;
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return none;
    const info: AdapterInfo = adapter.info ?? (await adapter.requestAdapterInfo?.()) ?? {};
    const words = [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ');
    return { available: true, software: isSoftwareAdapter(adapter, info), adapter: words || 'unnamed adapter' };
  } catch {
    return none;
  }
}

let loading: Promise<unknown> | null = null;

/** Registers tfjs's WebGPU backend (once), loading its code on first use. */
export function loadWebGPUBackend(): Promise<unknown> {
  loading ??= import('@tensorflow/tfjs-backend-webgpu');
  return loading;
}
