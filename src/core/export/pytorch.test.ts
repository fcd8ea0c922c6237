/**
 * The generated PyTorch file, run for real by Python with a shape-only stand-in for torch (tests/torchstub:
 * PyTorch cannot be installed here): its state_dict must be torchvision's, key for key and shape for shape.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESET_NAMES, analyzeSpec, describeModel, expandSpec, presetSpec, pytorchSource, stateDictSchema, type ResNetSpec } from '../index';

const STUB = join(process.cwd(), 'tests/torchstub');

function runGenerated(spec: ResNetSpec) {
  const dir = mkdtempSync(join(tmpdir(), 'pytorch-'));
  const file = join(dir, 'model.py');
  writeFileSync(file, pytorchSource(spec, analyzeSpec(spec).params));
  const probe = `
import json, runpy, sys
ns = runpy.run_path(sys.argv[1])
model = ns["build_model"]()
sd = model.state_dict()
print(json.dumps({"keys": [[k, list(v.shape), v.dtype] for k, v in sd.items()],
                  "params": sum(p.numel() for p in model.parameters())}))
`;
  const out = execFileSync('python3', ['-c', probe, file], { env: { ...process.env, PYTHONPATH: STUB }, encoding: 'utf8' });
  return JSON.parse(out) as { keys: [string, number[], string][]; params: number };
}

const customs = [
  { block: 'basic', stages: [{ blocks: 1, width: 8 }, { blocks: 3, width: 24, stride: 3 }], stem: { kernel: 3, stride: 1, width: 16, maxPool: false }, input: { channels: 1, height: 28, width: 28 }, numClasses: 10 },
  { block: 'bottleneck', stages: [2, 1, 1, 1, 1, 2].map((blocks, i) => ({ blocks, width: 8 << Math.min(i, 3) })), groups: 4, widthPerGroup: 16, stridePlacement: 'v1' },
];

describe('PyTorch export', () => {
  it.each([...PRESET_NAMES.map((n) => [n, presetSpec(n)] as const), ...customs.map((c, i) => [`custom ${i + 1}`, c] as const)])(
    '%s: names every parameter the core lists, with its shape, in order',
    (_, raw) => {
      const r = describeModel(raw);
      if (!r.ok) throw new Error(r.errors[0].message);
      const spec = r.value.graph.spec;
      const got = runGenerated(spec);
      const schema = stateDictSchema(expandSpec(spec));
      expect(got.keys).toEqual(schema.map((p) => [p.key, p.shape, p.dtype === 'I64' ? 'int64' : 'float32']));
      expect(got.params).toBe(r.value.params);
    },
  );

  it('is valid Python and defines build_model and a main that prints the parameter count', () => {
    const src = pytorchSource(presetSpec('resnet50'), 25_557_032);
    const check = execFileSync('python3', ['-c', 'import ast,sys; t=ast.parse(sys.stdin.read()); print(sorted(n.name for n in t.body if isinstance(n,(ast.FunctionDef,ast.ClassDef))))'], { input: src, encoding: 'utf8' });
    expect(check.trim()).toBe("['BasicBlock', 'Bottleneck', 'ResNet', 'ShortcutA', 'build_model', 'conv_bn', 'make_stage', 'projection', 'shortcut']");
    expect(src).toContain('if __name__ == "__main__":');
  });
});
