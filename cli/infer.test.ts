import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../src/runtime/backends/node';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { PARITY, PARITY_DIR, paritySpec } from '../tests/parity';
import { call, spawnCli, expectRefusedAsProcess } from './harness';
import { main } from './infer';

const fixture = (name: string) => fileURLToPath(new URL(name, PARITY_DIR));

/** The command run in this process, leaving no tensors behind; the last test runs it as a process too. */
async function infer(...args: string[]) {
  const before = tf.memory().numTensors;
  const r = await call(main, ...args);
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

function parityConfig(key: string): string {
  const config = join(mkdtempSync(join(tmpdir(), 'infer-')), 'spec.json');
  writeFileSync(config, JSON.stringify(paritySpec(PARITY[key])));
  return config;
}

describe('npm run infer', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it.each(Object.keys(PARITY))('%s: the logits PyTorch computed, from the command line', async (key) => {
    const r = await infer('--config', parityConfig(key), '--weights', fixture(`${key}.weights.safetensors`), '--input', fixture(`${key}.io.safetensors`), '--json');
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

  it('prints the top 5 classes per item, saying when weights are random', async () => {
    const r = await infer('--preset', 'resnet18', '--input', fixture('tiny-bottleneck.io.safetensors'));
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
  ])('fails with one line for %j', async (args, message) => {
    const r = await infer(...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('runs as a process: the same logits and exit code as in this process, and a refusal', async () => {
    const key = 'tiny-basic';
    const args = ['--config', parityConfig(key), '--weights', fixture(`${key}.weights.safetensors`), '--input', fixture(`${key}.io.safetensors`), '--json'];
    const r = spawnCli('infer', ...args);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('logits');
    expect(await infer(...args)).toEqual(r);
    const refusal = ['--preset', 'resnet18', '--input', '/nope'];
    await expectRefusedAsProcess('infer', refusal, 'error: cannot read --input /nope: ENOENT\n', () => infer(...refusal));
  });
});
