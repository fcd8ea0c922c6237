/**
 * Files written by `torch.save`: the zip format (PyTorch >= 1.6: `<archive>/data.pkl` plus one
 * `<archive>/data/<key>` entry per storage) and the legacy format (a magic-number pickle, the protocol
 * version, sys_info, the main pickle, the list of storage keys, then each storage as an int64 element count
 * and its raw bytes). Both are read through the restricted unpickler; tensors are views described by the
 * pickle (storage, offset, shape, strides) whose values are read, and converted to float32, only when asked.
 */
import { DTYPE_SIZES, decodeFloat32 } from '../safetensors';
import type { NamedTensor } from '../load';
import { english, phrase, type Phrase } from '../../../core/phrase';
import { fail } from './error';
import { Callable, Tuple, unpickle, type PyValue, type UnpickleOptions } from './pickle';
import { isZip, readZip } from './zip';

/** torch's storage classes, by the dtype names both readers share (safetensors'). */
const STORAGE_DTYPES: Record<string, string> = {
  FloatStorage: 'F32',
  DoubleStorage: 'F64',
  HalfStorage: 'F16',
  BFloat16Storage: 'BF16',
  LongStorage: 'I64',
  IntStorage: 'I32',
  ShortStorage: 'I16',
  CharStorage: 'I8',
  ByteStorage: 'U8',
  BoolStorage: 'BOOL',
  UntypedStorage: 'U8',
};
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const BIG_ENDIAN = phrase('the file was saved big-endian; load and re-save it on a little-endian machine');
const LEGACY_PROTOCOL = 1001;
const MAX_RANK = 8;

class StorageType {
  constructor(
    readonly path: string,
    readonly dtype: string,
  ) {}
}

class Storage {
  /** The raw bytes; the legacy format supplies them after the main pickle. */
  bytes: Uint8Array | null = null;
  constructor(
    readonly key: string,
    readonly dtype: string,
    readonly numel: number,
  ) {}
}

/** A storage as the pickle hands it to a tensor: legacy files may hand out a slice of a root storage. */
class StorageSlice {
  constructor(
    readonly storage: Storage,
    readonly offset: number,
    readonly numel: number,
  ) {}
}

class TensorRef {
  constructor(
    readonly storage: StorageSlice,
    /** Elements into the slice. */
    readonly offset: number,
    readonly shape: number[],
    readonly stride: number[],
  ) {}

  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

const isCount = (v: PyValue): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function count(v: PyValue, what: Phrase): number {
  if (!isCount(v)) fail(phrase('{what} is {value}, not a count', { what, value: describe(v) }));
  return v;
}

function counts(v: PyValue, what: Phrase): number[] {
  if (!(v instanceof Tuple) || v.items.length > MAX_RANK) fail(phrase('{what} is {value}, not a tuple of up to {n} counts', { what, value: describe(v), n: MAX_RANK }));
  return v.items.map((x) => count(x, what));
}

/** A value in a few words, for messages: Python's own spelling for plain values, words for containers. */
function describe(v: PyValue): Phrase {
  const as = (text: string) => phrase('{value}', { value: text });
  if (v === null) return as('None');
  if (typeof v === 'string') return as(JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v));
  if (typeof v !== 'object') return as(String(v));
  if (Array.isArray(v)) return v.length === 1 ? phrase('a list of {n} item', { n: 1 }) : phrase('a list of {n} items', { n: v.length });
  if (v instanceof Tuple) return phrase('a tuple of {n}', { n: v.items.length });
  if (v instanceof Map) {
    if (!v.size) return phrase('an empty dict');
    const keys = [...v.keys()].slice(0, 5).map((k) => (typeof k === 'string' ? k : english(describe(k))));
    return phrase('a dict with keys {keys}', { keys: `${keys.join(', ')}${v.size > 5 ? ', …' : ''}` });
  }
  if (v instanceof Set) return phrase('a set of {n}', { n: v.size });
  if (v instanceof Uint8Array) return phrase('{n} bytes', { n: v.length });
  if (v instanceof TensorRef) return phrase('a tensor');
  if (v instanceof Callable) return as(v.path);
  if (v instanceof StorageType) return as(v.path);
  return phrase('an object');
}

/** What a count or tuple of counts was for. */
const WHAT = {
  offset: phrase("a tensor's storage offset"),
  size: phrase("a tensor's size"),
  stride: phrase("a tensor's stride"),
  viewOffset: phrase('a storage view offset'),
  viewSize: phrase('a storage view size'),
};

/** torch._utils._rebuild_tensor(storage, storage_offset, size, stride) and _v2's first four arguments. */
function rebuildTensor(args: readonly PyValue[]): TensorRef {
  const [storage, offsetArg, sizeArg, strideArg] = args;
  if (!(storage instanceof StorageSlice)) fail(phrase('a tensor is built on {value} rather than a storage', { value: describe(storage) }));
  const offset = count(offsetArg, WHAT.offset);
  const shape = counts(sizeArg, WHAT.size);
  const stride = counts(strideArg, WHAT.stride);
  if (shape.length !== stride.length) fail(phrase('a tensor has {n} dimensions but {strides} strides', { n: shape.length, strides: stride.length }));
  let numel = 1;
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    numel *= shape[i];
    if (shape[i] > 0) last += (shape[i] - 1) * stride[i];
    if (!Number.isSafeInteger(numel) || !Number.isSafeInteger(last)) fail(phrase('a tensor is impossibly large'));
  }
  if (numel > 0 && last >= storage.numel) {
    fail(
      phrase('a tensor of shape [{shape}] at offset {offset} with strides [{stride}] reaches element {last} of a storage of {n}: the file is corrupt', {
        shape: shape.join(', '),
        offset,
        stride: stride.join(', '),
        last,
        n: storage.numel,
      }),
    );
  }
  // Only an expanded view (stride 0) has more elements than its storage; materialising it could take any amount of memory.
  if (numel > storage.numel) fail(phrase('a tensor of shape [{shape}] has more elements than its storage (an expanded view); save it after .contiguous()', { shape: shape.join(', ') }));
  return new TensorRef(storage, offset, shape, stride);
}

function callable(path: string, arity: number[], call: (args: readonly PyValue[]) => PyValue): [string, Callable] {
  return [
    path,
    new Callable(path, (args) => {
      if (!arity.includes(args.length)) fail(phrase('{path} is called with {n} arguments, not {arity}', { path, n: args.length, arity: arity.join(' / ') }));
      return call(args);
    }),
  ];
}

const tensorArg = (path: string, v: PyValue): TensorRef => {
  if (!(v instanceof TensorRef)) fail(phrase('{path} is called on {value}, not a tensor', { path, value: describe(v) }));
  return v;
};

const toSet = (path: string) => (args: readonly PyValue[]) => {
  if (args.length && !Array.isArray(args[0])) fail(phrase('{path} is called on {value}', { path, value: describe(args[0]) }));
  return new Set(args.length ? (args[0] as PyValue[]) : []);
};

/**
 * The allow-list: what a state_dict needs, as torch.load(weights_only=True) allows it. Deliberately absent:
 * torch.storage._load_from_bytes (it runs torch.load on embedded bytes), every module and class of a
 * pickled nn.Module, and anything of builtins, os or posix.
 */
const GLOBALS: ReadonlyMap<string, PyValue> = new Map<string, PyValue>([
  callable('collections.OrderedDict', [0], () => new Map()),
  callable('torch._utils._rebuild_tensor', [4], rebuildTensor),
  // (storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])
  callable('torch._utils._rebuild_tensor_v2', [6, 7], rebuildTensor),
  // (data, requires_grad, backward_hooks[, state]): a Parameter is its tensor here.
  callable('torch._utils._rebuild_parameter', [3], (a) => tensorArg('torch._utils._rebuild_parameter', a[0])),
  callable('torch._utils._rebuild_parameter_with_state', [4], (a) => tensorArg('torch._utils._rebuild_parameter_with_state', a[0])),
  callable('torch.nn.parameter.Parameter', [1, 2], (a) => tensorArg('torch.nn.parameter.Parameter', a[0])),
  // Protocol 2 writes bytes as _codecs.encode(text, "latin1").
  callable('_codecs.encode', [2], ([text, encoding]) => {
    if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) fail(phrase('_codecs.encode is called with something other than text and "latin1"'));
    return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  }),
  callable('builtins.set', [0, 1], toSet('builtins.set')),
  callable('builtins.frozenset', [0, 1], toSet('builtins.frozenset')),
  callable('__builtin__.set', [0, 1], toSet('__builtin__.set')),
  ...Object.entries(STORAGE_DTYPES).map(([name, dtype]): [string, PyValue] => [`torch.${name}`, new StorageType(`torch.${name}`, dtype)]),
]);

/** BUILD sets attributes: allowed on a dict (a state_dict's `_metadata`, which is ignored), nowhere else. */
function build(target: PyValue, state: PyValue): void {
  if (!(target instanceof Map)) fail(phrase('the pickle sets the state of {value}, which a state_dict never does', { value: describe(target) }));
  if (state !== null && !(state instanceof Map) && !(state instanceof Tuple)) fail(phrase("the pickle sets a dict's state to {value}", { value: describe(state) }));
}

/** One storage per key, so tensors that share a storage share its bytes (and must agree on what it is). */
class Storages {
  readonly byKey = new Map<string, Storage>();

  get(type: PyValue, key: PyValue, numelArg: PyValue): Storage {
    if (!(type instanceof StorageType)) fail(phrase('a storage has type {value}, not a torch storage class', { value: describe(type) }));
    if (typeof key !== 'string' || key.length > 100) fail(phrase('a storage has key {value}', { value: describe(key) }));
    const numel = count(numelArg, phrase("storage {key}'s size", { key }));
    const known = this.byKey.get(key);
    if (known) {
      if (known.dtype !== type.dtype || known.numel !== numel)
        fail(phrase('storage {key} is described twice, differently ({a}, {b})', { key, a: `${known.dtype}×${known.numel}`, b: `${type.dtype}×${numel}` }));
      return known;
    }
    if (!Number.isSafeInteger(numel * DTYPE_SIZES[type.dtype])) fail(phrase('storage {key} is impossibly large', { key }));
    const storage = new Storage(key, type.dtype, numel);
    this.byKey.set(key, storage);
    return storage;
  }
}

function storageId(pid: PyValue, length: number): readonly PyValue[] {
  if (!(pid instanceof Tuple) || pid.items[0] !== 'storage') fail(phrase('the pickle refers to outside data {value}, not a storage', { value: describe(pid) }));
  if (pid.items.length !== length) fail(phrase('a storage reference has {n} parts, not {expected}', { n: pid.items.length, expected: length }));
  return pid.items;
}

function readZipFile(bytes: Uint8Array): { root: PyValue; storages: Storages } {
  const entries = readZip(bytes);
  // The archive's folder is named after the file torch.save wrote; torch.load takes it from data.pkl's path.
  const pickles = [...entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1) fail(pickles.length ? phrase('the zip archive holds more than one data.pkl') : phrase('the zip archive has no <archive>/data.pkl: it is not a torch.save file'));
  const prefix = pickles[0].slice(0, -'data.pkl'.length);
  const byteorder = entries.get(`${prefix}byteorder`);
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') fail(BIG_ENDIAN);
  const storages = new Storages();
  const options: UnpickleOptions = {
    globals: GLOBALS,
    build,
    // ('storage', storage_type, key, location, numel)
    persistentLoad: (pid) => {
      const [, type, key, , numel] = storageId(pid, 5);
      const storage = storages.get(type, key, numel);
      if (!storage.bytes) {
        const data = entries.get(`${prefix}data/${storage.key}`);
        if (!data) fail(phrase('storage {key} has no {entry} entry: the file is truncated or corrupt', { key: storage.key, entry: `${prefix}data/${storage.key}` }));
        const expected = storage.numel * DTYPE_SIZES[storage.dtype];
        if (data.length !== expected)
          fail(phrase('storage {key} should hold {expected} bytes ({what}) but has {n}', { key: storage.key, expected, what: `${storage.dtype}×${storage.numel}`, n: data.length }));
        storage.bytes = data;
      }
      return new StorageSlice(storage, 0, storage.numel);
    },
  };
  return { root: unpickle(entries.get(pickles[0])!, 0, options).value, storages };
}

function readLegacyFile(bytes: Uint8Array): { root: PyValue; storages: Storages } {
  const plain: UnpickleOptions = { globals: new Map() };
  const magic = unpickle(bytes, 0, plain);
  if (magic.value !== LEGACY_MAGIC) fail(phrase("this pickle is not a torch.save file: it starts with {value}, not torch.save's magic number", { value: describe(magic.value) }));
  const protocol = unpickle(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL) fail(phrase("torch.save protocol {value} is not the legacy format's {expected}", { value: describe(protocol.value), expected: LEGACY_PROTOCOL }));
  const sysInfo = unpickle(bytes, protocol.end, plain);
  if (!(sysInfo.value instanceof Map)) fail(phrase('the legacy header has no sys_info'));
  if (sysInfo.value.get('little_endian') !== true) fail(BIG_ENDIAN);

  const storages = new Storages();
  const main = unpickle(bytes, sysInfo.end, {
    globals: GLOBALS,
    build,
    // ('storage', storage_type, root_key, location, numel, view_metadata: None or (view_key, offset, size))
    persistentLoad: (pid) => {
      const [, type, key, , numel, view] = storageId(pid, 6);
      const storage = storages.get(type, key, numel);
      if (view === null) return new StorageSlice(storage, 0, storage.numel);
      if (!(view instanceof Tuple) || view.items.length !== 3) fail(phrase('storage {key} has a malformed view {value}', { key: storage.key, value: describe(view) }));
      const offset = count(view.items[1], WHAT.viewOffset);
      const size = count(view.items[2], WHAT.viewSize);
      if (offset + size > storage.numel) fail(phrase('a view of storage {key} lies outside it', { key: storage.key }));
      return new StorageSlice(storage, offset, size);
    },
  });
  const keys = unpickle(bytes, main.end, plain);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) fail(phrase('the legacy file has no list of storage keys after its data'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = keys.end;
  for (const key of keys.value as string[]) {
    const storage = storages.byKey.get(key);
    if (!storage) fail(phrase('the file lists storage {key}, which no tensor uses', { key }));
    if (storage.bytes) fail(phrase('the file lists storage {key} twice', { key }));
    if (at + 8 > bytes.length) fail(phrase("storage {key}'s data is missing: the file is truncated", { key }));
    const numel = view.getBigInt64(at, true);
    if (numel !== BigInt(storage.numel)) fail(phrase('storage {key} holds {n} elements where its tensors say {expected}', { key, n: String(numel), expected: storage.numel }));
    const length = storage.numel * DTYPE_SIZES[storage.dtype];
    if (at + 8 + length > bytes.length) fail(phrase("storage {key}'s data runs past the end of the file: it is truncated", { key }));
    storage.bytes = bytes.subarray(at + 8, at + 8 + length);
    at += 8 + length;
  }
  for (const storage of storages.byKey.values()) if (!storage.bytes) fail(phrase('storage {key} has no data in the file', { key: storage.key }));
  return { root: main.value, storages };
}

/** Strided elements of `src` (from its first element) into `out`, row-major. */
function gather<T extends Float32Array | BigInt64Array>(src: T, shape: number[], stride: number[], out: T): T {
  const n = shape.length;
  const index = new Array<number>(n).fill(0);
  let at = 0;
  for (let k = 0; k < out.length; k++) {
    out[k] = src[at];
    for (let d = n - 1; d >= 0; d--) {
      index[d]++;
      at += stride[d];
      if (index[d] < shape[d]) break;
      at -= stride[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

function isContiguous(shape: number[], stride: number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && stride[i] !== expected) return false;
    expected *= shape[i];
  }
  return true;
}

/** The bytes of the storage elements a tensor covers (its first through its last). */
function coveredBytes(t: TensorRef): Uint8Array {
  const { storage } = t.storage;
  const size = DTYPE_SIZES[storage.dtype];
  let span = t.numel ? 1 : 0;
  for (let i = 0; i < t.shape.length && span; i++) span += (t.shape[i] - 1) * t.stride[i];
  const first = t.storage.offset + t.offset;
  return storage.bytes!.subarray(first * size, (first + span) * size);
}

function namedTensor(name: string, t: TensorRef): NamedTensor {
  const { dtype } = t.storage.storage;
  const contiguous = isContiguous(t.shape, t.stride);
  return {
    name,
    dtype,
    shape: t.shape,
    float32() {
      const values = decodeFloat32(coveredBytes(t), dtype);
      if (!values) fail(phrase('tensor {name} is {dtype}, not a floating-point type', { name: JSON.stringify(name), dtype }));
      return contiguous ? values : gather(values, t.shape, t.stride, new Float32Array(t.numel));
    },
    int64() {
      if (dtype !== 'I64') fail(phrase('tensor {name} is {dtype}, not int64', { name: JSON.stringify(name), dtype }));
      const values = new BigInt64Array(coveredBytes(t).slice().buffer);
      return contiguous ? values : gather(values, t.shape, t.stride, new BigInt64Array(t.numel));
    },
  };
}

/** The keys under which training checkpoints keep the model's state_dict, in the order they are tried. */
const WRAPPERS = ['state_dict', 'model_state_dict', 'model'];

function tensorsIn(v: PyValue): [string, TensorRef][] {
  if (!(v instanceof Map)) return [];
  return [...v].filter((e): e is [string, TensorRef] => typeof e[0] === 'string' && e[1] instanceof TensorRef);
}

export type TorchFormat = 'zip' | 'legacy';

/**
 * Which torch.save format the bytes are in, if any, by their first bytes: a zip's local-header magic, or a
 * pickle's PROTO opcode (0x80, protocol 2–5), which the legacy format starts with. A safetensors header length
 * can also start 0x80; its bytes 4–7 are then zero and byte 8 opens the JSON header.
 */
export function torchFormat(bytes: Uint8Array): TorchFormat | null {
  if (isZip(bytes)) return 'zip';
  if (bytes.length < 9 || bytes[0] !== 0x80 || bytes[1] < 2 || bytes[1] > 5) return null;
  const safetensorsLike = bytes[4] === 0 && bytes[5] === 0 && bytes[6] === 0 && bytes[7] === 0 && bytes[8] === 0x7b;
  return safetensorsLike ? null : 'legacy';
}

/**
 * The named tensors of a state_dict saved with torch.save: the one a training checkpoint keeps under
 * "state_dict", "model_state_dict" or "model" (its other entries are ignored), else the file's own dict of
 * tensors. Throws PthError for anything else.
 */
export function readTorchFile(bytes: Uint8Array): NamedTensor[] {
  const format = torchFormat(bytes);
  if (!format) fail(phrase('this is not a torch.save file (neither a zip archive nor a pickle)'));
  const { root } = format === 'zip' ? readZipFile(bytes) : readLegacyFile(bytes);
  // A checkpoint's state_dict first: its other entries may hold stray tensors (best_acc1, an EMA buffer).
  const wrapped = root instanceof Map ? WRAPPERS.map((key) => tensorsIn(root.get(key) ?? null)).find((t) => t.length) : undefined;
  const found = wrapped ?? tensorsIn(root);
  if (!found.length)
    fail(
      phrase('no tensors in this file: it holds {value}, not a state_dict (a dict of tensors, or a checkpoint with one under {keys})', {
        value: describe(root),
        keys: WRAPPERS.map((k) => `"${k}"`).join(', '),
      }),
    );
  return found.map(([name, t]) => namedTensor(name, t));
}
