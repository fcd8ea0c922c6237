/**
 * Plain-words explanations of each part of a ResNet, with the numbers of the model on screen, in English and
 * Korean. Pure: the selected layer and the analysis in, paragraphs out.
 */
import { BLOCK_TYPES, PROJECTION, formatCount, formatShape, type BlockType, type LayerStats, type ModelAnalysis } from '../../core';
import type { Lang } from '../../i18n/i18n';

export interface Explanation {
  title: string;
  paragraphs: string[];
}

type Texts = Record<string, (a: Record<string, string | number>) => string>;

const EN: Texts = {
  inputTitle: () => 'The input',
  input: (v) => `A ${v.shape} tensor: ${v.c} colour channels of ${v.h}×${v.w} pixels, normalised with ImageNet's mean and standard deviation.`,
  stemTitle: () => 'The stem',
  stem: (v) =>
    `The ${v.k}×${v.k} convolution with stride ${v.s} turns the ${v.h}×${v.w} image into ${v.c} feature maps of ${v.ch}×${v.cw}; ${v.pool} ${v.so}`,
  stemFactor: (v) => `So the stem divides the resolution by ${v.factor} before any residual block runs.`,
  stemKeep: () => 'So the first block sees the full resolution: on 32×32 CIFAR images there is nothing to spare (He et al. 2016).',
  stemPool: (v) => `the 3×3 max-pool with stride 2 halves that again to ${v.ph}×${v.pw}.`,
  stemNoPool: () => 'this model has no max-pool.',
  stemWhy: () =>
    'Why start this way: a big kernel sees a wide patch of pixels at once, and shrinking early makes every later layer cheaper (its MACs scale with height × width).',
  stageTitle: (v) => `${v.name}: a stage`,
  stage: (v) =>
    `${v.name} stacks ${v.blocks} ${v.type} blocks and outputs ${v.out}. ${v.down}`,
  stageDown: (v) => `Its first block takes ${v.inShape} and downsamples: stride ${v.stride} halves the resolution while the channels grow to ${v.c}, ${v.how}`,
  downProjection: () => 'so a projection shortcut (1×1 convolution + batch norm) reshapes the input to match.',
  downZeroPad: () => 'so an option A shortcut reshapes the input with no parameters: it keeps every other pixel and adds the new channels as zeros.',
  downPlain: () => 'and, this being a plain network, no shortcut carries the input past the block.',
  stageSame: () => 'Its first block keeps the resolution.',
  basicTitle: () => 'A basic block',
  basic: (v) => `Two 3×3 convolutions, each followed by batch norm, with a ReLU between them (expansion ${v.e}: ${v.c} channels in and out). ${v.add}`,
  addBack: () => "The block's input is added to the result before the last ReLU.",
  noAdd: () => 'In this plain network nothing is added back: the block must learn the whole mapping, not a change to its input.',
  plainWhy: () =>
    'He et al. (2016) built such plain twins to show the degradation problem: on CIFAR-10, Plain-56 ends training with a higher error than Plain-20 (training error too, so it is not overfitting), while ResNet-56 beats ResNet-20.',
  bottleneckTitle: () => 'A bottleneck block',
  bottleneck: (v) =>
    `A 1×1 convolution reduces ${v.cin} channels to ${v.inner}, a 3×3 convolution works at that narrow width${v.groups}, and a 1×1 convolution expands to ${v.cout} (expansion ${v.e}). ${v.add}`,
  bottleneckWhy: (v) =>
    `Why: the expensive 3×3 runs on ${v.inner} channels instead of ${v.cout}; a basic block at ${v.cout} channels would cost about ${v.ratio}× the MACs of this block's 3×3.`,
  groups: (v) => ` split into ${v.g} groups of ${v.per} channels (ResNeXt's cardinality)`,
  identityTitle: () => 'The skip connection',
  identity: (v) => `This add sums the block's residual branch F(x) with its input x (${v.shape}): the block only has to learn a change to x, not x itself.`,
  projection: (v) => `Here the shapes differ (${v.inShape} in, ${v.shape} out), so x goes through a projection shortcut: a 1×1 convolution with stride ${v.stride} and a batch norm.`,
  zeroPad: (v) =>
    `Here the shapes differ (${v.inShape} in, ${v.shape} out), so x goes through option A's parameter-free shortcut: x[:, :, ::${v.stride}, ::${v.stride}] keeps every ${v.nth} pixel, and the ${v.p} new channels are zeros, ${v.before} before the old ones and ${v.after} after. It has no weights: the old channels pass unchanged.`,
  gradient: () =>
    'Why it helps: in backpropagation the add passes the gradient straight through to the block input, so even the first layers of a 150-layer network receive a strong learning signal.',
  projTitle: () => 'A projection shortcut',
  proj: (v) => `The shortcut cannot be the identity here: the block changes the shape from ${v.inShape} to ${v.shape}. A 1×1 convolution with stride ${v.stride} (${v.params} parameters) and a batch norm make the input fit before the add.`,
  headTitle: () => 'The head',
  head: (v) => `Global average pooling reduces each of the ${v.c} final ${v.hw} feature maps to one number (${v.c}×1×1), whatever the input size; the linear layer then maps those ${v.c} numbers to ${v.k} class scores (${v.params} parameters).`,
};

const KO: Texts = {
  inputTitle: () => '입력',
  input: (v) => `${v.shape} 텐서: ${v.h}×${v.w} 픽셀의 색 채널 ${v.c}개를 ImageNet 평균과 표준편차로 정규화한 것입니다.`,
  stemTitle: () => '스템',
  stem: (v) => `스트라이드 ${v.s}의 ${v.k}×${v.k} 합성곱이 ${v.h}×${v.w} 이미지를 ${v.ch}×${v.cw} 크기의 특징 맵 ${v.c}개로 바꿉니다. ${v.pool} ${v.so}`,
  stemFactor: (v) => `그래서 스템은 잔차 블록이 시작되기 전에 해상도를 ${v.factor}분의 1로 줄입니다.`,
  stemKeep: () => '그래서 첫 블록이 원래 해상도를 그대로 봅니다: 32×32 CIFAR 이미지에서는 줄일 여유가 없습니다 (He et al. 2016).',
  stemPool: (v) => `이어서 스트라이드 2의 3×3 최대 풀링이 다시 절반인 ${v.ph}×${v.pw}로 줄입니다.`,
  stemNoPool: () => '이 모델에는 최대 풀링이 없습니다.',
  stemWhy: () => '이렇게 시작하는 이유: 큰 커널은 넓은 픽셀 영역을 한 번에 보고, 일찍 줄이면 이후 모든 층이 싸집니다 (MAC은 높이 × 너비에 비례).',
  stageTitle: (v) => `${v.name}: 스테이지`,
  stage: (v) => `${v.name}는 ${v.type} 블록 ${v.blocks}개를 쌓아 ${v.out}를 출력합니다. ${v.down}`,
  stageDown: (v) => `첫 블록은 ${v.inShape}를 받아 다운샘플링합니다: 스트라이드 ${v.stride}가 해상도를 절반으로 줄이고 채널은 ${v.c}로 늘어나므로, ${v.how}`,
  downProjection: () => '프로젝션 숏컷(1×1 합성곱 + 배치 정규화)이 입력의 모양을 맞춥니다.',
  downZeroPad: () => '옵션 A 숏컷이 파라미터 없이 입력의 모양을 맞춥니다: 한 픽셀 걸러 하나씩 남기고 새 채널은 0으로 채웁니다.',
  downPlain: () => '플레인 네트워크이므로 입력을 블록 너머로 전달하는 숏컷이 없습니다.',
  stageSame: () => '첫 블록은 해상도를 유지합니다.',
  basicTitle: () => '기본 블록',
  basic: (v) => `배치 정규화가 뒤따르는 3×3 합성곱 두 개와 그 사이의 ReLU (확장 ${v.e}: 입력과 출력 모두 ${v.c}채널). ${v.add}`,
  addBack: () => '마지막 ReLU 전에 블록의 입력을 결과에 더합니다.',
  noAdd: () => '이 플레인 네트워크에서는 아무것도 다시 더하지 않습니다: 블록은 입력에 대한 변화가 아니라 전체 사상을 배워야 합니다.',
  plainWhy: () =>
    'He et al. (2016)은 성능 저하 문제를 보이려고 이런 플레인 쌍둥이를 만들었습니다: CIFAR-10에서 Plain-56은 Plain-20보다 높은 오류로 학습을 마치고 (학습 오류도 높으므로 과적합이 아닙니다), ResNet-56은 ResNet-20보다 낫습니다.',
  bottleneckTitle: () => '병목 블록',
  bottleneck: (v) => `1×1 합성곱이 ${v.cin}채널을 ${v.inner}채널로 줄이고, 3×3 합성곱이 그 좁은 너비에서 작동하며${v.groups}, 1×1 합성곱이 ${v.cout}채널로 넓힙니다 (확장 ${v.e}). ${v.add}`,
  bottleneckWhy: (v) => `이유: 비싼 3×3 합성곱이 ${v.cout}채널 대신 ${v.inner}채널에서 돌아갑니다. ${v.cout}채널의 기본 블록이라면 이 블록의 3×3보다 약 ${v.ratio}배의 MAC이 듭니다.`,
  groups: (v) => ` (${v.g}개 그룹 × ${v.per}채널로 나뉨: ResNeXt의 카디널리티)`,
  identityTitle: () => '스킵 연결',
  identity: (v) => `이 덧셈은 블록의 잔차 가지 F(x)와 입력 x (${v.shape})를 더합니다: 블록은 x 자체가 아니라 x에 대한 변화만 배우면 됩니다.`,
  projection: (v) => `여기서는 모양이 다르므로 (${v.inShape} 입력, ${v.shape} 출력) x는 프로젝션 숏컷을 거칩니다: 스트라이드 ${v.stride}의 1×1 합성곱과 배치 정규화.`,
  zeroPad: (v) =>
    `여기서는 모양이 다르므로 (${v.inShape} 입력, ${v.shape} 출력) x는 옵션 A의 파라미터 없는 숏컷을 거칩니다: x[:, :, ::${v.stride}, ::${v.stride}]가 ${v.stride}픽셀마다 하나를 남기고, 새 채널 ${v.p}개는 0으로 기존 채널 앞에 ${v.before}개, 뒤에 ${v.after}개 붙습니다. 가중치가 없어 기존 채널은 그대로 지나갑니다.`,
  gradient: () => '도움이 되는 이유: 역전파에서 덧셈은 기울기를 블록 입력으로 그대로 전달하므로, 150층 네트워크의 첫 층도 강한 학습 신호를 받습니다.',
  projTitle: () => '프로젝션 숏컷',
  proj: (v) => `여기서는 숏컷이 항등 함수일 수 없습니다: 블록이 모양을 ${v.inShape}에서 ${v.shape}로 바꿉니다. 스트라이드 ${v.stride}의 1×1 합성곱(${v.params}개 파라미터)과 배치 정규화가 덧셈 전에 입력을 맞춥니다.`,
  headTitle: () => '헤드',
  head: (v) => `전역 평균 풀링이 마지막 ${v.hw} 특징 맵 ${v.c}개를 각각 하나의 숫자로 줄이고 (${v.c}×1×1, 입력 크기와 무관), 선형 층이 그 ${v.c}개의 숫자를 ${v.k}개의 클래스 점수로 바꿉니다 (${v.params}개 파라미터).`,
};

/** Each block type's word in a sentence ("stacks 3 bottleneck blocks"). */
const BLOCK_WORDS: Record<BlockType, Record<Lang, string>> = { basic: { en: 'basic', ko: '기본' }, bottleneck: { en: 'bottleneck', ko: '병목' } };

/** `x[::s]` keeps every s-th pixel: "every other", "every 3rd"; stride 1 keeps every single one. */
const ordinal = (n: number) => (n === 1 ? 'single' : n === 2 ? 'other' : `${n}${n === 3 ? 'rd' : 'th'}`);

/** What to say about a selected node (a layer id, a block or stage name, or `input`). */
export function explain(key: string, a: ModelAnalysis, lang: Lang): Explanation | null {
  const T = lang === 'ko' ? KO : EN;
  const spec = a.graph.spec;
  const { input } = spec;
  if (key === 'input') {
    return { title: T.inputTitle({}), paragraphs: [T.input({ shape: formatShape([input.channels, input.height, input.width]), c: input.channels, h: input.height, w: input.width })] };
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
      title: T.stemTitle({}),
      paragraphs: [
        T.stem({
          k: spec.stem.kernel,
          s: spec.stem.stride,
          h: input.height,
          w: input.width,
          c: spec.stem.width,
          ch,
          cw,
          pool: pool ? T.stemPool({ ph: pool.outShape[1], pw: pool.outShape[2] }) : T.stemNoPool({}),
          so: last[1] < input.height ? T.stemFactor({ factor: Math.round(input.height / last[1]) }) : T.stemKeep({}),
        }),
        T.stemWhy({}),
      ],
    };
  }
  if (part?.kind === 'head') {
    const pool = a.byId.get('avgpool')!;
    const fc = a.byId.get('fc')!;
    return {
      title: T.headTitle({}),
      paragraphs: [T.head({ c: pool.outShape[0], hw: `${pool.inShape[1]}×${pool.inShape[2]}`, k: fc.outShape[0], params: formatCount(fc.params) })],
    };
  }
  if (stage) {
    const first = stage.blocks[0];
    const inShape = formatShape(a.byId.get(first.inputId === 'input' ? 'conv1' : first.inputId)!.outShape);
    return {
      title: T.stageTitle({ name: stage.name }),
      paragraphs: [
        T.stage({
          name: stage.name,
          blocks: stage.blocks.length,
          type: BLOCK_WORDS[first.type][lang],
          out: formatShape(a.stages[stage.index].outShape),
          down: !first.reshapes
            ? T.stageSame({})
            : first.stride > 1
              ? T.stageDown({ inShape, stride: first.stride, c: first.outChannels, how: { projection: T.downProjection, zeropad: T.downZeroPad, none: T.downPlain, identity: T.downPlain }[first.shortcut]({}) })
              : first.shortcut === 'projection'
                ? T.proj({ inShape, shape: formatShape(a.byId.get(first.outputId)!.outShape), stride: 1, params: formatCount(a.byId.get(`${first.name}.${PROJECTION.conv}`)!.params) })
                : T.stageSame({}),
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
    return { title: T.projTitle({}), paragraphs: [T.proj({ inShape, shape: outShape, stride: b.stride, params: formatCount(conv.params) }), T.gradient({})] };
  }
  if (layer?.layer.type === 'Add') {
    const paragraphs = [T.identity({ shape: formatShape(layer.outShape) })];
    const pad = layer.layer.inputs[1].pad;
    if (b.shortcut === 'projection') paragraphs.push(T.projection({ inShape, shape: outShape, stride: b.stride }));
    if (pad) {
      const nth = ordinal(pad.stride);
      paragraphs.push(T.zeroPad({ inShape, shape: outShape, stride: pad.stride, nth, p: pad.before + pad.after, before: pad.before, after: pad.after }));
    }
    paragraphs.push(T.gradient({}));
    return { title: T.identityTitle({}), paragraphs };
  }
  const residual = b.shortcut !== 'none';
  const add = residual ? T.addBack({}) : T.noAdd({});
  const why = residual ? T.gradient({}) : T.plainWhy({});
  const e = BLOCK_TYPES[b.type].expansion;
  const byType: Record<BlockType, () => Explanation> = {
    basic: () => ({ title: T.basicTitle({}), paragraphs: [T.basic({ c: b.outChannels, e, add }), why] }),
    bottleneck: () => {
      const per = b.innerWidth / spec.groups;
      // A basic block's 3×3 at the output width costs out² × 9 per pixel; the bottleneck's costs inner² / groups × 9.
      const ratio = ((b.outChannels * b.outChannels) / ((b.innerWidth * b.innerWidth) / spec.groups)).toFixed(0);
      return {
        title: T.bottleneckTitle({}),
        paragraphs: [
          T.bottleneck({ cin: b.inChannels, inner: b.innerWidth, cout: b.outChannels, e, groups: spec.groups > 1 ? T.groups({ g: spec.groups, per }) : '', add }),
          T.bottleneckWhy({ inner: b.innerWidth, cout: b.outChannels, ratio }),
          ...(residual ? [] : [why]),
        ],
      };
    },
  };
  return byType[b.type]();
}
