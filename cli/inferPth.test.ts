/** `npm run infer -- --weights model.pth`: torch.save files from the command line (in this process; infer.test.ts runs it as a process). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../src/runtime/backends/node';
import { PARITY, PARITY_DIR, loadParity, paritySpec, relativeError } from '../tests/parity';
import { call } from './harness';
import { main } from './infer';

const pth = (name: string) => fileURLToPath(new URL(`../pth/${name}`, PARITY_DIR));
const io = fileURLToPath(new URL('tiny-basic.io.safetensors', PARITY_DIR));

async function infer(...args: string[]) {
  const before = tf.memory().numTensors;
  const r = await call(main, ...args);
  expect(tf.memory().numTensors).toBe(before);
  return r;
}

describe('npm run infer with a .pth', () => {
  const config = join(mkdtempSync(join(tmpdir(), 'infer-pth-')), 'spec.json');
  writeFileSync(config, JSON.stringify(paritySpec(PARITY['tiny-basic'])));

  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it('tiny-basic.pth gives the logits PyTorch computed', async () => {
    const r = await infer('--config', config, '--weights', pth('tiny-basic.pth'), '--input', io, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { logits } = JSON.parse(r.stdout) as { logits: number[][] };
    expect(relativeError(logits.flat(), loadParity('tiny-basic').tensor('expected.logits').values)).toBeLessThan(1e-4);
  });

  it('a hostile file is refused in one line naming the global it asks for', async () => {
    const r = await infer('--config', config, '--weights', pth('evil-os-system.pth'), '--input', io);
    expect(r.status).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--weights .*evil-os-system\.pth: Not a loadable PyTorch file \(a torch\.save zip archive\): refused: the file asks to run posix\.system/);
  });
});
