/**
 * Which weights format a file is in, told by its first bytes (never by its name: a `.pth` may hold safetensors,
 * and a file renamed by hand holds whatever it held), so a refusal names the reader that tried and why. Bytes in
 * no format this app reads are described where they are recognisable (JSON, a TensorFlow.js model.json, HDF5,
 * GGUF, NumPy, gzip, an image, text) so the user learns what they gave.
 */
import { phrase, type Phrase } from '../../core/phrase';
import { torchFormat } from './pth';

export type WeightsFormat = 'safetensors' | 'pth-zip' | 'pth-pickle';

export type Sniffed = { format: WeightsFormat } | { format: null; why: Phrase };

const startsWith = (b: Uint8Array, magic: number[]) => b.length >= magic.length && magic.every((m, i) => b[i] === m);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** safetensors: an 8-byte little-endian header length whose top bytes are zero, then the JSON header's `{`. */
function isSafetensors(b: Uint8Array): boolean {
  return b.length >= 9 && b[8] === 0x7b && b[6] === 0 && b[7] === 0;
}

/** Printable text (UTF-8 or ASCII, with tabs and line breaks) in the first bytes. */
function isText(b: Uint8Array): boolean {
  const head = b.subarray(0, 512);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.length === b.length ? head : head.subarray(0, head.length - 4));
  } catch {
    return false;
  }
  return head.every((c) => c >= 0x20 || c === 0x09 || c === 0x0a || c === 0x0d);
}

/** Why bytes in none of the weights formats are refused: what they look like, when that can be told. */
function notWeights(b: Uint8Array): Phrase {
  const is = (what: Phrase) => phrase('Not a weights file: this is {what}. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).', { what });
  if (b.length === 0) return phrase('Not a weights file: the file is empty.');
  if (startsWith(b, [0x89, ...ascii('HDF\r\n\x1a\n')])) return is(phrase('an HDF5 file (the format of Keras .h5 weights)'));
  if (startsWith(b, ascii('GGUF'))) return is(phrase('a GGUF file (llama.cpp)'));
  if (startsWith(b, [0x93, ...ascii('NUMPY')])) return is(phrase('a NumPy array (.npy)'));
  if (startsWith(b, [0x1f, 0x8b])) return phrase('Not a weights file: this is a gzip archive. Unpack it first, then give the file inside.');
  if (startsWith(b, [0x89, ...ascii('PNG')]) || startsWith(b, [0xff, 0xd8, 0xff])) return is(phrase('an image'));
  const first = b.find((c) => c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d);
  if (first === 0x7b || first === 0x5b) {
    const head = new TextDecoder().decode(b.subarray(0, 65536));
    if (/"(?:modelTopology|weightsManifest)"/.test(head)) {
      return phrase('Not a weights file: this is a TensorFlow.js model.json. Open it together with its weights file (select both, or drop both at once).');
    }
    return is(phrase('JSON text'));
  }
  if (isText(b)) return is(phrase('text'));
  return phrase('Not a weights file this app reads: its first bytes are neither safetensors (a header length, then a JSON header) nor torch.save (a zip archive, or a pickle).');
}

/** The weights format of `bytes`, or why it is none of them. */
export function sniffWeights(bytes: Uint8Array): Sniffed {
  const torch = torchFormat(bytes);
  if (torch) return { format: torch === 'zip' ? 'pth-zip' : 'pth-pickle' };
  if (isSafetensors(bytes)) return { format: 'safetensors' };
  return { format: null, why: notWeights(bytes) };
}
