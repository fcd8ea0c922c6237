/**
 * Reading a torch.save file, timed in Node: ResNet-50's state_dict (about 100 MB of float32) laid out as
 * torch.save writes it, parsed into tensors and converted to float32, and checked whole as the app does.
 */
import { analyzeSpec, presetSpec, stateDictSchema } from '../src/core';
import { readTorchFile } from '../src/runtime/weights/pth';
import { checkWeights } from '../src/runtime/weights/load';
import { median, type Figure } from './stats';
import { torchSave, type TensorToSave } from './torchSave';

function resnet50File(): Uint8Array {
  const analysis = analyzeSpec(presetSpec('resnet50'));
  let seed = 1;
  const tensors: TensorToSave[] = stateDictSchema(analysis.graph).map((p) => {
    const n = p.shape.reduce((a, b) => a * b, 1);
    if (p.dtype === 'I64') return { name: p.key, dtype: 'I64', shape: p.shape, data: new BigInt64Array(n) };
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.1;
    return { name: p.key, dtype: 'F32', shape: p.shape, data };
  });
  return torchSave(tensors, 'resnet50');
}

function throughput(bytes: Uint8Array, f: () => void, runs: number): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return bytes.length / 1e6 / (median(t) / 1000);
}

export function pthFigures(runs = 7): Figure[] {
  const bytes = resnet50File();
  const analysis = analyzeSpec(presetSpec('resnet50'));
  const schema = stateDictSchema(analysis.graph);
  const mb = (bytes.length / 1e6).toFixed(0);
  return [
    {
      name: `copy of the same bytes (baseline, Node)`,
      value: throughput(bytes, () => bytes.slice(), runs),
      unit: 'MB/s',
      runs,
      note: 'one memcpy: what the machine allows; reading a float32 file is about one copy',
    },
    {
      name: `.pth read to float32, ResNet-50 (${mb} MB, Node)`,
      value: throughput(bytes, () => readTorchFile(bytes).forEach((t) => (t.dtype === 'I64' ? t.int64() : t.float32())), runs),
      unit: 'MB/s',
      runs,
      note: 'zip directory, restricted unpickling and every tensor as float32',
    },
    {
      name: `.pth checked for the model, ResNet-50 (${mb} MB, Node)`,
      value: throughput(bytes, () => checkWeights(bytes, analysis, schema), runs),
      unit: 'MB/s',
      runs,
      note: 'checkWeights: read, keys, shapes, dtypes and NaN scan',
    },
  ];
}

/** `npx tsx bench/pth.ts [OUT.pth]`: prints the figures; with a path, also writes the generated file there. */
if (import.meta.url === `file://${process.argv[1]}`) {
  const out = process.argv[2];
  if (out) (await import('node:fs')).writeFileSync(out, resnet50File());
  for (const f of pthFigures()) console.log(`${f.name}  ${f.value.toFixed(0)} ${f.unit}`);
}
