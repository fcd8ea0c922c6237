import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PARITY, PARITY_DIR, paritySpec } from '../tests/parity';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
const infer = (...args: string[]) => spawnSync(tsx, ['cli/infer.ts', ...args], { encoding: 'utf8' });
const fixture = (name: string) => fileURLToPath(new URL(name, PARITY_DIR));

describe('npm run infer', () => {
  it.each(Object.keys(PARITY))('%s: the logits PyTorch computed, from the command line', (key) => {
    const dir = mkdtempSync(join(tmpdir(), 'infer-'));
    const config = join(dir, 'spec.json');
    writeFileSync(config, JSON.stringify(paritySpec(PARITY[key])));
    const r = infer('--config', config, '--weights', fixture(`${key}.weights.safetensors`), '--input', fixture(`${key}.io.safetensors`), '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { logits } = JSON.parse(r.stdout) as { logits: number[][] };
    const io = parseSafetensors(new Uint8Array(readFileSync(new URL(`${key}.io.safetensors`, PARITY_DIR))));
    const expected = readFloat32(io, io.entries.get('expected.logits')!);
    const flat = logits.flat();
    expect(logits).toHaveLength(PARITY[key].config.input[0]);
    const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const diff = flat.reduce((m, v, i) => Math.max(m, Math.abs(v - expected[i])), 0);
    expect(diff / scale).toBeLessThan(1e-4);
  });

  it('prints the top 5 classes per item, saying when weights are random', () => {
    const r = infer('--preset', 'resnet18', '--input', fixture('tiny-bottleneck.io.safetensors'));
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^item \d \(random weights\):$/gm)).toHaveLength(2);
    expect(r.stdout.match(/^\s+\d+\.\d\d% +\d+ \S/gm)).toHaveLength(10);
  });

  it.each([
    [['--preset', 'resnet18'], /--input X.safetensors is required/],
    [['--preset', 'resnet18', '--input', '/nope'], /cannot read --input/],
    [['--preset', 'resnet18', '--input', fixture('tiny-basic.weights.safetensors')], /no tensor named "input"/],
    [['--preset', 'resnet18', '--weights', fixture('tiny-basic.weights.safetensors'), '--input', fixture('tiny-basic.io.safetensors')], /does not fit this model: Missing .*describes another architecture/],
    [['--preset', 'resnet18', '--input', fixture('index.json')], /--input .*: the header claims/],
  ])('fails with one line for %j', (args, message) => {
    const r = infer(...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
