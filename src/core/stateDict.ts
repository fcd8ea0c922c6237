/**
 * torchvision's state_dict for a model: every key in registration order with its shape, and the reverse:
 * which architecture a state_dict's shapes describe.
 */
import { BLOCK_TYPES, BLOCK_TYPE_NAMES, PROJECTION, lastConv } from './blocks';
import { expandSpec, type LayerGraph } from './graph';
import { torchvisionKey } from './hub/names';
import { parseSpec, specError, type Result, type SpecError } from './validate';
import { CIFAR_INPUT, CIFAR_STEM } from './presets';
import type { ResNetSpec } from './spec';

export type ParamRole = 'conv' | 'bn.weight' | 'bn.bias' | 'bn.running_mean' | 'bn.running_var' | 'bn.num_batches_tracked' | 'fc.weight' | 'fc.bias';

export interface ParamSpec {
  key: string;
  /** The layer (module) it belongs to. */
  layer: string;
  role: ParamRole;
  /** PyTorch's shape: OIHW for convs, [out, in] for the linear layer. */
  shape: number[];
  dtype: 'F32' | 'I64';
}

export function stateDictSchema(graph: LayerGraph): ParamSpec[] {
  const out: ParamSpec[] = [];
  const seen = new Set<string>();
  for (const l of graph.layers) {
    if (seen.has(l.name)) continue;
    seen.add(l.name);
    const p = (suffix: string, role: ParamRole, shape: number[], dtype: 'F32' | 'I64' = 'F32') =>
      out.push({ key: `${l.name}.${suffix}`, layer: l.name, role, shape, dtype });
    if (l.type === 'Conv2d') p('weight', 'conv', [l.outChannels, l.inChannels / (l.groups ?? 1), l.kernel!, l.kernel!]);
    else if (l.type === 'BatchNorm2d') {
      p('weight', 'bn.weight', [l.outChannels]);
      p('bias', 'bn.bias', [l.outChannels]);
      p('running_mean', 'bn.running_mean', [l.outChannels]);
      p('running_var', 'bn.running_var', [l.outChannels]);
      p('num_batches_tracked', 'bn.num_batches_tracked', [], 'I64');
    } else if (l.type === 'Linear') {
      p('weight', 'fc.weight', [l.outChannels, l.inChannels]);
      p('bias', 'fc.bias', [l.outChannels]);
    }
  }
  return out;
}

/**
 * A weights file's key as torchvision names it: DataParallel's `module.` prefix stripped, as torchvision users
 * often have to, and Hugging Face transformers' names mapped to torchvision's (`hub/names.ts`).
 */
export function normalizeKey(key: string): string {
  return torchvisionKey(key);
}

/**
 * The architecture a state_dict's shapes describe, or why they describe none. What weights cannot tell
 * (strides, max-pool, stride placement, input size) is taken from `base`, except that a 3x3 stem on a base
 * without one is taken to be the CIFAR stem (stride 1, no max-pool, 32x32 input). Shortcuts: `downsample`
 * keys where a block reshapes mean option B; none there mean option A or a plain net, which weights cannot
 * tell apart (`residual` is then the base's); with no reshaping block both are the base's.
 */
export function inferSpec(shapes: Map<string, number[]>, base: ResNetSpec): Result<ResNetSpec> {
  const errors: SpecError[] = [];
  const get = (k: string) => shapes.get(k);
  const conv1 = get('conv1.weight');
  const fc = get('fc.weight');
  if (!conv1 || conv1.length !== 4) errors.push(specError('conv1.weight', 'no stem convolution ({key}) in the file', { key: 'conv1.weight' }));
  if (!fc || fc.length !== 2) errors.push(specError('fc.weight', 'no classifier ({key}) in the file', { key: 'fc.weight' }));
  const stageBlocks: number[] = [];
  for (let s = 1; get(`layer${s}.0.conv1.weight`); s++) {
    let b = 0;
    while (get(`layer${s}.${b}.conv1.weight`)) b++;
    stageBlocks.push(b);
  }
  if (stageBlocks.length === 0) errors.push(specError('layer1', 'no residual stages ({key}) in the file', { key: 'layer1.0.conv1.weight' }));
  if (errors.length) return { ok: false, errors };

  // The block type whose every convolution is in layer1.0, the one with the most convolutions first.
  const blockType = BLOCK_TYPE_NAMES.map((t) => BLOCK_TYPES[t])
    .sort((a, b) => b.convs.length - a.convs.length)
    .find((t) => t.convs.every((c) => get(`layer1.0.${c.name}.weight`)));
  if (!blockType) {
    const known = BLOCK_TYPE_NAMES.map((t) => `${BLOCK_TYPES[t].typeName} (${BLOCK_TYPES[t].convs.map((c) => c.name).join(', ')})`).join(' nor a ');
    return { ok: false, errors: [specError('layer1.0', 'layer1.0 has the convolutions of neither a {known}', { known })] };
  }
  const stages: ResNetSpec['stages'] = [];
  for (const [i, blocks] of stageBlocks.entries()) {
    const key = `layer${i + 1}.0.${lastConv(blockType).name}.weight`;
    const last = get(key);
    if (!last || last.length !== 4) return { ok: false, errors: [specError(key, 'no {key} in the file, which a {type} has', { key, type: blockType.typeName })] };
    stages.push({ blocks, width: Math.floor(last[0] / blockType.expansion), stride: base.stages[i]?.stride ?? (i === 0 ? 1 : 2) });
  }
  let groups = 1;
  let widthPerGroup = 64;
  const grouped = blockType.convs.find((c) => c.grouped);
  if (grouped) {
    // [out, in / groups, k, k]: out is the inner width, out / groups = planes * widthPerGroup / 64.
    const w = get(`layer1.0.${grouped.name}.weight`)!;
    groups = Math.max(1, Math.round(w[0] / w[1]));
    widthPerGroup = Math.round(((w[0] / groups) * 64) / stages[0].width);
  }
  const cifarStem = conv1![2] === CIFAR_STEM.kernel && base.stem.kernel !== CIFAR_STEM.kernel;
  const layers = parseSpec({
    input: { ...(cifarStem ? CIFAR_INPUT : base.input), channels: conv1![1] },
    stem: { ...(cifarStem ? CIFAR_STEM : base.stem), kernel: conv1![2], width: conv1![0] },
    block: blockType.type,
    stages,
    groups,
    widthPerGroup,
    stridePlacement: base.stridePlacement,
    numClasses: fc![0],
  });
  if (!layers.ok) return layers;
  // The shortcuts, from the blocks that reshape (as the graph decides it) and their downsample keys.
  const reshaping = expandSpec(layers.value).stages.flatMap((s) => s.blocks.filter((b) => b.reshapes));
  const projected = reshaping.some((b) => get(`${b.name}.${PROJECTION.conv}.weight`) !== undefined);
  return parseSpec({
    ...layers.value,
    shortcut: reshaping.length === 0 ? base.shortcut : projected ? 'B' : 'A',
    residual: projected || base.residual,
  });
}
