import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_STEP, TRAIN_STEP_DIR, cifarFixtureSpec } from '../tests/cifar';
import { useNodeBackend } from '../src/runtime/backends/node';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { call, spawnCli, expectRefusedAsProcess } from './harness';
import { main } from './train';

/** The command run in this process, leaving no tensors behind; the first test and one refusal run it as a process. */
async function train(...args: string[]) {
  const before = tf.memory().numTensors;
  const r = await call(main, ...args);
  expect(tf.memory().numTensors).toBe(before);
  return r;
}
const fixture = (name: string) => fileURLToPath(new URL(name, TRAIN_STEP_DIR));
const INDEX = JSON.parse(readFileSync(new URL('index.json', TRAIN_STEP_DIR), 'utf8')) as Record<string, { loss: number; hyperparameters: { lr: number; momentum: number; weight_decay: number } }>;

interface Output {
  steps: number[];
  loss: number[];
  accuracy: number[];
  testAccuracy: number | null;
  imagesPerSecond: number;
}

describe('npm run train', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('trains a small net on the Fashion-MNIST subset and prints the JSON the issue asks for, as a process', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    const config = join(dir, 'tiny.json');
    // A tiny option-A CIFAR-style net; the data set sets its input (1×28×28) and classes (10).
    writeFileSync(config, JSON.stringify({ ...cifarFixtureSpec(TRAIN_STEP['cifar-resnet8-A'].config), input: { channels: 3, height: 32, width: 32 }, numClasses: 100 }));
    const r = spawnCli('train', '--config', config, '--steps', '3', '--batch', '16', '--lr', '0.05', '--seed', '7', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Output;
    expect(Object.keys(out)).toEqual(['steps', 'loss', 'accuracy', 'testAccuracy', 'imagesPerSecond']);
    expect(out.steps).toEqual([1, 2, 3]);
    expect(out.loss).toHaveLength(3);
    // Ten classes at initialisation: the loss starts near ln 10.
    expect(out.loss[0]).toBeGreaterThan(1.5);
    expect(out.loss[0]).toBeLessThan(4);
    for (const a of out.accuracy) expect(a * 16).toBe(Math.round(a * 16));
    expect(out.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(out.testAccuracy).toBeLessThanOrEqual(1);
    expect(out.imagesPerSecond).toBeGreaterThan(0);
  });

  it('--batch-file with --weights reproduces PyTorch\'s loss, and --save writes the state_dict PyTorch had after the step', async () => {
    const key = 'cifar-resnet14-B';
    const h = INDEX[key].hyperparameters;
    const dir = mkdtempSync(join(tmpdir(), 'train-'));
    const config = join(dir, 'spec.json');
    const saved = join(dir, 'after.safetensors');
    writeFileSync(config, JSON.stringify(cifarFixtureSpec(TRAIN_STEP[key].config)));
    const r = await train(
      ...['--config', config, '--weights', fixture(`${key}.weights.safetensors`), '--batch-file', fixture(`${key}.batch.safetensors`)],
      ...['--steps', '1', '--lr', String(h.lr), '--momentum', String(h.momentum), '--wd', String(h.weight_decay), '--decay', 'constant', '--save', saved, '--json'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as Output;
    expect(Math.abs(out.loss[0] - INDEX[key].loss) / INDEX[key].loss).toBeLessThan(1e-4);
    expect(out.testAccuracy).toBeNull();

    const after = parseSafetensors(new Uint8Array(readFileSync(saved)));
    const expected = parseSafetensors(new Uint8Array(readFileSync(fixture(`${key}.expected.safetensors`))));
    const keys = [...expected.entries.keys()].filter((k) => k.startsWith('after.')).map((k) => k.slice(6));
    expect([...after.entries.keys()]).toEqual(keys);
    for (const k of keys) {
      const e = after.entries.get(k)!;
      if (k.endsWith('num_batches_tracked')) {
        expect(e.dtype).toBe('I64');
        expect(new DataView(after.bytes.buffer, after.bytes.byteOffset + e.byteOffset, 8).getBigInt64(0, true)).toBe(1n);
        continue;
      }
      const want = readFloat32(expected, expected.entries.get(`after.${k}`)!);
      const got = readFloat32(after, e);
      const scale = want.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const diff = got.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i])), 0);
      expect(diff / scale, k).toBeLessThan(1e-4);
    }
  });

  it.each([
    [['--preset', 'resnet20', '--lr', 'fast'], /--lr must be a positive number, got "fast"/],
    [['--preset', 'resnet20', '--steps', '0'], /--steps must be a whole number of at least 1/],
    [['--preset', 'nope'], /unknown preset "nope"/],
    [['--preset', 'resnet20', '--batch-file', '/nope.safetensors'], /cannot read --batch-file/],
    [['--preset', 'resnet20', '--batch-file', fixture('cifar-plain8.weights.safetensors')], /--batch-file .*needs tensors "input" and "labels"/],
    [['--preset', 'resnet20', '--decay', 'linear'], /--decay must be cosine, step or constant/],
    [['--preset', 'resnet20', '--batch', '5000', '--steps', '1'], /A batch of 5000 needs about \d+ MB, more than the \d+ MB allowed here; try a batch of \d+/],
    [['--preset', 'resnet20', '--weights', fixture('cifar-plain8.weights.safetensors')], /--weights .* does not fit this model: Missing/],
  ])('fails with one line for %j', async (args, message) => {
    const r = await train(...args);
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('refuses as a process: exit code 2 and the one line of this process', async () => {
    const args = ['--preset', 'resnet20', '--lr', 'fast'];
    await expectRefusedAsProcess('train', args, 'error: --lr must be a positive number, got "fast"\n', () => train(...args));
  });
});
