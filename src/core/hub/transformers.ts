/**
 * Hugging Face transformers' ResNet (`ResNetConfig` in `configuration_resnet.py`, the modules of
 * `modeling_resnet.py`) into this app's spec, and its `preprocessor_config.json` into the preprocessing.
 *
 * The architecture, as transformers builds it: a 7×7 stride-2 stem of `embedding_size` channels and a 3×3
 * stride-2 max-pool; stages of `depths[i]` layers of `layer_type` ("basic": two 3×3 convolutions;
 * "bottleneck": 1×1 to `hidden_sizes[i] / 4`, 3×3, 1×1 to `hidden_sizes[i]`) whose first layer strides by 2
 * (the first stage only with `downsample_in_first_stage`), on the 3×3 convolution, or on the first 1×1 with
 * `downsample_in_bottleneck` (ResNet v1); a 1×1 convolution + batch norm shortcut where the shape changes;
 * global average pooling and a linear classifier of `num_labels` (the length of `id2label`). That is
 * torchvision's ResNet with other names (`names.ts`), so each config maps to exactly one spec.
 */
import { phrase, type Phrase } from '../phrase';
import type { ResNetSpec } from '../spec';
import { LIMITS, describeModel } from '../validate';
import type { HubReading, HubRefusal } from './model';
import type { Preprocessing } from '../preprocess';
import { PIL_FILTERS, interpolationOf, squashNote, transformersResize } from './preprocessing';
import type { HubRepo } from './repoId';
import { labelList } from './timm';

/** What other transformers model types are, for the refusal. */
const MODEL_TYPES: Record<string, string> = {
  vit: 'a Vision Transformer (ViT)',
  deit: 'a Vision Transformer (DeiT)',
  beit: 'a Vision Transformer (BEiT)',
  dinov2: 'a Vision Transformer (DINOv2)',
  swin: 'a Swin Transformer',
  swinv2: 'a Swin Transformer',
  convnext: 'a ConvNeXt',
  convnextv2: 'a ConvNeXt',
  regnet: 'a RegNet',
  efficientnet: 'an EfficientNet',
  mobilenet_v1: 'a MobileNet',
  mobilenet_v2: 'a MobileNet',
  mobilevit: 'a MobileViT',
  bit: 'a BiT (a pre-activation ResNet with weight standardisation)',
  van: 'a Visual Attention Network',
  levit: 'a LeViT',
  poolformer: 'a PoolFormer',
  cvt: 'a Convolutional vision Transformer (CvT)',
  clip: 'a CLIP model',
};

/** What the app uses when a repository's preprocessing cannot be read: torchvision's classic evaluation transform. */
const IMAGENET_DEFAULT: Preprocessing = { interpolation: 'bilinear', resize: 256, crop: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
/** transformers' IMAGENET_STANDARD_MEAN / _STD, the image processors' defaults. */
const STANDARD: [number, number, number] = [0.5, 0.5, 0.5];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const ints = (v: unknown): number[] | null => (Array.isArray(v) && v.every((x) => Number.isInteger(x) && x > 0) ? (v as number[]) : null);
const triple = (v: unknown, fallback: [number, number, number]): [number, number, number] => {
  if (typeof v === 'number' && Number.isFinite(v)) return [v, v, v];
  return Array.isArray(v) && v.length === 3 && v.every((x) => num(x) !== null) ? (v as [number, number, number]) : fallback;
};
const bool = (v: unknown, fallback: boolean) => (typeof v === 'boolean' ? v : fallback);

const refuse = (what: Phrase, why: Phrase, code: HubRefusal['code']): HubReading => ({ ok: false, refusal: { what, why, code } });

/** transformers' `get_size_dict(size, default_to_square=False)` for the ConvNeXt processor: the shortest edge, if any. */
function shortestEdge(size: unknown): number | null {
  if (Number.isInteger(size)) return size as number;
  if (typeof size === 'object' && size !== null) return num((size as Record<string, unknown>).shortest_edge);
  return null;
}

function sizeDict(size: unknown): { height: number; width: number } | null {
  if (Number.isInteger(size)) return { height: size as number, width: size as number };
  if (typeof size === 'object' && size !== null) {
    const s = size as Record<string, unknown>;
    const h = num(s.height);
    const w = num(s.width);
    if (h && w) return { height: h, width: w };
  }
  return null;
}

/** What a preprocessor_config.json asks for: the preprocessing, its crop_pct (if any) and the input it makes. */
export interface PreprocessorReading {
  preprocessing: Preprocessing;
  cropPct: number | null;
  input: { height: number; width: number };
}

const fallback = (p: Preprocessing): PreprocessorReading => ({ preprocessing: p, cropPct: null, input: { height: p.crop, width: p.crop } });

/** The preprocessing a preprocessor_config.json asks for (ConvNeXt's processor, which transformers' ResNets use, or ViT's). */
export function readPreprocessorConfig(pre: Record<string, unknown> | null, notes: Phrase[]): PreprocessorReading {
  if (!pre) {
    notes.push(phrase('The repository has no preprocessor_config.json; the app uses ImageNet’s usual preprocessing (bilinear, resize 256, crop 224, ImageNet’s mean and std).'));
    return fallback(IMAGENET_DEFAULT);
  }
  const type = String(pre.image_processor_type ?? pre.feature_extractor_type ?? '');
  const resampleCode = num(pre.resample);
  const filter = resampleCode === null ? null : (PIL_FILTERS[resampleCode] ?? String(resampleCode));
  // Rescale then normalise, both folded into a mean and std on [0, 1] pixels.
  const factor = bool(pre.do_rescale, true) ? (num(pre.rescale_factor) ?? 1 / 255) : 1;
  const normalize = bool(pre.do_normalize, true);
  const scale = 255 * factor;
  const toUnit = (v: number) => (Math.abs(scale - 1) < 1e-9 ? v : v / scale);
  const mean = (normalize ? triple(pre.image_mean, STANDARD) : [0, 0, 0]).map(toUnit);
  const std = (normalize ? triple(pre.image_std, STANDARD) : [1, 1, 1]).map(toUnit);
  const stats = { mean: mean as [number, number, number], std: std as [number, number, number], cropOffset: 'floor' as const };
  if (bool(pre.do_resize, true) === false) {
    notes.push(phrase('Its preprocessor does not resize; the app resizes as ImageNet models usually are (bilinear, resize 256, crop 224).'));
    return fallback({ ...IMAGENET_DEFAULT, ...stats });
  }

  if (/^ConvNext(ImageProcessor|ImageProcessorFast|FeatureExtractor)$/.test(type)) {
    const interpolation = interpolationOf(filter, 'bicubic', notes);
    const edge = shortestEdge(pre.size ?? { shortest_edge: 384 });
    if (edge === null) {
      notes.push(phrase('Its preprocessor’s size is not a shortest edge; the app uses ImageNet’s usual preprocessing.'));
      return fallback({ ...IMAGENET_DEFAULT, ...stats });
    }
    const cropPct = num(pre.crop_pct) ?? 224 / 256;
    // From 384 up the processor warps the picture to a square, without a crop.
    if (edge >= 384) {
      notes.push(squashNote(edge));
      return { preprocessing: { interpolation, resize: edge, crop: edge, ...stats }, cropPct: null, input: { height: edge, width: edge } };
    }
    return { preprocessing: { interpolation, resize: transformersResize(edge, cropPct), crop: edge, ...stats }, cropPct, input: { height: edge, width: edge } };
  }
  if (/^ViT(ImageProcessor|ImageProcessorFast|FeatureExtractor)$/.test(type)) {
    const interpolation = interpolationOf(filter, 'bilinear', notes);
    const s = sizeDict(pre.size) ?? { height: 224, width: 224 };
    const side = Math.min(s.height, s.width);
    notes.push(squashNote(side));
    return { preprocessing: { interpolation, resize: side, crop: side, ...stats }, cropPct: null, input: s };
  }
  // BiT's and CLIP's processors (also used for ResNets): shortest edge, then a centre crop of crop_size.
  const edge = shortestEdge(pre.size);
  const crop = sizeDict(pre.crop_size);
  if (edge !== null && crop && bool(pre.do_center_crop, true)) {
    const interpolation = interpolationOf(filter, 'bicubic', notes);
    return { preprocessing: { interpolation, resize: edge, crop: Math.min(crop.height, crop.width), ...stats }, cropPct: null, input: crop };
  }
  notes.push(phrase('Its preprocessor ({type}) is not one the app reads; it uses ImageNet’s usual preprocessing.', { type: type || '?' }));
  return fallback(IMAGENET_DEFAULT);
}

/** Reads a transformers config.json (and its preprocessor_config.json, or null when the repository has none). */
export function readTransformersConfig(repo: HubRepo, config: Record<string, unknown>, pre: Record<string, unknown> | null): HubReading {
  const modelType = typeof config.model_type === 'string' ? config.model_type : '';
  const architectures = Array.isArray(config.architectures) ? config.architectures.filter((a): a is string => typeof a === 'string') : [];
  const cls = architectures[0] ?? modelType;
  const what = phrase('transformers’ {cls}', { cls: cls || '?' });
  if (modelType !== 'resnet') {
    const kind = MODEL_TYPES[modelType];
    return refuse(
      kind ? phrase('{kind} (transformers’ {cls})', { kind: phrase(kind), cls: cls || modelType }) : what,
      phrase('it is not a ResNet: the app builds transformers’ ResNetForImageClassification (model_type “resnet”)'),
      'not-resnet',
    );
  }
  if (architectures.length && !architectures.includes('ResNetForImageClassification')) {
    return refuse(what, phrase('it is a ResNet without its classifier (the app builds ResNetForImageClassification, whose weights include the classifier)'), 'head');
  }
  const layerType = config.layer_type ?? 'bottleneck';
  if (layerType !== 'basic' && layerType !== 'bottleneck') return refuse(what, phrase('its layer_type “{type}” is neither basic nor bottleneck', { type: String(layerType) }), 'config');
  const act = config.hidden_act ?? 'relu';
  if (act !== 'relu') return refuse(what, phrase('it uses the activation “{act}” where torchvision’s ResNet uses ReLU', { act: String(act) }), 'layout');
  const depths = ints(config.depths ?? [3, 4, 6, 3]);
  const hidden = ints(config.hidden_sizes ?? [256, 512, 1024, 2048]);
  if (!depths || !hidden || depths.length !== hidden.length || depths.length < LIMITS.stages.min || depths.length > LIMITS.stages.max) {
    return refuse(what, phrase('its depths and hidden_sizes are not two lists of positive whole numbers of the same length (1 to {max})', { max: LIMITS.stages.max }), 'config');
  }
  const bottleneck = layerType === 'bottleneck';
  if (bottleneck && hidden.some((h) => h % 4 !== 0)) {
    return refuse(what, phrase('a bottleneck’s hidden size must be a multiple of 4 (it reduces to a quarter of it), and {sizes} are not all', { sizes: hidden.join(', ') }), 'layout');
  }
  const embedding = config.embedding_size ?? 64;
  const channels = config.num_channels ?? 3;
  if (!Number.isInteger(embedding) || !Number.isInteger(channels)) return refuse(what, phrase('its embedding_size or num_channels is not a whole number'), 'config');
  const id2label = config.id2label;
  const numLabels =
    num(config.num_labels) ?? (typeof id2label === 'object' && id2label !== null ? Object.keys(id2label).length : null) ?? 2;
  if (numLabels === 0) return refuse(what, phrase('it has no classifier (no labels): it is a feature extractor'), 'head');

  const notes: Phrase[] = [];
  const { preprocessing, cropPct, input } = readPreprocessorConfig(pre, notes);
  const spec: ResNetSpec = {
    input: { channels: channels as number, ...input },
    stem: { kernel: 7, stride: 2, width: embedding as number, maxPool: true },
    block: layerType,
    stages: depths.map((blocks, i) => ({
      blocks,
      width: bottleneck ? hidden[i] / 4 : hidden[i],
      stride: i === 0 ? (bool(config.downsample_in_first_stage, false) ? 2 : 1) : 2,
    })),
    groups: 1,
    widthPerGroup: 64,
    stridePlacement: bottleneck && bool(config.downsample_in_bottleneck, false) ? 'v1' : 'v1.5',
    shortcut: 'B',
    residual: true,
    numClasses: numLabels,
  };
  const checked = describeModel(spec);
  if (!checked.ok) return refuse(what, phrase('{problems}', { problems: checked.errors[0].phrase }), 'limits');
  return {
    ok: true,
    model: {
      repo,
      library: 'transformers',
      architecture: cls,
      tag: null,
      spec: checked.value.graph.spec,
      preprocessing,
      cropPct,
      naming: 'transformers',
      labels: labelList(id2label, numLabels),
      notes,
    },
  };
}
