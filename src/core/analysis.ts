/**
 * Per-layer analysis of a layer graph: output shape as PyTorch computes it (floor arithmetic, max-pool without
 * ceil mode), parameters, multiply-accumulates as torchvision counts them (conv and linear only), activation
 * size and receptive field.
 */
import { INPUT_ID, expandSpec, type Layer, type LayerGraph } from './graph';
import type { ResNetSpec } from './spec';
import { english, phrase, type Phrase } from './phrase';

/** `[C, H, W]` for feature maps, `[classes]` after the linear layer. */
export type Shape = number[];

export interface LayerStats {
  layer: Layer;
  inShape: Shape;
  outShape: Shape;
  params: number;
  macs: number;
  /** Output elements per image. */
  activations: number;
  /** Receptive field in input pixels (square kernels: one number) and the distance between outputs. */
  receptiveField: number;
  jump: number;
}

export interface ShapeProblem {
  layer: string;
  /** In English. */
  message: string;
  /** The same as a template and its values, for the UI to translate. */
  phrase: Phrase;
}

/**
 * What a part of the network hands on, computed once (like timm's `feature_info`): the stem's output, or a
 * stage's (its last block's final ReLU).
 */
export interface FeatureInfo {
  /** `stem`, or the stage's module name (`layer3`). */
  name: string;
  /** The layer whose output it is. */
  outputId: string;
  channels: number;
  /** The stride this part applies itself: the stem's conv and max-pool, a stage's first block. */
  stride: number;
  /** Input pixels between neighbouring outputs: the product of every stride so far (timm's `reduction`). */
  reduction: number;
  outShape: Shape;
}

export interface ModelAnalysis {
  graph: LayerGraph;
  /** The stem's output, and each stage's (`stages[i]` is `graph.stages[i]`'s). */
  stem: FeatureInfo;
  stages: FeatureInfo[];
  layers: LayerStats[];
  byId: Map<string, LayerStats>;
  params: number;
  macs: number;
  /** Conv and linear layers on the main path: 50 for ResNet-50. */
  depth: number;
  /** fp32 bytes of all parameters. */
  weightBytes: number;
  /** Sum of every layer's output elements at batch 1 (what a forward pass writes). */
  activations: number;
  output: Shape;
  /** Layers whose output would be empty at this input size. */
  problems: ShapeProblem[];
}

/** PyTorch's output size of a conv or pool along one axis. */
export function convOutSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1;
}

const product = (shape: Shape) => shape.reduce((a, b) => a * b, 1);

export function formatShape(shape: Shape): string {
  return shape.join('×');
}

function paramsOf(l: Layer): number {
  switch (l.type) {
    case 'Conv2d':
      return l.outChannels * (l.inChannels / (l.groups ?? 1)) * (l.kernel ?? 1) ** 2;
    case 'BatchNorm2d':
      return 2 * l.outChannels;
    case 'Linear':
      return l.inChannels * l.outChannels + l.outChannels;
    default:
      return 0;
  }
}

function macsOf(l: Layer, out: Shape): number {
  if (l.type === 'Conv2d') return product(out) * (l.inChannels / (l.groups ?? 1)) * (l.kernel ?? 1) ** 2;
  if (l.type === 'Linear') return l.inChannels * l.outChannels;
  return 0;
}

function outShapeOf(l: Layer, input: Shape): Shape {
  const [, h, w] = input;
  switch (l.type) {
    case 'Conv2d':
    case 'MaxPool2d': {
      const k = l.kernel ?? 1;
      const s = l.stride ?? 1;
      const p = l.padding ?? 0;
      return [l.outChannels, convOutSize(h, k, s, p), convOutSize(w, k, s, p)];
    }
    case 'AdaptiveAvgPool2d':
      return [l.outChannels, 1, 1];
    case 'Linear':
      return [l.outChannels];
    default:
      return [l.outChannels, h, w];
  }
}

export function analyzeGraph(graph: LayerGraph): ModelAnalysis {
  const { input } = graph.spec;
  const inputStats = {
    outShape: [input.channels, input.height, input.width],
    receptiveField: 1,
    jump: 1,
  };
  const byId = new Map<string, LayerStats>();
  const source = (id: string) => (id === INPUT_ID ? inputStats : byId.get(id)!);
  const problems: ShapeProblem[] = [];
  const layers: LayerStats[] = [];

  for (const layer of graph.layers) {
    const ins = layer.inputs.map((i) => source(i.from));
    const first = ins[0];
    const outShape = outShapeOf(layer, first.outShape);
    if (outShape.some((d) => !(d > 0)) && !problems.some((p) => p.layer === layer.name)) {
      const [, h, w] = first.outShape;
      const p = phrase('{name} ({type}, kernel {kernel}, stride {stride}) gets a {h}×{w} input and would output {out}: make the input larger or downsample less', {
        name: layer.name,
        type: layer.type,
        kernel: layer.kernel ?? 1,
        stride: layer.stride ?? 1,
        h,
        w,
        out: formatShape(outShape.slice(1)),
      });
      problems.push({ layer: layer.name, message: english(p), phrase: p });
    }
    // Receptive field: a k-kernel adds (k - 1) input steps; an add sees the wider of its two branches.
    const rfIn = Math.max(...ins.map((i) => i.receptiveField));
    const jumpIn = first.jump;
    let receptiveField = rfIn;
    let jump = jumpIn;
    if (layer.type === 'Conv2d' || layer.type === 'MaxPool2d') {
      receptiveField = rfIn + ((layer.kernel ?? 1) - 1) * jumpIn;
      jump = jumpIn * (layer.stride ?? 1);
    } else if (layer.type === 'AdaptiveAvgPool2d') {
      const [, h, w] = first.outShape;
      receptiveField = rfIn + (Math.max(h, w) - 1) * jumpIn;
      jump = jumpIn * Math.max(h, w);
    }
    const stats: LayerStats = {
      layer,
      inShape: first.outShape,
      outShape,
      params: paramsOf(layer),
      macs: macsOf(layer, outShape),
      activations: product(outShape),
      receptiveField,
      jump,
    };
    layers.push(stats);
    byId.set(layer.id, stats);
  }

  const params = layers.reduce((a, l) => a + l.params, 0);
  let reduction = 1;
  const feature = (name: string, outputId: string): FeatureInfo => {
    const out = byId.get(outputId)!;
    const stride = out.jump / reduction;
    reduction = out.jump;
    return { name, outputId, channels: out.layer.outChannels, stride, reduction, outShape: out.outShape };
  };
  const stem = feature('stem', layers.filter((l) => l.layer.part.kind === 'stem').at(-1)!.layer.id);
  const stages = graph.stages.map((s) => feature(s.name, s.blocks[s.blocks.length - 1].outputId));
  return {
    graph,
    stem,
    stages,
    layers,
    byId,
    params,
    macs: layers.reduce((a, l) => a + l.macs, 0),
    depth: layers.filter((l) => (l.layer.type === 'Conv2d' || l.layer.type === 'Linear') && !l.layer.onShortcut).length,
    weightBytes: params * 4,
    activations: layers.reduce((a, l) => a + l.activations, 0),
    output: layers[layers.length - 1].outShape,
    problems,
  };
}

export interface GroupTotals {
  name: string;
  params: number;
  macs: number;
}

/** Parameters and MACs per part: stem, each stage, head. */
export function totalsByPart(a: ModelAnalysis): GroupTotals[] {
  const groups = new Map<string, GroupTotals>();
  for (const l of a.layers) {
    const p = l.layer.part;
    const name = p.kind === 'body' ? a.graph.stages[p.stage].name : p.kind;
    const g = groups.get(name) ?? { name, params: 0, macs: 0 };
    g.params += l.params;
    g.macs += l.macs;
    groups.set(name, g);
  }
  return [...groups.values()];
}

/** The stem's and each stage's output layer, with the part's name (`stem`, `layer1`, …). */
export function featureOutputs(a: ModelAnalysis): Map<string, string> {
  return new Map([a.stem, ...a.stages].map((f) => [f.outputId, f.name]));
}

/** The analysis of a spec, straight from the spec. The spec must be valid; see `describeModel`. */
export function analyzeSpec(spec: ResNetSpec): ModelAnalysis {
  return analyzeGraph(expandSpec(spec));
}
