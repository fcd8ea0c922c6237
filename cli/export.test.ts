import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../src/core';
import { parseSafetensors, readFloat32 } from '../src/runtime/weights/safetensors';
import { PARITY, PARITY_DIR, paritySpec } from '../tests/parity';
import { main } from './export';
import { call, spawnCli, expectRefusedAsProcess } from './harness';
import { main as summary } from './summary';

/** The command run in this process; the ONNX file and one refusal come from a real process (the pipe, the exit code). */
const run = (...args: string[]) => call(main, ...args);

describe('npm run export', () => {
  it('writes the spec JSON that summary --config reads back to the same model', async () => {
    const spec = await run('--preset', 'resnext101_64x4d', '--format', 'spec');
    expect(spec.status).toBe(0);
    expect(JSON.parse(spec.stdout)).toEqual(presetSpec('resnext101_64x4d'));
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'spec.json'), spec.stdout);
    const read = await call(summary, '--config', join(dir, 'spec.json'), '--json');
    expect(JSON.parse(read.stdout).params).toBe(83_455_272);
  });

  it('writes PyTorch code that compiles, for a preset at another input size', async () => {
    const r = await run('--preset', 'resnet18', '--input', '3x96x128');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('def build_model():');
    expect(r.stdout).toContain('torch.zeros(1, 3, 96, 128)');
    const compiled = spawnSync('python3', ['-c', 'import sys; compile(sys.stdin.read(), "model.py", "exec")'], { input: r.stdout, encoding: 'utf8' });
    expect(compiled.status).toBe(0);
  });

  it('refuses an unknown format with one line, as a process and in this process', async () => {
    const args = ['--preset', 'resnet18', '--format', 'tflite'];
    await expectRefusedAsProcess('export', args, 'error: --format must be pytorch, spec or onnx, got "tflite"\n', () => run(...args));
  });

  it('writes an ONNX file with the given weights that ONNX Runtime runs to PyTorch\'s logits, as a process', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'export-'));
    writeFileSync(join(dir, 'spec.json'), JSON.stringify(paritySpec(PARITY['tiny-grouped'])));
    const weights = new URL('tiny-grouped.weights.safetensors', PARITY_DIR).pathname;
    const args = ['--config', join(dir, 'spec.json'), '--format', 'onnx', '--weights', weights];
    const r = spawnCli('export', ...args);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    // In this process, the same bytes.
    expect((await run(...args)).bytes.equals(r.bytes)).toBe(true);
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(new Uint8Array(r.bytes));
    const io = parseSafetensors(new Uint8Array(readFileSync(new URL('tiny-grouped.io.safetensors', PARITY_DIR))));
    const get = (n: string) => ({ values: readFloat32(io, io.entries.get(n)!), shape: io.entries.get(n)!.shape });
    const out = await session.run({ input: new ort.Tensor('float32', get('input').values, get('input').shape) });
    const expected = get('expected.logits').values;
    const got = out.logits.data as Float32Array;
    const scale = Math.max(...expected.map(Math.abs));
    expect(Math.max(...expected.map((v, i) => Math.abs(got[i] - v))) / scale).toBeLessThan(1e-4);
    await session.release();
  });

  it('refuses weights that do not fit, naming what is wrong', async () => {
    const weights = new URL('tiny-basic.weights.safetensors', PARITY_DIR).pathname;
    const r = await run('--preset', 'resnet18', '--format', 'onnx', '--weights', weights);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --weights .*tiny-basic.weights.safetensors does not fit this model: .*conv1.weight has shape \[8, 3, 7, 7\]; this model needs \[64, 3, 7, 7\]/);
    expect(r.stdout).toBe('');
  });
});
