/**
 * Files written by `torch.save`: the zip format (PyTorch >= 1.6: `<archive>/data.pkl` plus one
 * `<archive>/data/<key>` entry per storage) and the legacy format (a magic-number pickle, the protocol
 * version, sys_info, the main pickle, the list of storage keys, then each storage as an int64 element count
 * and its raw bytes). Both are read through the restricted unpickler; tensors are views described by the
 * pickle (storage, offset, shape, strides) whose values are read, and converted to float32, only when asked.
 */
import { DTYPE_SIZES, decodeFloat32 } from '../safetensors';
import type { NamedTensor } from '../load';
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

function count(v: PyValue, what: string): number {
  if (!isCount(v)) fail(`${what} is ${describe(v)}, not a count`);
  return v;
}

function counts(v: PyValue, what: string): number[] {
  if (!(v instanceof Tuple) || v.items.length > MAX_RANK) fail(`${what} is ${describe(v)}, not a tuple of up to ${MAX_RANK} counts`);
  return v.items.map((x) => count(x, what));
}

/** A value in a few words, for messages. */
function describe(v: PyValue): string {
  if (v === null) return 'None';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v instanceof Tuple) return `a tuple of ${v.items.length}`;
  if (v instanceof Map) {
    const keys = [...v.keys()].slice(0, 5).map((k) => (typeof k === 'string' ? k : describe(k)));
    return v.size ? `a dict with keys ${keys.join(', ')}${v.size > 5 ? ', …' : ''}` : 'an empty dict';
  }
  if (v instanceof Set) return `a set of ${v.size}`;
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  if (v instanceof TensorRef) return 'a tensor';
  if (v instanceof Callable) return v.path;
  if (v instanceof StorageType) return v.path;
  return 'an object';
}

/** torch._utils._rebuild_tensor(storage, storage_offset, size, stride) and _v2's first four arguments. */
function rebuildTensor(args: readonly PyValue[]): TensorRef {
  const [storage, offsetArg, sizeArg, strideArg] = args;
  if (!(storage instanceof StorageSlice)) fail(`a tensor is built on ${describe(storage)} rather than a storage`);
  const offset = count(offsetArg, "a tensor's storage offset");
  const shape = counts(sizeArg, "a tensor's size");
  const stride = counts(strideArg, "a tensor's stride");
  if (shape.length !== stride.length) fail(`a tensor has ${shape.length} dimensions but ${stride.length} strides`);
  let numel = 1;
  let last = offset;
  for (let i = 0; i < shape.length; i++) {
    numel *= shape[i];
    if (shape[i] > 0) last += (shape[i] - 1) * stride[i];
    if (!Number.isSafeInteger(numel) || !Number.isSafeInteger(last)) fail('a tensor is impossibly large');
  }
  if (numel > 0 && last >= storage.numel) {
    fail(`a tensor of shape [${shape.join(', ')}] at offset ${offset} with strides [${stride.join(', ')}] reaches element ${last} of a storage of ${storage.numel}: the file is corrupt`);
  }
  // Only an expanded view (stride 0) has more elements than its storage; materialising it could take any amount of memory.
  if (numel > storage.numel) fail(`a tensor of shape [${shape.join(', ')}] has more elements than its storage (an expanded view); save it after .contiguous()`);
  return new TensorRef(storage, offset, shape, stride);
}

function callable(path: string, arity: number[], call: (args: readonly PyValue[]) => PyValue): [string, Callable] {
  return [
    path,
    new Callable(path, (args) => {
      if (!arity.includes(args.length)) fail(`${path} is called with ${args.length} arguments, not ${arity.join(' or ')}`);
      return call(args);
    }),
  ];
}

const tensorArg = (path: string, v: PyValue): TensorRef => {
  if (!(v instanceof TensorRef)) fail(`${path} is called on ${describe(v)}, not a tensor`);
  return v;
};

const toSet = (path: string) => (args: readonly PyValue[]) => {
  if (args.length && !Array.isArray(args[0])) fail(`${path} is called on ${describe(args[0])}`);
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
    if (typeof text !== 'string' || (encoding !== 'latin1' && encoding !== 'latin-1')) fail('_codecs.encode is called with something other than text and "latin1"');
    return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
  }),
  callable('builtins.set', [0, 1], toSet('builtins.set')),
  callable('builtins.frozenset', [0, 1], toSet('builtins.frozenset')),
  callable('__builtin__.set', [0, 1], toSet('__builtin__.set')),
  ...Object.entries(STORAGE_DTYPES).map(([name, dtype]): [string, PyValue] => [`torch.${name}`, new StorageType(`torch.${name}`, dtype)]),
]);

/** BUILD sets attributes: allowed on a dict (a state_dict's `_metadata`, which is ignored), nowhere else. */
function build(target: PyValue, state: PyValue): void {
  if (!(target instanceof Map)) fail(`the pickle sets the state of ${describe(target)}, which a state_dict never does`);
  if (state !== null && !(state instanceof Map) && !(state instanceof Tuple)) fail(`the pickle sets a dict's state to ${describe(state)}`);
}

/** One storage per key, so tensors that share a storage share its bytes (and must agree on what it is). */
class Storages {
  readonly byKey = new Map<string, Storage>();

  get(type: PyValue, key: PyValue, numelArg: PyValue): Storage {
    if (!(type instanceof StorageType)) fail(`a storage has type ${describe(type)}, not a torch storage class`);
    if (typeof key !== 'string' || key.length > 100) fail(`a storage has key ${describe(key)}`);
    const numel = count(numelArg, `storage ${key}'s size`);
    const known = this.byKey.get(key);
    if (known) {
      if (known.dtype !== type.dtype || known.numel !== numel) fail(`storage ${key} is described twice, differently (${known.dtype}×${known.numel}, ${type.dtype}×${numel})`);
      return known;
    }
    if (!Number.isSafeInteger(numel * DTYPE_SIZES[type.dtype])) fail(`storage ${key} is impossibly large`);
    const storage = new Storage(key, type.dtype, numel);
    this.byKey.set(key, storage);
    return storage;
  }
}

function storageId(pid: PyValue, length: number): readonly PyValue[] {
  if (!(pid instanceof Tuple) || pid.items[0] !== 'storage') fail(`the pickle refers to outside data ${describe(pid)}, not a storage`);
  if (pid.items.length !== length) fail(`a storage reference has ${pid.items.length} parts, not ${length}`);
  return pid.items;
}

function readZipFile(bytes: Uint8Array): { root: PyValue; storages: Storages } {
  const entries = readZip(bytes);
  // The archive's folder is named after the file torch.save wrote; torch.load takes it from data.pkl's path.
  const pickles = [...entries.keys()].filter((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (pickles.length !== 1) fail(pickles.length ? 'the zip archive holds more than one data.pkl' : 'the zip archive has no <archive>/data.pkl: it is not a torch.save file');
  const prefix = pickles[0].slice(0, -'data.pkl'.length);
  const byteorder = entries.get(`${prefix}byteorder`);
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') fail('the file was saved big-endian; load and re-save it on a little-endian machine');
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
        if (!data) fail(`storage ${storage.key} has no ${prefix}data/${storage.key} entry: the file is truncated or corrupt`);
        const expected = storage.numel * DTYPE_SIZES[storage.dtype];
        if (data.length !== expected) fail(`storage ${storage.key} should hold ${expected} bytes (${storage.dtype}×${storage.numel}) but has ${data.length}`);
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
  if (magic.value !== LEGACY_MAGIC) fail(`this pickle is not a torch.save file: it starts with ${describe(magic.value)}, not torch.save's magic number`);
  const protocol = unpickle(bytes, magic.end, plain);
  if (protocol.value !== LEGACY_PROTOCOL) fail(`torch.save protocol ${describe(protocol.value)} is not the legacy format's ${LEGACY_PROTOCOL}`);
  const sysInfo = unpickle(bytes, protocol.end, plain);
  if (!(sysInfo.value instanceof Map)) fail('the legacy header has no sys_info');
  if (sysInfo.value.get('little_endian') !== true) fail('the file was saved big-endian; load and re-save it on a little-endian machine');

  const storages = new Storages();
  const main = unpickle(bytes, sysInfo.end, {
    globals: GLOBALS,
    build,
    // ('storage', storage_type, root_key, location, numel, view_metadata: None or (view_key, offset, size))
    persistentLoad: (pid) => {
      const [, type, key, , numel, view] = storageId(pid, 6);
      const storage = storages.get(type, key, numel);
      if (view === null) return new StorageSlice(storage, 0, storage.numel);
      if (!(view instanceof Tuple) || view.items.length !== 3) fail(`storage ${storage.key} has a malformed view ${describe(view)}`);
      const offset = count(view.items[1], 'a storage view offset');
      const size = count(view.items[2], 'a storage view size');
      if (offset + size > storage.numel) fail(`a view of storage ${storage.key} lies outside it`);
      return new StorageSlice(storage, offset, size);
    },
  });
  const keys = unpickle(bytes, main.end, plain);
  if (!Array.isArray(keys.value) || !keys.value.every((k) => typeof k === 'string')) fail('the legacy file has no list of storage keys after its data');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = keys.end;
  for (const key of keys.value as string[]) {
    const storage = storages.byKey.get(key);
    if (!storage) fail(`the file lists storage ${key}, which no tensor uses`);
    if (storage.bytes) fail(`the file lists storage ${key} twice`);
    if (at + 8 > bytes.length) fail(`storage ${key}'s data is missing: the file is truncated`);
    const numel = view.getBigInt64(at, true);
    if (numel !== BigInt(storage.numel)) fail(`storage ${key} holds ${numel} elements where its tensors say ${storage.numel}`);
    const length = storage.numel * DTYPE_SIZES[storage.dtype];
    if (at + 8 + length > bytes.length) fail(`storage ${key}'s data runs past the end of the file: it is truncated`);
    storage.bytes = bytes.subarray(at + 8, at + 8 + length);
    at += 8 + length;
  }
  for (const storage of storages.byKey.values()) if (!storage.bytes) fail(`storage ${storage.key} has no data in the file`);
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
      if (!values) fail(`tensor ${JSON.stringify(name)} is ${dtype}, not a floating-point type`);
      return contiguous ? values : gather(values, t.shape, t.stride, new Float32Array(t.numel));
    },
    int64() {
      if (dtype !== 'I64') fail(`tensor ${JSON.stringify(name)} is ${dtype}, not int64`);
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
  if (!format) fail('this is not a torch.save file (neither a zip archive nor a pickle)');
  const { root } = format === 'zip' ? readZipFile(bytes) : readLegacyFile(bytes);
  // A checkpoint's state_dict first: its other entries may hold stray tensors (best_acc1, an EMA buffer).
  const wrapped = root instanceof Map ? WRAPPERS.map((key) => tensorsIn(root.get(key) ?? null)).find((t) => t.length) : undefined;
  const found = wrapped ?? tensorsIn(root);
  if (!found.length) fail(`no tensors in this file: it holds ${describe(root)}, not a state_dict (a dict of tensors, or a checkpoint with one under ${WRAPPERS.map((k) => `"${k}"`).join(', ')})`);
  return found.map(([name, t]) => namedTensor(name, t));
}
