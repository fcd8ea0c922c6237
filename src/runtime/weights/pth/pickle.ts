/**
 * A restricted unpickler: the stance of `torch.load(weights_only=True)` (PyTorch's
 * torch/_weights_only_unpickler.py). It builds plain data (numbers, strings, bytes, None/bools, lists, tuples,
 * dicts, sets) itself; a GLOBAL or STACK_GLOBAL resolves only through the caller's allow-list, so anything
 * else (posix.system, builtins.eval, a pickled nn.Module) is refused by name before it could be referenced,
 * and REDUCE / NEWOBJ / BUILD call only the allow-list's own functions. Nothing from the file is ever looked
 * up or executed. Every read is checked against the bytes, nesting is bounded, and every failure is a PthError.
 */
import { phrase, type Phrase } from '../../../core/phrase';
import { fail } from './error';

/** A Python tuple (lists are plain arrays). */
export class Tuple {
  constructor(readonly items: readonly PyValue[]) {}
}

/** An allow-listed callable: REDUCE and NEWOBJ call `call` with the argument tuple's items. */
export class Callable {
  constructor(
    readonly path: string,
    readonly call: (args: readonly PyValue[]) => PyValue,
  ) {}
}

/** Values the unpickler builds. Allow-listed globals and what their calls return are opaque objects. */
export type PyValue = null | boolean | number | bigint | string | Uint8Array | PyValue[] | Tuple | Map<PyValue, PyValue> | Set<PyValue> | object;

export interface UnpickleOptions {
  /** module.name → value; a Callable to be callable. Everything else is refused. */
  globals: ReadonlyMap<string, PyValue>;
  /** BINPERSID: a persistent id (torch's storages) to its object. Without it, persistent ids are refused. */
  persistentLoad?: (pid: PyValue) => PyValue;
  /** BUILD (setting an object's state): the caller decides what may be built, or refuses. */
  build?: (target: PyValue, state: PyValue) => void;
}

/** Nesting (MARK within MARK) beyond this is not a state_dict. */
const MAX_DEPTH = 1000;
/** Python ints longer than this (bytes) have no place in a state_dict. */
const MAX_LONG_BYTES = 64;

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** What torch.load says of a global it will not resolve; the file is never given the chance to run it. */
export function refusal(path: string): Phrase {
  return phrase('refused: the file asks to run {path}, which a state_dict does not need (nothing was run)', { path });
}

/** What the pickle was reading when its bytes ran out. */
const PARTS = {
  argument: phrase('an opcode argument'),
  integer: phrase('an integer'),
  float: phrase('a float'),
  string: phrase('a string'),
  bytes: phrase('bytes'),
};

/** One pickle starting at `start`; returns it and where it ended. */
export function unpickle(bytes: Uint8Array, start: number, options: UnpickleOptions): { value: PyValue; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const memo = new Map<number, PyValue>();
  const metastack: PyValue[][] = [];
  let stack: PyValue[] = [];
  let at = start;

  const need = (n: number, what: Phrase) => {
    if (n < 0 || at + n > bytes.length) fail(phrase('the pickle ends inside {what} at byte {at}: the file is truncated or corrupt', { what, at }));
  };
  const u8 = () => {
    need(1, PARTS.argument);
    return bytes[at++];
  };
  const u16 = () => {
    need(2, PARTS.argument);
    at += 2;
    return view.getUint16(at - 2, true);
  };
  const u32 = () => {
    need(4, PARTS.argument);
    at += 4;
    return view.getUint32(at - 4, true);
  };
  const u64 = () => {
    need(8, PARTS.argument);
    at += 8;
    const v = view.getBigUint64(at - 8, true);
    if (v > BigInt(bytes.length)) fail(phrase('a length of {n} bytes at byte {at} exceeds the file', { n: String(v), at: at - 8 }));
    return Number(v);
  };
  const take = (n: number, what: Phrase) => {
    need(n, what);
    at += n;
    return bytes.subarray(at - n, at);
  };
  const text = (n: number) => {
    try {
      return utf8.decode(take(n, PARTS.string));
    } catch (e) {
      if (e instanceof TypeError) fail(phrase('a string at byte {at} is not valid UTF-8', { at: at - n }));
      throw e;
    }
  };
  const line = () => {
    const nl = bytes.indexOf(0x0a, at);
    if (nl < 0 || nl - at > 1000) fail(phrase("a global's name at byte {at} is unterminated", { at }));
    const s = latin1.decode(bytes.subarray(at, nl));
    at = nl + 1;
    return s;
  };
  const pop = (): PyValue => {
    if (!stack.length) fail(phrase('the pickle pops an empty stack at byte {at}: it is corrupt', { at: at - 1 }));
    return stack.pop()!;
  };
  const top = (): PyValue => {
    if (!stack.length) fail(phrase('the pickle reads an empty stack at byte {at}: it is corrupt', { at: at - 1 }));
    return stack[stack.length - 1];
  };
  const popMark = (): PyValue[] => {
    const items = stack;
    const outer = metastack.pop();
    if (!outer) fail(phrase('the pickle closes a MARK it never opened, at byte {at}', { at: at - 1 }));
    stack = outer;
    return items;
  };
  const resolve = (module: string, name: string): PyValue => {
    const path = `${module}.${name}`;
    if (!options.globals.has(path)) fail(refusal(path));
    return options.globals.get(path)!;
  };
  const call = (fn: PyValue, args: PyValue): PyValue => {
    if (!(fn instanceof Callable)) fail(phrase('the pickle calls something that is not an allowed function, at byte {at}', { at: at - 1 }));
    if (!(args instanceof Tuple)) fail(phrase('the pickle calls {path} without an argument tuple', { path: fn.path }));
    return fn.call(args.items);
  };
  const dict = (): Map<PyValue, PyValue> => {
    const d = top();
    if (!(d instanceof Map)) fail(phrase('the pickle sets an item on something that is not a dict, at byte {at}', { at: at - 1 }));
    return d;
  };
  const long = (b: Uint8Array): number | bigint => {
    if (b.length > MAX_LONG_BYTES) fail(phrase('an integer of {n} bytes at byte {at}', { n: b.length, at }));
    if (!b.length) return 0;
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
    if (b[b.length - 1] & 0x80) v -= 1n << BigInt(8 * b.length);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };

  for (;;) {
    if (at >= bytes.length) fail(phrase('the pickle ends without its STOP opcode: the file is truncated or corrupt'));
    const op = bytes[at++];
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail(phrase('pickle protocol {n} is newer than any Python writes', { n: bytes[at - 1] }));
        break;
      case 0x95: // FRAME: a hint for buffered readers
        u64();
        break;
      case 0x2e: // STOP
        return { value: pop(), end: at };
      case 0x28: // MARK
        if (metastack.length >= MAX_DEPTH) fail(phrase('the pickle nests deeper than {n} levels', { n: MAX_DEPTH }));
        metastack.push(stack);
        stack = [];
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x31: // POP_MARK
        popMark();
        break;
      case 0x32: // DUP
        stack.push(top());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x4a: // BININT
        need(4, PARTS.integer);
        at += 4;
        stack.push(view.getInt32(at - 4, true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(u16());
        break;
      case 0x8a: // LONG1
        stack.push(long(take(u8(), PARTS.integer)));
        break;
      case 0x8b: // LONG4
        stack.push(long(take(u32(), PARTS.integer)));
        break;
      case 0x47: // BINFLOAT (big-endian)
        need(8, PARTS.float);
        at += 8;
        stack.push(view.getFloat64(at - 8, false));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(u8()));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(text(u64()));
        break;
      case 0x55: // SHORT_BINSTRING (Python 2 str): read as text, as torch.load's default encoding does
        stack.push(latin1.decode(take(u8(), PARTS.string)));
        break;
      case 0x54: // BINSTRING
        stack.push(latin1.decode(take(u32(), PARTS.string)));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(take(u8(), PARTS.bytes).slice());
        break;
      case 0x42: // BINBYTES
        stack.push(take(u32(), PARTS.bytes).slice());
        break;
      case 0x8e: // BINBYTES8
        stack.push(take(u64(), PARTS.bytes).slice());
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new Tuple([]));
        break;
      case 0x74: {
        // TUPLE (popMark replaces `stack`, so it runs before the push is looked up)
        const items = popMark();
        stack.push(new Tuple(items));
        break;
      }
      case 0x85: // TUPLE1
        stack.push(new Tuple([pop()]));
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push(new Tuple([pop(), b]));
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push(new Tuple([pop(), b, c]));
        break;
      }
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: {
        // LIST
        const items = popMark();
        stack.push(items);
        break;
      }
      case 0x61: {
        // APPEND
        const item = pop();
        const list = top();
        if (!Array.isArray(list)) fail(phrase('the pickle appends to something that is not a list, at byte {at}', { at: at - 1 }));
        list.push(item);
        break;
      }
      case 0x65: {
        // APPENDS
        const items = popMark();
        const list = top();
        if (!Array.isArray(list)) fail(phrase('the pickle appends to something that is not a list, at byte {at}', { at: at - 1 }));
        for (const item of items) list.push(item);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const items = popMark();
        const d = new Map<PyValue, PyValue>();
        for (let i = 0; i + 1 < items.length; i += 2) d.set(items[i], items[i + 1]);
        stack.push(d);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        const key = pop();
        dict().set(key, value);
        break;
      }
      case 0x75: {
        // SETITEMS
        const items = popMark();
        if (items.length % 2) fail(phrase('the pickle sets a key without a value, at byte {at}', { at: at - 1 }));
        const d = dict();
        for (let i = 0; i < items.length; i += 2) d.set(items[i], items[i + 1]);
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const items = popMark();
        const s = top();
        if (!(s instanceof Set)) fail(phrase('the pickle adds items to something that is not a set, at byte {at}', { at: at - 1 }));
        for (const item of items) s.add(item);
        break;
      }
      case 0x91: {
        // FROZENSET
        const items = popMark();
        stack.push(new Set(items));
        break;
      }
      case 0x63: {
        // GLOBAL
        const module = line();
        stack.push(resolve(module, line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        const module = pop();
        if (typeof module !== 'string' || typeof name !== 'string') fail(phrase('the pickle names a global with something other than strings, at byte {at}', { at: at - 1 }));
        stack.push(resolve(module, name));
        break;
      }
      case 0x52: // REDUCE
      case 0x81: {
        // NEWOBJ (cls, args): only allow-listed classes, which are Callables too
        const args = pop();
        stack.push(call(pop(), args));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        const target = top();
        if (!options.build) fail(phrase("the pickle sets an object's state, which this file may not do (byte {at})", { at: at - 1 }));
        options.build(target, state);
        break;
      }
      case 0x51: {
        // BINPERSID
        const pid = pop();
        if (!options.persistentLoad) fail(phrase('the pickle refers to outside data where none is allowed, at byte {at}', { at: at - 1 }));
        stack.push(options.persistentLoad(pid));
        break;
      }
      case 0x68: // BINGET
      case 0x6a: {
        // LONG_BINGET
        const i = op === 0x68 ? u8() : u32();
        if (!memo.has(i)) fail(phrase('the pickle reads memo slot {i}, which it never wrote', { i }));
        stack.push(memo.get(i)!);
        break;
      }
      case 0x71: // BINPUT
      case 0x72: // LONG_BINPUT
        memo.set(op === 0x71 ? u8() : u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      default:
        fail(phrase('the pickle uses opcode {op} at byte {at}, which a state_dict never needs', { op: `0x${op.toString(16).padStart(2, '0')}`, at: at - 1 }));
    }
  }
}
