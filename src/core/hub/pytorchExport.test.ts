/**
 * The PyTorch export carries the name table: its `from_transformers` renames a state_dict saved by transformers'
 * ResNetForImageClassification so that the exported model loads it strictly and computes PyTorch's logits (real
 * PyTorch, where a Python with torch is found: Debian's /usr/bin/python3 here, or $TORCH_PYTHON).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeSpec, english, pytorchSource } from '..';
import { parseHubRepo, readHubConfig, refusalPhrase } from '.';

const TORCH_PYTHON = process.env.TORCH_PYTHON ?? '/usr/bin/python3';
const hasTorch = spawnSync(TORCH_PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const DIR = new URL('../../../tests/fixtures/hub/tiny/', import.meta.url);

const PROBE = `
import json, runpy, struct, sys
import torch

def load_safetensors(path):
    b = open(path, "rb").read()
    n = struct.unpack("<Q", b[:8])[0]
    header = json.loads(b[8:8 + n])
    return {k: torch.frombuffer(bytearray(b[8 + n + v["data_offsets"][0]:8 + n + v["data_offsets"][1]]), dtype=torch.float32).reshape(v["shape"])
            for k, v in header.items() if k != "__metadata__"}

results = []
for file, folder in json.load(open(sys.argv[1])):
    ns = runpy.run_path(file)
    model = ns["build_model"]().eval()
    theirs = torch.load(folder + "/pytorch_model.bin")
    model.load_state_dict(ns["from_transformers"](theirs), strict=True)
    io = load_safetensors(folder + "/io.safetensors")
    with torch.no_grad():
        got = model(io["input"])
    results.append({"error": float((got - io["logits"]).abs().max() / io["logits"].abs().max()),
                    "kept": ns["from_transformers"]({"something.else": 1})})
print(json.dumps(results))
`;

const NAMES = ['tiny-bottleneck', 'tiny-basic', 'tiny-bottleneck-v1'];

describe.skipIf(!hasTorch)('the PyTorch export loads transformers state_dicts', () => {
  let results: { error: number; kept: Record<string, number> }[] = [];
  beforeAll(() => {
    const tmp = mkdtempSync(join(tmpdir(), 'hub-export-'));
    const jobs = NAMES.map((name, i) => {
      const dir = fileURLToPath(new URL(name, DIR));
      const repo = parseHubRepo('someone/tiny');
      if (!repo.ok) throw new Error('bad id');
      const cfg = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
      const r = readHubConfig(repo.repo, cfg('config.json'), cfg('preprocessor_config.json'));
      if (!r.ok) throw new Error(english(refusalPhrase(r.refusal)));
      const file = join(tmp, `model${i}.py`);
      writeFileSync(file, pytorchSource(r.model.spec, analyzeSpec(r.model.spec).params));
      return [file, dir];
    });
    writeFileSync(join(tmp, 'jobs.json'), JSON.stringify(jobs));
    results = JSON.parse(execFileSync(TORCH_PYTHON, ['-c', PROBE, join(tmp, 'jobs.json')], { encoding: 'utf8' })) as typeof results;
  }, 120_000);

  it.each(NAMES.map((n, i) => [n, i] as const))('%s: from_transformers, strict load, PyTorch logits', (_, i) => {
    expect(results[i].error).toBeLessThan(1e-5);
    expect(results[i].kept).toEqual({ 'something.else': 1 });
  });
});
