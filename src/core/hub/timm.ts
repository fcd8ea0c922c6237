/**
 * timm's `config.json` (written by timm's `save_config_for_hf`: `architecture`, `num_classes`, `num_features`,
 * `global_pool`, `model_args`, and the `pretrained_cfg` of the weights) into this app's spec and preprocessing.
 * Only the architectures whose modules are exactly torchvision's are built (timm's `resnet.py` with its
 * defaults: a 7×7 stem of 64, max-pool, `layer1…4` of BasicBlock or Bottleneck with torchvision's 1×1
 * projection `downsample`, `fc`); the variants that change a module (deep stems, average-pool shortcuts,
 * attention, anti-aliasing, other norms) are refused with what they change.
 */
import { phrase, type Phrase } from '../phrase';
import type { BlockType, ResNetSpec } from '../spec';
import { describeModel } from '../validate';
import type { HubReading, HubRefusal } from './model';
import type { Preprocessing } from '../preprocess';
import { interpolationOf, squashNote, timmResize } from './preprocessing';
import type { HubRepo } from './repoId';

interface Layout {
  block: BlockType;
  blocks: [number, number, number, number];
  groups: number;
  widthPerGroup: number;
}

const basic = (blocks: Layout['blocks']): Layout => ({ block: 'basic', blocks, groups: 1, widthPerGroup: 64 });
const bottleneck = (blocks: Layout['blocks'], groups = 1, widthPerGroup = 64): Layout => ({ block: 'bottleneck', blocks, groups, widthPerGroup });
const R50 = [3, 4, 6, 3] as Layout['blocks'];
const R101 = [3, 4, 23, 3] as Layout['blocks'];

/** timm's architectures with torchvision's layout (timm's `resnet.py`: `model_args` of each entry point). */
export const TIMM_TORCHVISION_LAYOUT: Readonly<Record<string, Layout>> = {
  resnet18: basic([2, 2, 2, 2]),
  resnet34: basic([3, 4, 6, 3]),
  resnet26: bottleneck([2, 2, 2, 2]),
  resnet50: bottleneck(R50),
  resnet101: bottleneck(R101),
  resnet152: bottleneck([3, 8, 36, 3]),
  resnet200: bottleneck([3, 24, 36, 3]),
  wide_resnet50_2: bottleneck(R50, 1, 128),
  wide_resnet101_2: bottleneck(R101, 1, 128),
  resnext50_32x4d: bottleneck(R50, 32, 4),
  resnext101_32x4d: bottleneck(R101, 32, 4),
  resnext101_32x8d: bottleneck(R101, 32, 8),
  resnext101_32x16d: bottleneck(R101, 32, 16),
  resnext101_32x32d: bottleneck(R101, 32, 32),
  resnext101_64x4d: bottleneck(R101, 64, 4),
};

const DEEP_STEM = 'a deep stem (three 3×3 convolutions where torchvision has one 7×7)';
const AVG_DOWN = 'an average pool before each 1×1 projection shortcut';

/** What a timm architecture changes from torchvision's modules, for the ones this app does not build. */
function whyNot(arch: string): Phrase {
  const a = arch.toLowerCase();
  if (/^resnet\d+[cs]$/.test(a)) return phrase('it has {stem}', { stem: phrase(DEEP_STEM) });
  if (/^resnet\d+(d|t|tn)$/.test(a) || /^resnext\d+d_\d+x\d+d$/.test(a)) return phrase('it has {stem} and {avg}', { stem: phrase(DEEP_STEM), avg: phrase(AVG_DOWN) });
  if (/^resnetrs/.test(a)) return phrase('ResNet-RS has a deep stem, squeeze-and-excitation in every block and average-pool shortcuts');
  if (/^(se)?resne(t|xt)aa|^resnetblur/.test(a)) return phrase('it downsamples with anti-aliasing (a blur or average pool at each stride)');
  if (/^seresne|^senet/.test(a)) return phrase('it has squeeze-and-excitation modules in every block');
  if (/^ecaresne/.test(a)) return phrase('it has efficient channel attention (ECA) in every block');
  if (/_gn$/.test(a)) return phrase('it normalises with group norm where torchvision has batch norm');
  if (/^resnetv2/.test(a)) return phrase('it is a pre-activation ResNet (v2): batch norm and ReLU come before each convolution');
  if (/^skresne/.test(a)) return phrase('it has selective-kernel convolutions');
  if (/^resnest/.test(a)) return phrase('it has split-attention blocks (ResNeSt)');
  if (/resne[tx]/.test(a)) return phrase('its modules differ from torchvision’s ResNet (it is not one of timm’s ResNets with torchvision’s layout)');
  if (/^(vit|deit|beit|eva|cait|swin|xcit|pvt|flexivit|mvitv2|maxvit|coat|crossvit|levit|tnt|twins|volo|samvit|hiera)/.test(a)) {
    return phrase('it is a vision transformer, not a convolutional ResNet');
  }
  return phrase('it is not a ResNet');
}

const SUPPORTED_LIST = Object.keys(TIMM_TORCHVISION_LAYOUT).join(', ');

/** Model arguments that change nothing at inference (training-only regularisation) or that the spec carries. */
const HARMLESS_ARGS = new Set(['drop_rate', 'drop_path_rate', 'drop_block_rate', 'zero_init_last', 'in_chans', 'num_classes']);

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const triple = (v: unknown): [number, number, number] | null =>
  Array.isArray(v) && v.length === 3 && v.every((x) => num(x) !== null) ? (v as [number, number, number]) : null;

const refusal = (what: Phrase, why: Phrase, code: HubRefusal['code']): HubReading => ({ ok: false, refusal: { what, why, code } });

/** Reads timm's config.json (both the current form and the older single dict timm's `_parse_model_cfg` accepts). */
export function readTimmConfig(repo: HubRepo, config: Record<string, unknown>): HubReading {
  const arch = typeof config.architecture === 'string' ? config.architecture : '';
  const what = phrase('timm’s {arch}', { arch: arch || '?' });
  // Legacy: one dict, the pretrained cfg at the top level.
  const cfg = (typeof config.pretrained_cfg === 'object' && config.pretrained_cfg !== null ? config.pretrained_cfg : config) as Record<string, unknown>;
  const layout = TIMM_TORCHVISION_LAYOUT[arch];
  if (!layout) {
    return refusal(what, phrase('{why}. The app builds timm’s ResNets whose modules are torchvision’s: {list}', { why: whyNot(arch), list: SUPPORTED_LIST }), /resne[tx]|senet/i.test(arch) ? 'layout' : 'not-resnet');
  }
  const args = (typeof config.model_args === 'object' && config.model_args !== null ? config.model_args : {}) as Record<string, unknown>;
  const unknownArgs = Object.keys(args).filter((k) => !HARMLESS_ARGS.has(k));
  if (unknownArgs.length) {
    return refusal(what, phrase('its config.json builds it with arguments that change its modules ({args}), which the app does not follow', { args: unknownArgs.join(', ') }), 'layout');
  }
  if (config.global_pool !== undefined && config.global_pool !== 'avg') {
    return refusal(what, phrase('it pools with “{pool}” where torchvision averages', { pool: String(config.global_pool) }), 'layout');
  }
  const numClasses = num(config.num_classes) ?? num(cfg.num_classes) ?? 1000;
  if (numClasses === 0) return refusal(what, phrase('it has no classifier (num_classes is 0): it is a feature extractor'), 'head');

  const size = triple(cfg.input_size) ?? [num(args.in_chans) ?? 3, 224, 224];
  const notes: Phrase[] = [];
  const interpolation = interpolationOf(typeof cfg.interpolation === 'string' ? cfg.interpolation : null, 'bicubic', notes);
  const cropPct = num(cfg.crop_pct) ?? 0.875;
  const [, height, width] = size;
  const crop = Math.min(height, width);
  const mode = typeof cfg.crop_mode === 'string' ? cfg.crop_mode : 'center';
  // crop_mode "squash" resizes both sides to floor(size / crop_pct) before the crop; "border" pads a letterbox.
  if (mode === 'squash') notes.push(squashNote(timmResize(crop, cropPct)));
  else if (mode !== 'center') notes.push(phrase('It asks for the crop mode “{mode}”; the app crops the centre.', { mode }));
  const preprocessing: Preprocessing = {
    interpolation,
    resize: timmResize(crop, cropPct),
    crop,
    mean: triple(cfg.mean) ?? [0.485, 0.456, 0.406],
    std: triple(cfg.std) ?? [0.229, 0.224, 0.225],
  };

  const spec: ResNetSpec = {
    input: { channels: size[0], height, width },
    stem: { kernel: 7, stride: 2, width: 64, maxPool: true },
    block: layout.block,
    stages: layout.blocks.map((blocks, i) => ({ blocks, width: 64 << i, stride: i === 0 ? 1 : 2 })),
    groups: layout.groups,
    widthPerGroup: layout.widthPerGroup,
    stridePlacement: 'v1.5',
    shortcut: 'B',
    residual: true,
    numClasses,
  };
  const checked = describeModel(spec);
  if (!checked.ok) return refusal(what, phrase('{problems}', { problems: checked.errors[0].phrase }), 'limits');
  const labels = labelList(cfg.label_names ?? config.label_names, numClasses);
  const tag = typeof cfg.tag === 'string' ? cfg.tag : repo.name.startsWith(`${arch}.`) ? repo.name.slice(arch.length + 1) : null;
  return {
    ok: true,
    model: {
      repo,
      library: 'timm',
      architecture: arch,
      tag,
      spec: checked.value.graph.spec,
      preprocessing,
      cropPct,
      naming: 'torchvision',
      labels,
      notes,
    },
  };
}

/** Class names from a list, or from a dict of index → name, when there is one for every class. */
export function labelList(v: unknown, n: number): string[] | null {
  if (Array.isArray(v)) return v.length === n && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  if (typeof v === 'object' && v !== null) {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const name = (v as Record<string, unknown>)[String(i)];
      if (typeof name !== 'string') return null;
      out.push(name);
    }
    return out;
  }
  return null;
}

