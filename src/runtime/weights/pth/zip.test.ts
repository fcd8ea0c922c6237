/** The zip reader on a file laid out as torch.save lays it out (bench/torchSave.ts, which torch.load reads). */
import { describe, expect, it } from 'vitest';
import { torchSave } from '../../../../bench/torchSave';
import { PthError } from './error';
import { readTorchFile } from './torchFile';
import { readZip } from './zip';

const file = () =>
  torchSave(
    [
      { name: 'w', dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) },
      { name: 'n', dtype: 'I64', shape: [], data: BigInt64Array.from([7n]) },
    ],
    'my model',
  );
/** Where the central directory starts (the end record's last field but the comment length). */
const directory = (b: Uint8Array) => new DataView(b.buffer).getUint32(b.length - 6, true);

function refusal(bytes: Uint8Array): string {
  try {
    readZip(bytes);
  } catch (e) {
    if (e instanceof PthError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('zip reader', () => {
  it('hands out each stored entry as a view of the file, whatever the archive folder is called', () => {
    const bytes = file();
    const entries = readZip(bytes);
    expect([...entries.keys()]).toEqual(['my model/data.pkl', 'my model/data/0', 'my model/data/1', 'my model/version']);
    const data = entries.get('my model/data/0')!;
    expect(data.buffer).toBe(bytes.buffer);
    expect(data.byteOffset % 64).toBe(0);
    expect(Array.from(new Float32Array(data.slice().buffer))).toEqual([1, 2, 3, 4, 5, 6]);
    const [w, n] = readTorchFile(bytes);
    expect([w.name, w.shape, Array.from(w.float32()), n.name, Array.from(n.int64())]).toEqual(['w', [2, 3], [1, 2, 3, 4, 5, 6], 'n', [7n]]);
  });

  it('refuses compressed entries, a missing end record, a misplaced local header and a directory past the end', () => {
    const compressed = file();
    compressed[directory(compressed) + 10] = 8;
    expect(refusal(compressed)).toMatch(/^zip entry "my model\/data.pkl" is compressed \(method 8\)/);
    const b = file();
    expect(refusal(b.slice(0, b.length - 3))).toMatch(/no end-of-directory record/);
    const moved = file();
    new DataView(moved.buffer).setUint32(directory(moved) + 42, 5, true);
    expect(refusal(moved)).toMatch(/has no local header where the directory says/);
    const lying = file();
    new DataView(lying.buffer).setUint32(lying.length - 6, 0x7fffffff, true);
    expect(refusal(lying)).toMatch(/directory lies outside the file/);
    expect(refusal(new Uint8Array(10))).toMatch(/too short for a zip archive/);
  });
});
