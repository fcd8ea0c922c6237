/**
 * Plain-words explanations of each part of a ResNet, with the numbers of the model on screen, in English and
 * Korean. Pure: the selected layer and the analysis in, paragraphs out.
 */
import { BLOCK_TYPES, PROJECTION, formatCount, formatShape, phrase, type BlockType, type LayerStats, type ModelAnalysis, type Phrase, type PhraseVars } from '../../core';
import { translate, type Lang } from '../../i18n/i18n';

export interface Explanation {
  title: string;
  paragraphs: string[];
}

/** The English templates, by what they say; Korean is in the one dictionary (src/i18n/ko.ts), keyed by these. */
const TEXT = {
  inputTitle: 'The input',
  input: "A {shape} tensor: {c} colour channels of {h}×{w} pixels, normalised with ImageNet's mean and standard deviation.",
  stemTitle: 'The stem',
  stem: 'The {k}×{k} convolution with stride {s} turns the {h}×{w} image into {c} feature maps of {ch}×{cw}; {pool} {so}',
  stemFactor: 'So the stem divides the resolution by {factor} before any residual block runs.',
  stemKeep: 'So the first block sees the full resolution: on 32×32 CIFAR images there is nothing to spare (He et al. 2016).',
  stemPool: 'the 3×3 max-pool with stride 2 halves that again to {ph}×{pw}.',
  stemNoPool: 'this model has no max-pool.',
  stemWhy: 'Why start this way: a big kernel sees a wide patch of pixels at once, and shrinking early makes every later layer cheaper (its MACs scale with height × width).',
  stageTitle: '{name}: a stage',
  stage: '{name} stacks {blocks} {type} blocks and outputs {out}. {down}',
  stageDown: 'Its first block takes {inShape} and downsamples: stride {stride} halves the resolution while the channels grow to {c}, {how}',
  downProjection: 'so a projection shortcut (1×1 convolution + batch norm) reshapes the input to match.',
  downZeroPad: 'so an option A shortcut reshapes the input with no parameters: it keeps every other pixel and adds the new channels as zeros.',
  downPlain: 'and, this being a plain network, no shortcut carries the input past the block.',
  stageSame: 'Its first block keeps the resolution.',
  basicTitle: 'A basic block',
  basic: 'Two 3×3 convolutions, each followed by batch norm, with a ReLU between them (expansion {e}: {c} channels in and out). {add}',
  addBack: "The block's input is added to the result before the last ReLU.",
  noAdd: 'In this plain network nothing is added back: the block must learn the whole mapping, not a change to its input.',
  plainWhy: 'He et al. (2016) built such plain twins to show the degradation problem: on CIFAR-10, Plain-56 ends training with a higher error than Plain-20 (training error too, so it is not overfitting), while ResNet-56 beats ResNet-20.',
  bottleneckTitle: 'A bottleneck block',
  bottleneck: 'A 1×1 convolution reduces {cin} channels to {inner}, a 3×3 convolution works at that narrow width{groups}, and a 1×1 convolution expands to {cout} (expansion {e}). {add}',
  bottleneckWhy: "Why: the expensive 3×3 runs on {inner} channels instead of {cout}; a basic block at {cout} channels would cost about {ratio}× the MACs of this block's 3×3.",
  groups: " split into {g} groups of {per} channels (ResNeXt's cardinality)",
  identityTitle: 'The skip connection',
  identity: "This add sums the block's residual branch F(x) with its input x ({shape}): the block only has to learn a change to x, not x itself.",
  projection: 'Here the shapes differ ({inShape} in, {shape} out), so x goes through a projection shortcut: a 1×1 convolution with stride {stride} and a batch norm.',
  zeroPad: "Here the shapes differ ({inShape} in, {shape} out), so x goes through option A's parameter-free shortcut: x[:, :, ::{stride}, ::{stride}] keeps every {nth} pixel, and the {p} new channels are zeros, {before} before the old ones and {after} after. It has no weights: the old channels pass unchanged.",
  gradient: 'Why it helps: in backpropagation the add passes the gradient straight through to the block input, so even the first layers of a 150-layer network receive a strong learning signal.',
  projTitle: 'A projection shortcut',
  proj: 'The shortcut cannot be the identity here: the block changes the shape from {inShape} to {shape}. A 1×1 convolution with stride {stride} ({params} parameters) and a batch norm make the input fit before the add.',
  headTitle: 'The head',
  head: 'Global average pooling reduces each of the {c} final {hw} feature maps to one number ({c}×1×1), whatever the input size; the linear layer then maps those {c} numbers to {k} class scores ({params} parameters).',
} as const;

type Key = keyof typeof TEXT;
const say = (key: Key, vars?: PhraseVars): Phrase => phrase(TEXT[key], vars);

/** `x[::s]` keeps every s-th pixel: "every other", "every 3rd"; stride 1 keeps every single one. */
const ordinal = (n: number) => (n === 1 ? 'single' : n === 2 ? 'other' : `${n}${n === 3 ? 'rd' : 'th'}`);

/** What to say about a selected node (a layer id, a block or stage name, or `input`). */
export function explain(key: string, a: ModelAnalysis, lang: Lang): Explanation | null {
  const e = explainPhrases(key, a);
  return e && { title: translate(lang, e.title), paragraphs: e.paragraphs.map((p) => translate(lang, p)) };
}

function explainPhrases(key: string, a: ModelAnalysis): { title: Phrase; paragraphs: Phrase[] } | null {
  const spec = a.graph.spec;
  const { input } = spec;
  if (key === 'input') {
    return { title: say('inputTitle'), paragraphs: [say('input', { shape: formatShape([input.channels, input.height, input.width]), c: input.channels, h: input.height, w: input.width })] };
  }
  const stage = a.graph.stages.find((s) => s.name === key);
  const block = a.graph.stages.flatMap((s) => s.blocks).find((b) => b.name === key);
  const layer: LayerStats | undefined = a.byId.get(key);
  const part = layer?.layer.part;

  if (part?.kind === 'stem') {
    const conv = a.byId.get('conv1')!;
    const pool = a.byId.get('maxpool');
    const [, ch, cw] = conv.outShape;
    const last = (pool ?? a.byId.get('relu')!).outShape;
    return {
      title: say('stemTitle'),
      paragraphs: [
        say('stem', {
          k: spec.stem.kernel,
          s: spec.stem.stride,
          h: input.height,
          w: input.width,
          c: spec.stem.width,
          ch,
          cw,
          pool: pool ? say('stemPool', { ph: pool.outShape[1], pw: pool.outShape[2] }) : say('stemNoPool'),
          so: last[1] < input.height ? say('stemFactor', { factor: Math.round(input.height / last[1]) }) : say('stemKeep'),
        }),
        say('stemWhy'),
      ],
    };
  }
  if (part?.kind === 'head') {
    const pool = a.byId.get('avgpool')!;
    const fc = a.byId.get('fc')!;
    return {
      title: say('headTitle'),
      paragraphs: [say('head', { c: pool.outShape[0], hw: `${pool.inShape[1]}×${pool.inShape[2]}`, k: fc.outShape[0], params: formatCount(fc.params) })],
    };
  }
  if (stage) {
    const first = stage.blocks[0];
    const inShape = formatShape(a.byId.get(first.inputId === 'input' ? 'conv1' : first.inputId)!.outShape);
    return {
      title: say('stageTitle', { name: stage.name }),
      paragraphs: [
        say('stage', {
          name: stage.name,
          blocks: stage.blocks.length,
          type: phrase(first.type),
          out: formatShape(a.stages[stage.index].outShape),
          down: !first.reshapes
            ? say('stageSame')
            : first.stride > 1
              ? say('stageDown', { inShape, stride: first.stride, c: first.outChannels, how: say(({ projection: 'downProjection', zeropad: 'downZeroPad', none: 'downPlain', identity: 'downPlain' } as const)[first.shortcut]) })
              : first.shortcut === 'projection'
                ? say('proj', { inShape, shape: formatShape(a.byId.get(first.outputId)!.outShape), stride: 1, params: formatCount(a.byId.get(`${first.name}.${PROJECTION.conv}`)!.params) })
                : say('stageSame'),
        }),
      ],
    };
  }
  const b = block ?? (part?.kind === 'body' ? a.graph.stages[part.stage].blocks[part.block] : undefined);
  if (!b) return null;
  const inShape = formatShape(a.byId.get(b.inputId)?.outShape ?? [input.channels, input.height, input.width]);
  const outShape = formatShape(a.byId.get(b.outputId)!.outShape);
  if (layer?.layer.onShortcut) {
    const conv = a.byId.get(`${b.name}.${PROJECTION.conv}`)!;
    return { title: say('projTitle'), paragraphs: [say('proj', { inShape, shape: outShape, stride: b.stride, params: formatCount(conv.params) }), say('gradient')] };
  }
  if (layer?.layer.type === 'Add') {
    const paragraphs = [say('identity', { shape: formatShape(layer.outShape) })];
    const pad = layer.layer.inputs[1].pad;
    if (b.shortcut === 'projection') paragraphs.push(say('projection', { inShape, shape: outShape, stride: b.stride }));
    if (pad) {
      const nth = ordinal(pad.stride);
      paragraphs.push(say('zeroPad', { inShape, shape: outShape, stride: pad.stride, nth, p: pad.before + pad.after, before: pad.before, after: pad.after }));
    }
    paragraphs.push(say('gradient'));
    return { title: say('identityTitle'), paragraphs };
  }
  const residual = b.shortcut !== 'none';
  const add = residual ? say('addBack') : say('noAdd');
  const why = residual ? say('gradient') : say('plainWhy');
  const e = BLOCK_TYPES[b.type].expansion;
  const byType: Record<BlockType, () => { title: Phrase; paragraphs: Phrase[] }> = {
    basic: () => ({ title: say('basicTitle'), paragraphs: [say('basic', { c: b.outChannels, e, add }), why] }),
    bottleneck: () => {
      const per = b.innerWidth / spec.groups;
      // A basic block's 3×3 at the output width costs out² × 9 per pixel; the bottleneck's costs inner² / groups × 9.
      const ratio = ((b.outChannels * b.outChannels) / ((b.innerWidth * b.innerWidth) / spec.groups)).toFixed(0);
      return {
        title: say('bottleneckTitle'),
        paragraphs: [
          say('bottleneck', { cin: b.inChannels, inner: b.innerWidth, cout: b.outChannels, e, groups: spec.groups > 1 ? say('groups', { g: spec.groups, per }) : '', add }),
          say('bottleneckWhy', { inner: b.innerWidth, cout: b.outChannels, ratio }),
          ...(residual ? [] : [why]),
        ],
      };
    },
  };
  return byType[b.type]();
}
