/**
 * Hugging Face transformers' parameter names for a ResNet (`ResNetForImageClassification`, read from
 * transformers' `modeling_resnet.py`) against torchvision's, module by module, stated once. Loading reads it
 * (a transformers state_dict loads as the torchvision one it is), the PyTorch export prints it, and the layer
 * view shows each layer's other name. A parameter keeps its last part (`weight`, `bias`, `running_mean`,
 * `running_var`, `num_batches_tracked`, which stays optional as for torchvision files).
 *
 * transformers' modules: `resnet.embedder.embedder` is the stem's ResNetConvLayer (convolution, normalization);
 * `resnet.encoder.stages.{s}.layers.{b}` a block, whose `layer` is an nn.Sequential of ResNetConvLayers (two in
 * a basic block, three in a bottleneck) and whose `shortcut` is the 1x1 projection (a ResNetShortCut) where
 * the shape changes; `classifier` is nn.Sequential(nn.Flatten(), nn.Linear), so the linear layer is `classifier.1`.
 */

/**
 * The table. In a template `{stage}`, `{block}` and `{conv}` are indices; `+1` marks torchvision's names,
 * which count stages (`layer1`) and convolutions (`conv1`) from one where transformers counts from zero.
 */
export const TRANSFORMERS_NAMES: readonly { torchvision: string; transformers: string }[] = [
  { torchvision: 'conv1', transformers: 'resnet.embedder.embedder.convolution' },
  { torchvision: 'bn1', transformers: 'resnet.embedder.embedder.normalization' },
  { torchvision: 'layer{stage+1}.{block}.conv{conv+1}', transformers: 'resnet.encoder.stages.{stage}.layers.{block}.layer.{conv}.convolution' },
  { torchvision: 'layer{stage+1}.{block}.bn{conv+1}', transformers: 'resnet.encoder.stages.{stage}.layers.{block}.layer.{conv}.normalization' },
  { torchvision: 'layer{stage+1}.{block}.downsample.0', transformers: 'resnet.encoder.stages.{stage}.layers.{block}.shortcut.convolution' },
  { torchvision: 'layer{stage+1}.{block}.downsample.1', transformers: 'resnet.encoder.stages.{stage}.layers.{block}.shortcut.normalization' },
  { torchvision: 'fc', transformers: 'classifier.1' },
];

export type Naming = 'torchvision' | 'transformers';

interface Compiled {
  pattern: RegExp;
  /** Slot names in order, with the offset this side adds to the zero-based index. */
  slots: { name: string; offset: number }[];
  format: (values: Record<string, number>) => string;
}

function compile(template: string): Compiled {
  const slots: { name: string; offset: number }[] = [];
  const source = template
    .split(/(\{\w+(?:\+1)?\})/)
    .map((part) => {
      const m = /^\{(\w+)(\+1)?\}$/.exec(part);
      if (!m) return part.replace(/[.]/g, '\\.');
      slots.push({ name: m[1], offset: m[2] ? 1 : 0 });
      // No leading zeros: `layer01` is no layer.
      return '(0|[1-9][0-9]{0,5})';
    })
    .join('');
  return {
    pattern: new RegExp(`^${source}$`),
    slots,
    format: (values) => template.replace(/\{(\w+)(\+1)?\}/g, (_, name: string, plus?: string) => String(values[name] + (plus ? 1 : 0))),
  };
}

const RULES = TRANSFORMERS_NAMES.map((r) => ({ torchvision: compile(r.torchvision), transformers: compile(r.transformers) }));

/** A module's name in the other library, or null when the table has no such module. */
function translateModule(module: string, from: Naming, to: Naming): string | null {
  for (const rule of RULES) {
    const m = rule[from].pattern.exec(module);
    if (!m) continue;
    const values: Record<string, number> = {};
    let ok = true;
    rule[from].slots.forEach((slot, i) => {
      const v = Number(m[i + 1]) - slot.offset;
      if (v < 0) ok = false;
      values[slot.name] = v;
    });
    if (ok) return rule[to].format(values);
  }
  return null;
}

function splitKey(key: string): [string, string] | null {
  const dot = key.lastIndexOf('.');
  return dot > 0 ? [key.slice(0, dot), key.slice(dot + 1)] : null;
}

/** A torchvision state_dict key (`layer1.0.conv2.weight`) as transformers names it, or null. */
export function toTransformers(key: string): string | null {
  const parts = splitKey(key);
  const module = parts && translateModule(parts[0], 'torchvision', 'transformers');
  return module ? `${module}.${parts![1]}` : null;
}

/** A transformers state_dict key as torchvision names it, or null when it is not one of the table's. */
export function toTorchvision(key: string): string | null {
  const parts = splitKey(key);
  const module = parts && translateModule(parts[0], 'transformers', 'torchvision');
  return module ? `${module}.${parts![1]}` : null;
}

/** A torchvision module's (layer's) transformers name, or null (layers without parameters have none). */
export function transformersModuleName(layer: string): string | null {
  return translateModule(layer, 'torchvision', 'transformers');
}

/**
 * Any key as the app's model names it: DataParallel's `module.` prefix stripped, transformers' names turned into
 * torchvision's; other keys unchanged (so they are reported as unexpected, as they are).
 */
export function torchvisionKey(key: string): string {
  const k = key.startsWith('module.') ? key.slice('module.'.length) : key;
  return toTorchvision(k) ?? k;
}
