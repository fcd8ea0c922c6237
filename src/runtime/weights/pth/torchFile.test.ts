/** torch.save files from PyTorch itself (tests/fixtures/pth): each does what its index says. */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalizeKey, stateDictSchema } from '../../../core';
import { loadParity } from '../../../../tests/parity';
import { writeSafetensors } from '../safetensors';
import { UnreadableWeightsError, checkWeights, readWeightsFile, type NamedTensor } from '../load';
import { PthError, readTorchFile, torchFormat } from '.';

const FIXTURES = new URL('../../../../tests/fixtures/', import.meta.url);
const PTH = new URL('pth/', FIXTURES);
const EXTRA = new URL('pth/extra/', FIXTURES);
const bytesOf = (url: URL) => new Uint8Array(readFileSync(url));

interface IndexEntry {
  same_weights_as?: string;
  format: string;
  expect: string;
}
const INDEX = JSON.parse(readFileSync(new URL('index.json', PTH), 'utf8')) as Record<string, IndexEntry>;
/** The global each hostile fixture asks for (the pickle's own module name: os.system is posix.system). */
const HOSTILE: Record<string, string> = { 'evil-os-system.pth': 'posix.system', 'evil-eval.pth': 'builtins.eval' };

function refusal(bytes: Uint8Array): PthError {
  try {
    readTorchFile(bytes);
  } catch (e) {
    if (e instanceof PthError) return e;
    throw e;
  }
  throw new Error('the file was accepted');
}

/** float16 keeps 11 significant bits: a value rounds to within half a unit of the last place (and subnormals to 2^-25). */
const halfUlp = (v: number) => Math.max(2 ** -25, 2 ** (Math.floor(Math.log2(Math.abs(v) || 1)) - 11));

function expectSameTensors(ours: NamedTensor[], theirs: NamedTensor[], half: boolean) {
  const byKey = new Map(theirs.map((t) => [normalizeKey(t.name), t]));
  expect(new Set(ours.map((t) => normalizeKey(t.name)))).toEqual(new Set(byKey.keys()));
  for (const t of ours) {
    const ref = byKey.get(normalizeKey(t.name))!;
    expect(t.shape, t.name).toEqual(ref.shape);
    if (ref.dtype === 'I64') {
      expect(t.dtype, t.name).toBe('I64');
      expect(t.int64(), t.name).toEqual(ref.int64());
      continue;
    }
    expect(t.dtype, t.name).toBe(half ? 'F16' : ref.dtype);
    const a = t.float32();
    const b = ref.float32();
    expect(a.length).toBe(b.length);
    if (!half) expect(a, t.name).toEqual(b);
    else for (let i = 0; i < b.length; i++) if (Math.abs(a[i] - b[i]) > halfUlp(b[i])) expect.fail(`${t.name}[${i}]: ${a[i]} is not ${b[i]} rounded to float16`);
  }
}

describe('the shared torch.save fixtures', () => {
  it('index.json covers every file', () => {
    expect(new Set(Object.keys(INDEX))).toEqual(new Set(readdirSync(PTH).filter((f) => f.endsWith('.pth'))));
  });

  it.each(Object.entries(INDEX))('%s: %j', (file, entry) => {
    const bytes = bytesOf(new URL(file, PTH));
    if (entry.expect.startsWith('loads') && entry.same_weights_as) {
      expect(torchFormat(bytes)).toBe(entry.format.includes('legacy') ? 'legacy' : 'zip');
      const reference = bytesOf(new URL(entry.same_weights_as.split(' ')[0], FIXTURES));
      expectSameTensors(readTorchFile(bytes), readWeightsFile(reference), entry.format.includes('float16'));
    } else if (file === 'shared-storage.pth') {
      const [a, b] = readTorchFile(bytes);
      const arange = Array.from({ length: 24 }, (_, i) => i);
      // a = arange(24)[4:16].view(3, 4)
      expect([a.name, a.shape, Array.from(a.float32())]).toEqual(['a', [3, 4], arange.slice(4, 16)]);
      // b = arange(24).view(4, 6).t(): b[i][j] = j * 6 + i
      const t = Array.from({ length: 6 }, (_, i) => Array.from({ length: 4 }, (_, j) => j * 6 + i)).flat();
      expect([b.name, b.shape, Array.from(b.float32())]).toEqual(['b', [6, 4], t]);
    } else if (entry.expect.includes('no tensors')) {
      expect(refusal(bytes).message).toMatch(/^no tensors in this file: it holds a list of 3 items/);
    } else {
      expect(entry.expect).toMatch(/^refused, nothing executed/);
      expect(HOSTILE[file], `the global ${file} asks for`).toBeDefined();
      expect(refusal(bytes).message).toBe(`refused: the file asks to run ${HOSTILE[file]}, which a state_dict does not need (nothing was run)`);
    }
  });
});

interface ExtraEntry {
  expect: 'loads' | 'refused';
  global?: string;
  tensors?: Record<string, { dtype: string; shape: number[]; values: number[] }>;
}
const EXTRA_INDEX = JSON.parse(readFileSync(new URL('index.json', EXTRA), 'utf8')) as Record<string, ExtraEntry>;
const TORCH_DTYPES: Record<string, string> = { float32: 'F32', float64: 'F64', float16: 'F16', bfloat16: 'BF16', int64: 'I64', int32: 'I32' };

describe('more torch.save files (tests/fixtures/pth/make_extra.py)', () => {
  it.each(Object.entries(EXTRA_INDEX))('%s', (file, entry) => {
    const bytes = bytesOf(new URL(file, EXTRA));
    if (entry.expect === 'refused') {
      expect(refusal(bytes).message).toMatch(new RegExp(`^refused: the file asks to run ${entry.global!.replaceAll('.', '\\.')},`));
      return;
    }
    const tensors = new Map(readTorchFile(bytes).map((t) => [t.name, t]));
    expect([...tensors.keys()]).toEqual(Object.keys(entry.tensors!));
    for (const [name, want] of Object.entries(entry.tensors!)) {
      const t = tensors.get(name)!;
      expect([t.dtype, t.shape], name).toEqual([TORCH_DTYPES[want.dtype], want.shape]);
      if (t.dtype === 'I64') expect(Array.from(t.int64()), name).toEqual(want.values.map((v) => BigInt(v)));
      else if (t.dtype === 'I32') expect(() => t.float32(), name).toThrow(/is I32, not a floating-point type/);
      else expect(Array.from(t.float32()), name).toEqual(want.values.map((v) => Math.fround(v)));
    }
  });
});

describe('malformed tensors in a real file', () => {
  /** shared-storage.pth with one byte of its pickle changed (entries are stored, so the pickle is in the file as is). */
  function patched(at: number, value: number): Uint8Array {
    const bytes = bytesOf(new URL('shared-storage.pth', PTH));
    const start = bytes.indexOf(0x80); // data.pkl is the first entry; its pickle starts with PROTO
    expect(Array.from(bytes.subarray(start, start + 2))).toEqual([0x80, 2]);
    bytes[start + at] = value;
    return bytes;
  }
  // Offsets in data.pkl (pickletools.dis): 134 numel 24, 140 a's storage offset 4, 149 a's first stride 4.
  it.each([
    [140, 20, /^a tensor of shape \[3, 4\] at offset 20 with strides \[4, 1\] reaches element 31 of a storage of 24/],
    [134, 25, /^storage 0 should hold 100 bytes \(F32×25\) but has 96/],
  ])('byte %i set to %i: %s', (at, value, message) => {
    expect(refusal(patched(at, value)).message).toMatch(message);
  });

  it('a broadcast view (stride 0) within its storage is materialised row by row', () => {
    const [a] = readTorchFile(patched(149, 0));
    expect(Array.from(a.float32())).toEqual([4, 5, 6, 7, 4, 5, 6, 7, 4, 5, 6, 7]);
  });

  it('an expanded view (stride 0) beyond its storage is refused, not materialised', () => {
    // a's shape (3, 4) → (9, 4) with strides (0, 1): 36 elements from 4 of the storage.
    const bytes = patched(142, 9);
    bytes[bytes.indexOf(0x80) + 149] = 0;
    expect(refusal(bytes).message).toMatch(/^a tensor of shape \[9, 4\] has more elements than its storage \(an expanded view\)/);
  });
});

describe('weights files of either format, told apart by their bytes', () => {
  it('a .pth state_dict passes the same checks as its safetensors twin, with the same values', () => {
    const { analysis } = loadParity('tiny-grouped');
    const schema = stateDictSchema(analysis.graph);
    const fromPth = checkWeights(bytesOf(new URL('tiny-grouped.module.pth', PTH)), analysis, schema);
    const fromSafetensors = checkWeights(bytesOf(new URL('torchvision-parity/tiny-grouped.weights.safetensors', FIXTURES)), analysis, schema);
    expect(fromPth.modules).toEqual(fromSafetensors.modules);
  });

  it('a .pth that does not fit is refused with the same messages and suggestion as safetensors', () => {
    const { analysis } = loadParity('tiny-basic');
    const schema = stateDictSchema(analysis.graph);
    const problems = (bytes: Uint8Array) => {
      try {
        checkWeights(bytes, analysis, schema);
      } catch (e) {
        return e;
      }
    };
    const pth = problems(bytesOf(new URL('tiny-bottleneck.checkpoint.pth', PTH)));
    expect(pth).toEqual(problems(bytesOf(new URL('torchvision-parity/tiny-bottleneck.weights.safetensors', FIXTURES))));
    expect((pth as Error).message).toMatch(/Missing \d+ weights/);
  });

  it('an unreadable or hostile .pth is an UnreadableWeightsError naming the reason', () => {
    const { analysis } = loadParity('tiny-basic');
    const check = () => checkWeights(bytesOf(new URL('evil-os-system.pth', PTH)), analysis, stateDictSchema(analysis.graph));
    expect(check).toThrow(UnreadableWeightsError);
    expect(check).toThrow(/^Not a loadable PyTorch file \(a torch\.save zip archive\): refused: the file asks to run posix\.system/);
  });

  it('a safetensors file whose header length starts with 0x80 is still safetensors', () => {
    const t = { name: 'x', dtype: 'F32' as const, shape: [2], data: new Float32Array([1, 2]) };
    let file = writeSafetensors([t]);
    for (let pad = 0; file[0] !== 0x80; pad++) file = writeSafetensors([t], { pad: 'x'.repeat(pad) });
    expect(torchFormat(file)).toBeNull();
    expect(Array.from(readWeightsFile(file)[0].float32())).toEqual([1, 2]);
  });
});
