import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import reference from '../tests/fixtures/torchvision-resnets-224.json';
import { call, spawnCli, expectRefusedAsProcess } from './harness';
import { main } from './summary';

/** The command run in this process (as fast as a function call); the last test runs it as a process too. */
async function summary(...args: string[]) {
  const r = await call(main, ...args);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run summary', () => {
  it('prints the JSON summary with torchvision types and totals', async () => {
    const r = await summary('--preset', 'resnext50_32x4d', '--json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const ref = reference.resnext50_32x4d;
    expect(json.params).toBe(ref.params);
    expect(json.macs).toBe(ref.macs);
    expect(json.input).toEqual([3, 224, 224]);
    expect(json.output).toEqual([1000]);
    const leaf = json.layers.filter((l: { type: string }) => l.type !== 'Add');
    expect(leaf.map((l: { name: string; type: string; out: number[]; params: number }) => ({ name: l.name, type: l.type, out: l.out, params: l.params }))).toEqual(ref.layers);
    expect(json.layers[0]).toEqual({ name: 'conv1', type: 'Conv2d', out: [64, 112, 112], params: 9408, macs: 118_013_952 });
  });

  it('prints a table with totals, at another input size', async () => {
    const r = await summary('--preset', 'resnet50', '--input', '3x197x251');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^conv1\s+Conv2d\s+64×99×126\s+9,408/m);
    expect(r.stdout).toMatch(/^layer4\.2\.relu\s+ReLU\s+2048×7×8/m);
    expect(r.stdout).toContain('Total params: 25,557,032');
    expect(r.stdout).toContain('Input: 3×197×251');
  });

  it('reads a custom spec from --config', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'));
    const file = join(dir, 'spec.json');
    writeFileSync(file, JSON.stringify({ block: 'basic', stages: [{ blocks: 2, width: 64 }, { blocks: 2, width: 128 }], numClasses: 10 }));
    const r = await summary('--config', file, '--json', '--input', '64x64');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.output).toEqual([10]);
    expect(json.input).toEqual([3, 64, 64]);
    expect(json.layers.at(-1)).toMatchObject({ name: 'fc', type: 'Linear', params: 128 * 10 + 10 });
  });

  it('carries the CIFAR nets\' shortcut option and plain switch', async () => {
    const a = JSON.parse((await summary('--preset', 'resnet56', '--json')).stdout);
    expect([a.params, a.macs, a.shortcut, a.residual]).toEqual([853_018, 125_485_696, 'A', true]);
    expect(a.layers.filter((l: { type: string }) => l.type === 'Add')).toHaveLength(27);
    const b = JSON.parse((await summary('--preset', 'resnet56', '--shortcut', 'B', '--json')).stdout);
    expect([b.params, b.macs, b.shortcut]).toEqual([855_770, 125_747_840, 'B']);
    const plain = JSON.parse((await summary('--preset', 'resnet56', '--plain', '--input', '1x28x28', '--json')).stdout);
    expect([plain.params, plain.macs, plain.residual]).toEqual([852_730, 95_849_344, false]);
    expect(plain.layers.some((l: { type: string }) => l.type === 'Add')).toBe(false);
    const text = (await summary('--preset', 'plain20')).stdout;
    expect(text).toContain('Total params: 269,722');
    expect(text).toContain('Shortcuts: none (plain network: no shortcuts, no adds)');
  });

  it.each([
    [['--preset', 'resnet56', '--shortcut', 'C'], /shortcut option must be one of "A", "B", got "C"/],
    [['--preset', 'resnet51'], /unknown preset "resnet51"/],
    [['--input', 'big'], /--input must be like/],
    [['--config', '/nonexistent.json'], /cannot read --config/],
    [['--frobnicate'], /unknown argument/],
    [['--preset'], /--preset needs a value/],
  ])('exits non-zero with one line for %j', async (args, message) => {
    const r = await summary(...args);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  it('rejects a config that is not JSON or not a valid spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'summary-'));
    writeFileSync(join(dir, 'bad.json'), '{ block: ');
    writeFileSync(join(dir, 'zero.json'), JSON.stringify({ block: 'basic', stages: [{ blocks: 0, width: 64 }] }));
    const bad = await summary('--config', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not valid JSON/);
    const zero = await summary('--config', join(dir, 'zero.json'));
    expect(zero.code).toBe(2);
    expect(zero.stderr).toMatch(/stage 1 blocks must be between 1 and 128, got 0/);
  });

  it('runs as a process: the same output and exit code as in this process, for a table and for a refusal', async () => {
    const table = spawnCli('summary', '--preset', 'plain20');
    expect(table.status).toBe(0);
    expect(table.stderr).toBe('');
    expect(table.stdout).toContain('Total params: 269,722');
    expect(table).toEqual(await call(main, '--preset', 'plain20'));
    await expectRefusedAsProcess('summary', ['--preset', 'resnet51'], /^error: unknown preset "resnet51" \(one of .*\)\n$/, () => call(main, '--preset', 'resnet51'));
  });
});
