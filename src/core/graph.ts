/**
 * Expansion of a spec into a graph of layers named exactly like torchvision's modules, in the order
 * torchvision's `forward` calls them. Channels are known here; spatial sizes come from `analysis.ts`.
 */
import { BLOCK_TYPES, PROJECTION, SHORTCUT_OPTIONS, convWidths, type ShortcutKind } from './blocks';
import { zeroPadShortcut, type ResNetSpec, type ZeroPadShortcut } from './spec';

/** torchvision's module class names, plus `Add` for the residual sum (`out += identity`). */
export type LayerType = 'Conv2d' | 'BatchNorm2d' | 'ReLU' | 'MaxPool2d' | 'Add' | 'AdaptiveAvgPool2d' | 'Linear';

export type LayerPart =
  | { kind: 'stem' }
  | { kind: 'body'; stage: number; block: number }
  | { kind: 'head' };

/**
 * How a layer's input arrives: along the main path, or as a block's skip connection: the identity, into and
 * out of a projection (option B), or parameter-free with subsampling and zero channels (option A).
 */
export type EdgeKind = 'main' | 'identity' | 'projection' | 'zeropad';

export interface LayerInput {
  from: string;
  kind: EdgeKind;
  /** On a `zeropad` edge: what the add does to the block input before summing. */
  pad?: ZeroPadShortcut;
}

export interface Layer {
  /** Unique id: the module name, with `#2`, `#3` for later calls of a reused module (torchvision's ReLUs). */
  id: string;
  /** torchvision's module name, the state_dict prefix (`layer2.0.downsample.0`). */
  name: string;
  type: LayerType;
  part: LayerPart;
  /** Layers of a projection shortcut (the downsample conv and BN) sit off the main path. */
  onShortcut: boolean;
  inputs: LayerInput[];
  inChannels: number;
  outChannels: number;
  kernel?: number;
  stride?: number;
  padding?: number;
  groups?: number;
}

export interface BlockInfo {
  /** Module name, e.g. `layer3.5`. */
  name: string;
  stage: number;
  index: number;
  type: ResNetSpec['block'];
  inChannels: number;
  outChannels: number;
  /** The bottleneck's inner width (equal to `outChannels` for a basic block). */
  innerWidth: number;
  stride: number;
  /** The block changes the shape (stride not 1, or the channels change). */
  reshapes: boolean;
  shortcut: ShortcutKind;
  /** Ids of the block's first layer input and its final ReLU. */
  inputId: string;
  outputId: string;
}

export interface StageInfo {
  /** Module name, e.g. `layer3`. */
  name: string;
  index: number;
  blocks: BlockInfo[];
}

export interface LayerGraph {
  spec: ResNetSpec;
  layers: Layer[];
  stages: StageInfo[];
  /** Id of the pseudo-layer standing for the input tensor. */
  inputId: string;
}

export const INPUT_ID = 'input';

class GraphBuilder {
  readonly layers: Layer[] = [];
  private readonly calls = new Map<string, number>();

  add(layer: Omit<Layer, 'id'>): string {
    const n = (this.calls.get(layer.name) ?? 0) + 1;
    this.calls.set(layer.name, n);
    const id = n === 1 ? layer.name : `${layer.name}#${n}`;
    this.layers.push({ ...layer, id });
    return id;
  }
}

interface ConvArgs {
  name: string;
  part: LayerPart;
  from: string;
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  groups?: number;
  onShortcut?: boolean;
  fromKind?: EdgeKind;
}

function addConv(b: GraphBuilder, a: ConvArgs): string {
  return b.add({
    name: a.name,
    type: 'Conv2d',
    part: a.part,
    onShortcut: a.onShortcut ?? false,
    inputs: [{ from: a.from, kind: a.fromKind ?? 'main' }],
    inChannels: a.inChannels,
    outChannels: a.outChannels,
    kernel: a.kernel,
    stride: a.stride,
    padding: Math.floor(a.kernel / 2),
    groups: a.groups ?? 1,
  });
}

function addPointwise(
  b: GraphBuilder,
  type: 'BatchNorm2d' | 'ReLU',
  name: string,
  part: LayerPart,
  from: string,
  channels: number,
  onShortcut = false,
): string {
  return b.add({
    name,
    type,
    part,
    onShortcut,
    inputs: [{ from, kind: 'main' }],
    inChannels: channels,
    outChannels: channels,
  });
}

/** conv -> BN (-> ReLU): the unit every ResNet is made of. Returns the id of the last layer added. */
function addConvBn(b: GraphBuilder, conv: ConvArgs, bnName: string, relu: string | null): string {
  let id = addConv(b, conv);
  id = addPointwise(b, 'BatchNorm2d', bnName, conv.part, id, conv.outChannels, conv.onShortcut);
  if (relu !== null) id = addPointwise(b, 'ReLU', relu, conv.part, id, conv.outChannels);
  return id;
}

function addBlock(b: GraphBuilder, spec: ResNetSpec, block: Omit<BlockInfo, 'inputId' | 'outputId'>, from: string) {
  const p = block.name;
  const part: LayerPart = { kind: 'body', stage: block.stage, block: block.index };
  const relu = `${p}.relu`;
  const convs = BLOCK_TYPES[block.type].convs;
  const widths = convWidths(block);
  let main = from;
  convs.forEach((c, i) => {
    main = addConvBn(
      b,
      {
        name: `${p}.${c.name}`,
        part,
        from: main,
        inChannels: i === 0 ? block.inChannels : widths[i - 1],
        outChannels: widths[i],
        kernel: c.kernel,
        stride: c.strided[spec.stridePlacement] ? block.stride : 1,
        groups: c.grouped ? spec.groups : 1,
      },
      `${p}.${c.bn}`,
      // The last BN's ReLU comes after the add.
      i < convs.length - 1 ? relu : null,
    );
  });
  if (block.shortcut === 'none') {
    // The plain twin: the block's output is its last batch norm, through the ReLU.
    return addPointwise(b, 'ReLU', relu, part, main, block.outChannels);
  }
  let shortcut: LayerInput = { from, kind: 'identity' };
  if (block.shortcut === 'zeropad') {
    shortcut = { from, kind: 'zeropad', pad: zeroPadShortcut(block.inChannels, block.outChannels, block.stride) };
  } else if (block.shortcut === 'projection') {
    const id = addConvBn(
      b,
      {
        name: `${p}.${PROJECTION.conv}`,
        part,
        from,
        fromKind: 'projection',
        inChannels: block.inChannels,
        outChannels: block.outChannels,
        kernel: PROJECTION.kernel,
        stride: block.stride,
        onShortcut: true,
      },
      `${p}.${PROJECTION.bn}`,
      null,
    );
    shortcut = { from: id, kind: 'projection' };
  }
  const sum = b.add({
    name: `${p}.add`,
    type: 'Add',
    part,
    onShortcut: false,
    inputs: [{ from: main, kind: 'main' }, shortcut],
    inChannels: block.outChannels,
    outChannels: block.outChannels,
  });
  return addPointwise(b, 'ReLU', relu, part, sum, block.outChannels);
}

/** Which skip connection a block has: the identity where it keeps the shape, else option A or B; none when plain. */
export function shortcutKind(spec: Pick<ResNetSpec, 'shortcut' | 'residual'>, reshapes: boolean): ShortcutKind {
  if (!spec.residual) return 'none';
  if (!reshapes) return 'identity';
  return SHORTCUT_OPTIONS[spec.shortcut].kind;
}

/**
 * Expands a spec into its layer graph. The spec must be valid (see `validate.ts`); channel arithmetic is
 * torchvision's `_make_layer`: a shortcut that reshapes wherever the stride is not 1 or the channels change.
 */
export function expandSpec(spec: ResNetSpec): LayerGraph {
  const b = new GraphBuilder();
  const stem: LayerPart = { kind: 'stem' };
  let x = addConvBn(
    b,
    {
      name: 'conv1',
      part: stem,
      from: INPUT_ID,
      inChannels: spec.input.channels,
      outChannels: spec.stem.width,
      kernel: spec.stem.kernel,
      stride: spec.stem.stride,
    },
    'bn1',
    'relu',
  );
  if (spec.stem.maxPool) {
    x = b.add({
      name: 'maxpool',
      type: 'MaxPool2d',
      part: stem,
      onShortcut: false,
      inputs: [{ from: x, kind: 'main' }],
      inChannels: spec.stem.width,
      outChannels: spec.stem.width,
      kernel: 3,
      stride: 2,
      padding: 1,
    });
  }

  const blockType = BLOCK_TYPES[spec.block];
  let channels = spec.stem.width;
  const stages: StageInfo[] = spec.stages.map((stage, s) => {
    const blocks: BlockInfo[] = [];
    for (let i = 0; i < stage.blocks; i++) {
      const stride = i === 0 ? stage.stride : 1;
      const outChannels = stage.width * blockType.expansion;
      const reshapes = stride !== 1 || channels !== outChannels;
      const info = {
        name: `layer${s + 1}.${i}`,
        stage: s,
        index: i,
        type: spec.block,
        inChannels: channels,
        outChannels,
        innerWidth: blockType.innerWidth(stage.width, spec.widthPerGroup, spec.groups),
        stride,
        reshapes,
        shortcut: shortcutKind(spec, reshapes),
      };
      const inputId = x;
      x = addBlock(b, spec, info, x);
      blocks.push({ ...info, inputId, outputId: x });
      channels = outChannels;
    }
    return { name: `layer${s + 1}`, index: s, blocks };
  });

  const head: LayerPart = { kind: 'head' };
  x = b.add({
    name: 'avgpool',
    type: 'AdaptiveAvgPool2d',
    part: head,
    onShortcut: false,
    inputs: [{ from: x, kind: 'main' }],
    inChannels: channels,
    outChannels: channels,
  });
  b.add({
    name: 'fc',
    type: 'Linear',
    part: head,
    onShortcut: false,
    inputs: [{ from: x, kind: 'main' }],
    inChannels: channels,
    outChannels: spec.numClasses,
  });
  return { spec, layers: b.layers, stages, inputId: INPUT_ID };
}
