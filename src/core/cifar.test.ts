/** The paper's CIFAR nets (He et al. 2016): option A and B shortcuts and plain twins, against PyTorch's figures. */
import { describe, expect, it } from 'vitest';
import { CIFAR_FIGURES } from '../../tests/cifar';
import {
  CIFAR_PRESETS,
  analyzeSpec,
  describeModel,
  differences,
  english,
  expandSpec,
  matchPreset,
  parseSpec,
  presetLabel,
  presetSpec,
  stateDictSchema,
  zeroPadShortcut,
  type PresetName,
  type ResNetSpec,
} from './index';

/** A fixture key (`resnet56`, `resnet-optionB56`, `plain56`) as a spec at an input size (`1x28x28`). */
function fixtureSpec(key: string, size: string): ResNetSpec {
  const m = /^(resnet|resnet-optionB|plain)(\d+)$/.exec(key)!;
  const spec = presetSpec(`${m[1] === 'plain' ? 'plain' : 'resnet'}${m[2]}` as PresetName);
  const [channels, height, width] = size.split('x').map(Number);
  return { ...spec, shortcut: m[1] === 'resnet-optionB' ? 'B' : 'A', input: { channels, height, width } };
}

const entries = Object.entries(CIFAR_FIGURES).flatMap(([key, sizes]) => Object.entries(sizes).map(([size, f]) => [key, size, f] as const));

describe('CIFAR nets match PyTorch', () => {
  it('the fixture covers every CIFAR preset with option A and B, at 3x32x32 and 1x28x28', () => {
    expect(entries).toHaveLength(28);
    for (const name of CIFAR_PRESETS) expect(CIFAR_FIGURES[name]['3x32x32']).toBeDefined();
  });

  it.each(entries)('%s at %s: parameters and MACs', (key, size, f) => {
    const a = analyzeSpec(fixtureSpec(key, size));
    expect(a.problems).toEqual([]);
    expect(a.params).toBe(f.params);
    expect(a.macs).toBe(f.macs);
  });

  it('ResNet-56 has the paper\'s 0.85M parameters and ResNet-110 its 1.7M', () => {
    expect(analyzeSpec(presetSpec('resnet56')).params).toBe(853_018);
    expect(analyzeSpec(presetSpec('resnet110')).params).toBe(1_727_962);
  });

  it.each(CIFAR_PRESETS)('%s: depth 6n + 2 in its name, 10 classes, 64×8×8 before pooling', (name) => {
    const a = analyzeSpec(presetSpec(name));
    expect(`${a.depth}`).toBe(/\d+$/.exec(name)![0]);
    expect(a.output).toEqual([10]);
    expect(a.byId.get('avgpool')!.inShape).toEqual([64, 8, 8]);
    expect(a.byId.get('conv1')!.outShape).toEqual([16, 32, 32]);
    expect(a.byId.has('maxpool')).toBe(false);
    expect(matchPreset(presetSpec(name))).toBe(name);
  });

  it('labels the presets as the paper names them', () => {
    expect(CIFAR_PRESETS.map(presetLabel)).toEqual([
      'ResNet-20', 'ResNet-32', 'ResNet-44', 'ResNet-56', 'ResNet-110', 'Plain-20', 'Plain-32', 'Plain-44', 'Plain-56',
    ]);
  });
});

describe('shortcuts in the graph', () => {
  const inputsOf = (spec: ResNetSpec, id: string) => expandSpec(spec).layers.find((l) => l.id === id)!.inputs;

  it('option A: identity where the shape is kept, a zero-pad edge from the block input where it changes, no downsample modules', () => {
    const g = expandSpec(presetSpec('resnet20'));
    expect(g.layers.some((l) => l.name.includes('downsample'))).toBe(false);
    expect(inputsOf(presetSpec('resnet20'), 'layer1.0.add')).toEqual([
      { from: 'layer1.0.bn2', kind: 'main' },
      { from: 'relu', kind: 'identity' },
    ]);
    expect(inputsOf(presetSpec('resnet20'), 'layer2.0.add')).toEqual([
      { from: 'layer2.0.bn2', kind: 'main' },
      { from: 'layer1.2.relu#2', kind: 'zeropad', pad: { stride: 2, before: 8, after: 8 } },
    ]);
    expect(g.stages.map((s) => s.blocks.map((b) => b.shortcut))).toEqual([
      ['identity', 'identity', 'identity'],
      ['zeropad', 'identity', 'identity'],
      ['zeropad', 'identity', 'identity'],
    ]);
    expect(g.stages[2].blocks[0].reshapes).toBe(true);
  });

  it('option B: the same net with torchvision\'s 1x1 conv + BN projections', () => {
    const spec = { ...presetSpec('resnet20'), shortcut: 'B' as const };
    expect(inputsOf(spec, 'layer3.0.add')[1]).toEqual({ from: 'layer3.0.downsample.1', kind: 'projection' });
    expect(stateDictSchema(expandSpec(spec)).filter((p) => p.key.includes('downsample')).map((p) => p.key)).toHaveLength(12);
  });

  it('plain: no adds and no shortcut edges; each block ends conv, BN, ReLU', () => {
    const g = expandSpec(presetSpec('plain20'));
    expect(g.layers.filter((l) => l.type === 'Add')).toEqual([]);
    expect(g.layers.flatMap((l) => l.inputs).every((i) => i.kind === 'main')).toBe(true);
    expect(g.stages.flatMap((s) => s.blocks).every((b) => b.shortcut === 'none')).toBe(true);
    expect(g.layers.filter((l) => l.name.startsWith('layer2.0.')).map((l) => l.id)).toEqual([
      'layer2.0.conv1', 'layer2.0.bn1', 'layer2.0.relu', 'layer2.0.conv2', 'layer2.0.bn2', 'layer2.0.relu#2',
    ]);
    // The shortcut option does not matter to a plain net.
    expect(analyzeSpec({ ...presetSpec('plain20'), shortcut: 'B' }).params).toBe(analyzeSpec(presetSpec('plain20')).params);
  });

  it('option A and plain have the same state_dict: torchvision keys, none for the shortcuts', () => {
    const keys = (spec: ResNetSpec) => stateDictSchema(expandSpec(spec)).map((p) => [p.key, p.shape]);
    expect(keys(presetSpec('resnet56'))).toEqual(keys(presetSpec('plain56')));
    expect(keys(presetSpec('resnet56')).slice(0, 3)).toEqual([['conv1.weight', [16, 3, 3, 3]], ['bn1.weight', [16]], ['bn1.bias', [16]]]);
    expect(keys(presetSpec('resnet56')).at(-2)).toEqual(['fc.weight', [10, 64]]);
  });

  it('pads ⌊p/2⌋ zero channels before and ⌈p/2⌉ after', () => {
    expect(zeroPadShortcut(16, 32, 2)).toEqual({ stride: 2, before: 8, after: 8 });
    expect(zeroPadShortcut(5, 12, 3)).toEqual({ stride: 3, before: 3, after: 4 });
    expect(zeroPadShortcut(8, 8, 2)).toEqual({ stride: 2, before: 0, after: 0 });
  });

  it('subsamples to the conv\'s own output size at odd sizes and strides 3', () => {
    const spec = { ...presetSpec('resnet20'), input: { channels: 3, height: 33, width: 47 } };
    spec.stages[1].stride = 3;
    const a = analyzeSpec(spec);
    // conv 3x3 pad 1 stride 3: floor((33 - 1) / 3) + 1 = 11 = ceil(33 / 3), as x[:, :, ::3] gives.
    expect(a.byId.get('layer2.0.add')!.outShape).toEqual([32, 11, 16]);
  });
});

describe('validation of the new fields', () => {
  it('defaults to torchvision: option B, residual', () => {
    const r = parseSpec({ block: 'basic', stages: [{ blocks: 2, width: 64 }] });
    expect(r.ok && [r.value.shortcut, r.value.residual]).toEqual(['B', true]);
  });

  it.each([
    [{ shortcut: 'C' }, 'shortcut', 'shortcut option must be one of "A", "B", got "C"'],
    [{ shortcut: 1 }, 'shortcut', 'shortcut option must be one of "A", "B", got 1'],
    [{ residual: 'no' }, 'residual', 'residual must be true or false, got "no"'],
  ])('rejects %j with a clear message', (extra, field, message) => {
    const r = describeModel({ ...presetSpec('resnet20'), ...extra });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map(({ field, message }) => ({ field, message }))).toEqual([{ field, message }]);
  });

  it('refuses option A where a stage narrows (it can only add zero channels); B and plain are fine', () => {
    const narrow = { ...presetSpec('resnet20'), stages: [{ blocks: 1, width: 64, stride: 1 }, { blocks: 1, width: 32, stride: 2 }] };
    const r = describeModel(narrow);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.map(({ field, message }) => ({ field, message }))).toEqual([
        {
          field: 'stages[1].width',
          message: 'stage 2: an option A shortcut cannot go from 64 to 32 channels (it only adds zero channels): widen the stage or use option B',
        },
      ]);
    }
    expect(describeModel({ ...narrow, shortcut: 'B' }).ok).toBe(true);
    expect(describeModel({ ...narrow, residual: false }).ok).toBe(true);
    // The stem counts too: a 32-wide stem into a 16-wide first stage.
    const r2 = describeModel({ ...presetSpec('resnet20'), stem: { kernel: 3, stride: 1, width: 32, maxPool: false } });
    expect(r2.ok ? [] : r2.errors.map((e) => e.field)).toEqual(['stages[0].width']);
  });

  it('allows option A with bottlenecks: every shortcut widens, with zeros and no parameters', () => {
    const b = analyzeSpec(presetSpec('resnet50'));
    const r = describeModel({ ...presetSpec('resnet50'), shortcut: 'A' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const projections = b.layers.filter((l) => l.layer.onShortcut).reduce((n, l) => n + l.params, 0);
    expect(r.value.params).toBe(b.params - projections);
    expect(r.value.byId.get('layer1.0.add')!.layer.inputs[1]).toEqual({ from: 'maxpool', kind: 'zeropad', pad: { stride: 1, before: 96, after: 96 } });
  });

  it('says what differs between variants', () => {
    expect(differences(presetSpec('plain56'), presetSpec('resnet56')).get('layer2')!.map(english)).toEqual(['plain (no shortcuts)']);
    expect(differences({ ...presetSpec('resnet56'), shortcut: 'B' }, presetSpec('resnet56')).get('layer3')!.map(english)).toEqual(['option B shortcuts']);
    expect(differences(presetSpec('resnet56'), presetSpec('resnet56')).size).toBe(0);
  });
});
