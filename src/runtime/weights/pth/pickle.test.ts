/** The restricted unpickler on hand-made pickles: what it builds, and what it refuses without running. */
import { describe, expect, it } from 'vitest';
import { PthError } from './error';
import { Callable, Tuple, unpickle, type PyValue, type UnpickleOptions } from './pickle';

/** Opcodes as characters or bytes; strings are written as BINUNICODE by `str`. */
function pk(...parts: (string | number | number[])[]): Uint8Array {
  const out: number[] = [0x80, 2];
  for (const p of parts) {
    if (typeof p === 'number') out.push(p);
    else if (Array.isArray(p)) out.push(...p);
    else for (const c of p) out.push(c.charCodeAt(0));
  }
  return Uint8Array.from(out);
}
const u32 = (n: number) => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24];
const str = (s: string) => {
  const b = new TextEncoder().encode(s);
  return [0x58, ...u32(b.length), ...b];
};
const NO_GLOBALS: UnpickleOptions = { globals: new Map() };

function error(bytes: Uint8Array, options: UnpickleOptions = NO_GLOBALS): string {
  try {
    unpickle(bytes, 0, options);
  } catch (e) {
    if (e instanceof PthError) return e.message;
    throw e;
  }
  throw new Error('the pickle was accepted');
}

describe('restricted unpickler', () => {
  it('builds plain data: dicts, lists, tuples, sets, ints of every width, floats, text, bytes, None and bools', () => {
    const float = [0x47, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0]; // BINFLOAT 1.5, big-endian
    const bytes = pk(
      '}', '(',
      str('list'), ']', '(', 'K', 1, 'M', [0x34, 0x12], 'J', u32(-5 >>> 0), 0x8a, 1, 0xff, 0x8a, 9, [0, 0, 0, 0, 0, 0, 0, 0, 1], 'e',
      str('tuple'), 'N', 0x88, 0x89, 0x87,
      str('float'), float,
      str('text'), str('한국어'),
      str('bytes'), 'C', 2, [0, 255],
      str('set'), 0x8f, '(', 'K', 7, 0x90,
      'u', '.',
    );
    const { value, end } = unpickle(bytes, 0, NO_GLOBALS);
    expect(end).toBe(bytes.length);
    expect(value).toEqual(
      new Map<PyValue, PyValue>([
        ['list', [1, 0x1234, -5, -1, 2n ** 64n]],
        ['tuple', new Tuple([null, true, false])],
        ['float', 1.5],
        ['text', '한국어'],
        ['bytes', Uint8Array.from([0, 255])],
        ['set', new Set([7])],
      ]),
    );
  });

  it('memoises and reuses values (BINPUT/BINGET, MEMOIZE), sharing one object', () => {
    const { value } = unpickle(pk(']', 'q', 0, 'h', 0, 0x86, '.'), 0, NO_GLOBALS);
    const [a, b] = (value as Tuple).items;
    expect(a).toBe(b);
  });

  it('calls only allow-listed functions; a refused global is refused by name before anything is called', () => {
    const calls: PyValue[][] = [];
    const spy = new Callable('collections.OrderedDict', (args) => {
      calls.push([...args]);
      return new Map();
    });
    const options: UnpickleOptions = { globals: new Map([['collections.OrderedDict', spy]]) };
    // OrderedDict() then posix.system("touch /tmp/x"): the first runs, the second is never reached.
    const hostile = pk('c', 'collections\nOrderedDict\n', ')', 'R', '0', 'c', 'posix\nsystem\n', str('touch /tmp/x'), 0x85, 'R', '.');
    expect(error(hostile, options)).toBe('refused: the file asks to run posix.system, which a state_dict does not need (nothing was run)');
    expect(calls).toEqual([[]]);
    // The same through STACK_GLOBAL (protocol 4).
    expect(error(pk(0x8c, 8, 'builtins', 0x8c, 4, 'eval', 0x93, str('1'), 0x85, 'R', '.'), options)).toMatch(/^refused: the file asks to run builtins\.eval,/);
    expect(calls).toHaveLength(1);
  });

  it('refuses to call an allowed value that is not a function, to build state or to load outside data unless allowed', () => {
    const options: UnpickleOptions = { globals: new Map([['torch.FloatStorage', { storage: true }]]) };
    expect(error(pk('c', 'torch\nFloatStorage\n', ')', 'R', '.'), options)).toMatch(/calls something that is not an allowed function/);
    expect(error(pk('}', '}', 'b', '.'))).toMatch(/sets an object's state/);
    expect(error(pk(str('x'), 'Q', '.'))).toMatch(/refers to outside data/);
  });

  it.each([
    ['nesting beyond 1000 MARKs', pk('('.repeat(5000)), /nests deeper than 1000 levels/],
    ['a string longer than the file', pk(0x58, u32(0xffffffff), '.'), /ends inside a string/],
    ['bytes longer than any file (BINBYTES8)', pk(0x8e, [0, 0, 0, 0, 0, 0, 0, 0x10], '.'), /a length of \d+ bytes at byte \d+ exceeds the file/],
    ['an integer of 2 GB (LONG4)', pk(0x8b, u32(0x7fffffff), '.'), /ends inside an integer/],
    ['an integer of 100 bytes', pk(0x8b, u32(100), new Array(100).fill(1), '.'), /an integer of 100 bytes/],
    ['a memo slot never written', pk('h', 3, '.'), /reads memo slot 3, which it never wrote/],
    ['an empty stack', pk('0', '.'), /pops an empty stack/],
    ['a MARK never opened', pk('t', '.'), /closes a MARK it never opened/],
    ['no STOP', pk('K', 1), /ends without its STOP opcode/],
    ['INST (a class by name, protocol 0)', pk('i', 'os\nsystem\n', '.'), /opcode 0x69 at byte 2, which a state_dict never needs/],
    ['a global name without its newline', pk('c', 'os'), /unterminated/],
    ['invalid UTF-8', pk(0x8c, 1, 0xff, '.'), /not valid UTF-8/],
    ['SETITEM on a list', pk(']', 'K', 1, 'K', 2, 's', '.'), /sets an item on something that is not a dict/],
    ['APPEND to a dict', pk('}', 'K', 1, 'a', '.'), /appends to something that is not a list/],
  ])('refuses %s with a PthError', (_, bytes, message) => {
    expect(error(bytes)).toMatch(message);
  });
});
