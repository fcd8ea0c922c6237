/**
 * A weights file's format comes from its bytes, and a refusal names the format that was tried: a bogus `.pth`
 * is not "Not a readable safetensors file", and a real torch.save file that fails says it is one.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { english } from '../../core/phrase';
import { UnreadableWeightsError, readWeightsFile } from './load';
import { writeSafetensors } from './safetensors';
import { sniffWeights } from './sniff';

const PTH = new URL('../../../tests/fixtures/pth/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, PTH)));
const text = (s: string) => new TextEncoder().encode(s);
const SAFETENSORS = writeSafetensors([{ name: 'x', dtype: 'F32', shape: [2], data: new Float32Array([1, 2]) }]);

/** The refusal of readWeightsFile, in English, and the format it names. */
function refusal(bytes: Uint8Array): { format: string | null; text: string } {
  try {
    readWeightsFile(bytes);
  } catch (e) {
    if (e instanceof UnreadableWeightsError) return { format: e.format, text: english(e.phrase) };
    throw e;
  }
  throw new Error('the bytes were read as weights');
}

describe('the weights format, told by the bytes', () => {
  it('knows safetensors, torch.save zip archives and legacy pickles', () => {
    expect(sniffWeights(SAFETENSORS)).toEqual({ format: 'safetensors' });
    expect(sniffWeights(fixture('tiny-basic.pth'))).toEqual({ format: 'pth-zip' });
    expect(sniffWeights(fixture('tiny-basic.legacy.pth'))).toEqual({ format: 'pth-pickle' });
  });

  it('refuses a bogus .pth without calling it safetensors, saying what was tried', () => {
    for (const bytes of [text('this is not a checkpoint, just a note saved as model.pth'), new Uint8Array(4096).map((_, i) => 0x90 + ((i * 7) % 13))]) {
      const r = refusal(bytes);
      expect(r.format).toBeNull();
      expect(r.text).not.toMatch(/Not a readable safetensors file/);
      expect(r.text).toMatch(/^Not a weights file/);
    }
    expect(refusal(text('just a note')).text).toBe('Not a weights file: this is text. Weights load from safetensors or from a torch.save file (.pth, .pt, .bin).');
    expect(refusal(new Uint8Array(4096).map((_, i) => 0x90 + ((i * 7) % 13))).text).toBe(
      'Not a weights file this app reads: its first bytes are neither safetensors (a header length, then a JSON header) nor torch.save (a zip archive, or a pickle).',
    );
  });

  it('names what a file is when it is recognisably something else', () => {
    const what = (bytes: Uint8Array) => refusal(bytes).text;
    expect(what(new Uint8Array())).toBe('Not a weights file: the file is empty.');
    expect(what(text('{"modelTopology": {}, "weightsManifest": []}'))).toMatch(/this is a TensorFlow\.js model\.json\. Open it together with its weights file/);
    expect(what(text(' {"block": "basic"}'))).toMatch(/this is JSON text\./);
    expect(what(Uint8Array.from([0x89, ...text('HDF\r\n\x1a\n'), 0, 0, 0]))).toMatch(/this is an HDF5 file \(the format of Keras \.h5 weights\)/);
    expect(what(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0]))).toMatch(/this is a gzip archive\. Unpack it first/);
    expect(what(Uint8Array.from([0x89, ...text('PNG\r\n\x1a\n'), 0, 0]))).toMatch(/this is an image\./);
  });

  it('says which reader refused a file in its format, and why', () => {
    const cut = SAFETENSORS.slice(0, SAFETENSORS.length - 3);
    expect(refusal(cut)).toEqual({ format: 'safetensors', text: expect.stringMatching(/^Not a readable safetensors file: tensor "x" lies at bytes 0–8, outside the 5 bytes of data/) });
    const zip = fixture('tiny-basic.pth');
    expect(refusal(zip.slice(0, zip.length - 200))).toEqual({ format: 'pth-zip', text: expect.stringMatching(/^Not a loadable PyTorch file \(a torch\.save zip archive\): /) });
    const legacy = fixture('tiny-basic.legacy.pth');
    expect(refusal(legacy.slice(0, legacy.length - 200))).toEqual({
      format: 'pth-pickle',
      text: expect.stringMatching(/^Not a loadable PyTorch file \(a legacy torch\.save pickle\): .*truncated/),
    });
  });
});
