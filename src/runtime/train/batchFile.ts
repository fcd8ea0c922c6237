/**
 * A batch in a safetensors file, as PyTorch users write it: `input`, float NCHW already normalised, and
 * `labels`, integer class indices (int64 from `torch.tensor(..., dtype=torch.long)`). Checked whole.
 */
import { phrase } from '../../core/phrase';
import { SafetensorsError, parseSafetensors, readFloat32 } from '../weights/safetensors';

export interface BatchFile {
  input: Float32Array;
  shape: [number, number, number, number];
  labels: Int32Array;
}

const INTEGER_READERS: Record<string, (v: DataView, i: number) => number> = {
  I64: (v, i) => Number(v.getBigInt64(i * 8, true)),
  I32: (v, i) => v.getInt32(i * 4, true),
  U8: (v, i) => v.getUint8(i),
  I16: (v, i) => v.getInt16(i * 2, true),
};

/** Parses and checks a batch file; throws SafetensorsError with the reason. */
export function readBatchFile(bytes: Uint8Array, numClasses?: number): BatchFile {
  const file = parseSafetensors(bytes);
  const input = file.entries.get('input');
  const labels = file.entries.get('labels');
  if (!input || !labels) {
    const names = [...file.entries.keys()].slice(0, 5).join(', ');
    throw new SafetensorsError(names ? phrase('needs tensors "input" and "labels" (it has {names})', { names }) : phrase('needs tensors "input" and "labels" (it has none)'));
  }
  if (input.shape.length !== 4) throw new SafetensorsError(phrase('"input" must be NCHW (4 dimensions), got [{shape}]', { shape: input.shape.join(', ') }));
  if (input.shape.some((d) => d < 1)) throw new SafetensorsError(phrase('"input" is empty: [{shape}]', { shape: input.shape.join(', ') }));
  const n = input.shape[0];
  if (labels.shape.length !== 1 || labels.shape[0] !== n) throw new SafetensorsError(phrase('"labels" must hold one class per item ([{n}]), got [{shape}]', { n, shape: labels.shape.join(', ') }));
  const reader = INTEGER_READERS[labels.dtype];
  if (!reader) throw new SafetensorsError(phrase('"labels" must be integers (int64), got {dtype}', { dtype: labels.dtype }));
  const values = readFloat32(file, input);
  if (values.some((v) => !Number.isFinite(v))) throw new SafetensorsError(phrase('"input" has NaN or infinite values'));
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset + labels.byteOffset, labels.byteLength);
  const out = Int32Array.from({ length: n }, (_, i) => reader(view, i));
  const bad = out.findIndex((l) => l < 0 || (numClasses !== undefined && l >= numClasses));
  if (bad >= 0) {
    const vars = { label: out[bad], item: bad };
    throw new SafetensorsError(
      numClasses !== undefined ? phrase('label {label} (item {item}) is not a class index below {n}', { ...vars, n: numClasses }) : phrase('label {label} (item {item}) is not a class index', vars),
    );
  }
  return { input: values, shape: input.shape as [number, number, number, number], labels: out };
}
