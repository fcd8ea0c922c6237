/**
 * Messages the runtime states as finished English sentences (backend reasons, build and run errors, weight-check
 * problems, image errors, training's divergence), read back into template + values so the UI can translate them
 * with the one dictionary. The runtime files that write them are being moved into Web Workers by others; until
 * they send phrases themselves, each template here is the English they write, with `{slot}`s where theirs vary.
 * A text no template matches is shown as it is.
 */
import type { Phrase, PhraseVars } from '../core/phrase';

export const RUNTIME_TEMPLATES = [
  // Where the live model runs (runner.ts appends it to the backend's reason); first, so no template swallows it.
  '{reason} (in a worker)',
  '{reason} (on the main thread: {why})',
  'the page asked for it (worker=off)',
  'this browser has no Web Workers',
  'WebGL on the GPU ({renderer}) is not available in a worker here',
  "the model's worker could not start ({reason})",
  "the model's worker stopped twice",
  "the model's worker could not restart ({reason})",
  "The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt.",
  "The model's worker stopped unexpectedly; a new worker took over and the model was rebuilt with random weights (load {file} again).",
  "The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt.",
  "The model's worker stopped unexpectedly; it stopped twice, so the model now runs on the main thread and the model was rebuilt with random weights (load {file} again).",
  // Backends (runtime/backends.ts, runner.ts).
  'WebGPU on the GPU ({adapter})',
  'WebGL on the GPU ({renderer})',
  'WebGL is not available here',
  'WebGL here is a software renderer ({renderer}), several times slower than WebAssembly',
  'WebGL failed to start',
  'Neither WebGL nor WebAssembly could start; the plain JavaScript backend is slow',
  'WebAssembly with SIMD and threads ({n} threads on {cores} cores)',
  'WebAssembly with SIMD and threads ({n} thread on {cores} cores)',
  'WebAssembly and threads ({n} threads on {cores} cores)',
  'WebAssembly with SIMD, one thread',
  'WebAssembly, one thread',
  "The GPU's WebGL context was lost; the model was rebuilt on {backend} with the same weights. Reload the page to use WebGL again.",
  '{name} could not start here; staying on {fallback}',
  'Chosen by you: {wasm}',
  'Chosen by you ({name})',
  // Building and running (runner.ts, inference.ts, image.ts).
  'This model needs about {gb} GB for its weights and activations, more than the {backend} backend can hold here ({limit} GB). Make it narrower, shallower or its input smaller.',
  'The model could not be built: {reason}',
  'The model could not run: {reason}',
  '{name} is empty.',
  '{name} is not an image this app reads (PNG, JPEG, GIF, WebP or BMP).',
  '{name} is {w}×{h} ({mp} megapixels), more than the {max} megapixels this page decodes safely. Scale it down first.',
  'Decoded at {w}×{h} (the model sees a small crop anyway).',
  '{name} could not be decoded: the {type} file is corrupt or incomplete.',
  'This model takes {n} input channels; an image has 3 (or 1 as grayscale).',
  'This browser cannot draw the image to a canvas.',
  '{name} could not be read: {reason}',
  '{file} could not be loaded ({reason}): are you offline? Your own pictures still work.',
  // Checking weights against the model (runtime/weights.ts).
  'Missing {n} weights: {keys}',
  'Missing {n} weight: {keys}',
  'Unexpected {n} keys: {keys}',
  'Unexpected {n} key: {keys}',
  '{key} is {dtype}; expected an integer tensor',
  '{key} is {dtype}; expected a floating-point tensor',
  '{key} has shape [{shape}]; this model needs [{expected}]',
  'and {n} more tensors of the wrong shape or type',
  '{key} has {n} NaN or infinite values',
  '{key} has {n} NaN or infinite value',
  '{keys} and {n} more',
  'Not a loadable PyTorch file: {reason}',
  'Not a readable safetensors file: {reason}',
  // Training (runtime/train, state/trainStore.ts).
  'The loss became {loss} at step {step} (learning rate {lr}): training stopped. Try a lower learning rate or a warm-up.',
  'The loss became {loss}',
  'The training data could not be loaded: {reason}',
  'The {backend} backend cannot train: it has no {kernels} kernels',
  'The {backend} backend cannot train: it has no {kernels} kernel',
  'Fix the settings first: {problems}',
  // Last: a WebAssembly description and why it was chosen.
  '{wasm}: {why}',
] as const;

/** Which slots hold text that is itself a runtime message (translated in turn); the others are values. */
const NESTED = new Set(['why', 'wasm', 'reason', 'keys']);

const compiled = RUNTIME_TEMPLATES.map((template) => {
  const slots: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const slot = /^\{(\w+)\}$/.exec(part);
      if (!slot) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      slots.push(slot[1]);
      return '([\\s\\S]+?)';
    })
    .join('');
  return { template, slots, re: new RegExp(`^${source}$`) };
});

/** The message as a phrase: its template and values when one matches, else the text as it is. */
export function runtimePhrase(text: string): Phrase {
  for (const { template, slots, re } of compiled) {
    const m = re.exec(text);
    if (!m) continue;
    const vars: PhraseVars = {};
    slots.forEach((s, i) => (vars[s] = NESTED.has(s) ? runtimePhrase(m[i + 1]) : m[i + 1]));
    return { template, vars };
  }
  return { template: text };
}
