/** What WebGL offers on this thread, without starting tfjs: a page canvas, or an OffscreenCanvas in a worker. */
export interface WebGLProbe {
  available: boolean;
  renderer: string;
  /** SwiftShader, llvmpipe and the like: correct but many times slower than WebAssembly. */
  software: boolean;
}

export const SOFTWARE_RENDERER = /swiftshader|llvmpipe|software|softpipe|basic render/i;

export function probeWebGL(): WebGLProbe {
  try {
    const canvas = typeof document !== 'undefined' ? document.createElement('canvas') : typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
    const gl = canvas?.getContext('webgl2') as WebGL2RenderingContext | null | undefined;
    if (!gl) return { available: false, renderer: '', software: false };
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer, software: SOFTWARE_RENDERER.test(renderer) };
  } catch {
    return { available: false, renderer: '', software: false };
  }
}
