/**
 * The generated PyTorch file, run for real by Python with a shape-only stand-in for torch (tests/torchstub):
 * its state_dict must be torchvision's, key for key and shape for shape. Where a Python with PyTorch is found
 * (Debian's /usr/bin/python3 here, or $TORCH_PYTHON), the CIFAR files also run in real PyTorch: the core's
 * state_dict schema loads strictly, and with the parity fixtures' weights the logits are PyTorch's own.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIFAR_PARITY, CIFAR_PARITY_DIR, cifarFixtureSpec } from '../../../tests/cifar';
import { CIFAR_PRESETS, PRESET_NAMES, analyzeSpec, describeModel, expandSpec, presetSpec, pytorchSource, stateDictSchema, type ResNetSpec } from '../index';

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
    expect(check.trim()).toBe("['BasicBlock', 'Bottleneck', 'ResNet', 'ShortcutA', 'build_model', 'conv_bn', 'from_transformers', 'make_stage', 'projection', 'shortcut']");
    expect(src).toContain('if __name__ == "__main__":');
  });
});

const TORCH_PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;

/** Builds each file's model in PyTorch, loads the core's schema strictly, runs it; with fixture weights, compares logits. */
const REAL_PROBE = `
import json, runpy, struct, sys
import torch

def load_safetensors(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, e = v["data_offsets"]
        dtype = {"F32": torch.float32, "I64": torch.int64}[v["dtype"]]
        out[k] = torch.frombuffer(bytearray(b[8 + n + a:8 + n + e]), dtype=dtype).reshape(v["shape"])
    return out

results = []
for case in json.load(open(sys.argv[1])):
    model = runpy.run_path(case["file"])["build_model"]().eval()
    schema = {k: torch.zeros(shape, dtype=torch.int64 if dtype == "I64" else torch.float32) for k, shape, dtype in case["schema"]}
    model.load_state_dict(schema, strict=True)
    r = {"keys": [[k, list(v.shape)] for k, v in model.state_dict().items()],
         "params": sum(p.numel() for p in model.parameters())}
    with torch.no_grad():
        r["out"] = list(model(torch.zeros(1, *case["input"])).shape)
        if case.get("fixture"):
            model.load_state_dict(load_safetensors(case["fixture"] + ".weights.safetensors"), strict=True)
            io = load_safetensors(case["fixture"] + ".io.safetensors")
            got = model(io["input"])
            want = io["expected.logits"]
            r["logitsError"] = float((got - want).abs().max() / want.abs().max())
    results.append(r)
print(json.dumps(results))
`;

describe.skipIf(!hasTorch)('PyTorch export in real PyTorch', () => {
  const cases: { name: string; spec: ResNetSpec; fixture?: string }[] = [
    ...CIFAR_PRESETS.map((n) => ({ name: n, spec: presetSpec(n) })),
    { name: 'resnet20, option B', spec: { ...presetSpec('resnet20'), shortcut: 'B' } },
    {
      name: 'a bottleneck net with option A',
      spec: { ...presetSpec('resnet50'), stages: [{ blocks: 2, width: 16, stride: 1 }, { blocks: 1, width: 32, stride: 2 }], shortcut: 'A', input: { channels: 3, height: 64, width: 64 } },
    },
    ...Object.keys(CIFAR_PARITY).map((key) => {
      const r = describeModel(cifarFixtureSpec(CIFAR_PARITY[key].config));
      if (!r.ok) throw new Error(r.errors[0].message);
      return { name: `parity fixture ${key}`, spec: r.value.graph.spec, fixture: fileURLToPath(new URL(key, CIFAR_PARITY_DIR)) };
    }),
  ];
  let results: { keys: [string, number[]][]; params: number; out: number[]; logitsError?: number }[] = [];

  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'pytorch-real-'));
    const jobs = cases.map((c, i) => {
      const file = join(dir, `model${i}.py`);
      writeFileSync(file, pytorchSource(c.spec, analyzeSpec(c.spec).params));
      const schema = stateDictSchema(expandSpec(c.spec)).map((p) => [p.key, p.shape, p.dtype]);
      const { channels, height, width } = c.spec.input;
      return { file, schema, input: [channels, height, width], fixture: c.fixture };
    });
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(jobs));
    results = JSON.parse(execFileSync(TORCH_PYTHON, ['-c', REAL_PROBE, join(dir, 'cases.json')], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  }, 120_000);

  it.each(cases.map((c, i) => [c.name, i] as const))('%s: the core\'s state_dict loads strictly, parameters and output shape agree', (_, i) => {
    const c = cases[i];
    const a = analyzeSpec(c.spec);
    expect(results[i].keys).toEqual(stateDictSchema(a.graph).map((p) => [p.key, p.shape]));
    expect(results[i].keys.some(([k]) => k.includes('downsample'))).toBe(c.spec.residual && c.spec.shortcut === 'B');
    expect(results[i].params).toBe(a.params);
    expect(results[i].out).toEqual([1, c.spec.numClasses]);
    if (c.fixture) expect(results[i].logitsError).toBeLessThan(1e-5);
  });
});
