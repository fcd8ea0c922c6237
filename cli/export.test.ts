import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../src/core';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const run = (cmd: string, ...args: string[]) => spawnSync(tsx, [`cli/${cmd}.ts`, ...args], { encoding: 'utf8' });

describe('npm run export', () => {
  it('writes the spec JSON that summary --config reads back to the same model', () => {
    const spec = run('export', '--preset', 'resnext101_64x4d', '--format', 'spec');
    expect(spec.status).toBe(0);
    expect(JSON.parse(spec.stdout)).toEqual(presetSpec('resnext101_64x4d'));
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'spec.json'), spec.stdout);
    const summary = run('summary', '--config', join(dir, 'spec.json'), '--json');
    expect(JSON.parse(summary.stdout).params).toBe(83_455_272);
  });

  it('writes PyTorch code that compiles, for a preset at another input size', () => {
    const r = run('export', '--preset', 'resnet18', '--input', '3x96x128');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('def build_model():');
    expect(r.stdout).toContain('torch.zeros(1, 3, 96, 128)');
    const compiled = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "model.py", "exec")'], { input: r.stdout, encoding: 'utf8' });
    expect(compiled.status).toBe(0);
  });

  it('refuses an unknown format with one line', () => {
    const r = run('export', '--preset', 'resnet18', '--format', 'onnx');
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: --format must be pytorch or spec, got "onnx"');
  });
});
