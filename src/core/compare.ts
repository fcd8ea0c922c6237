/** Comparing variants: the figures of each, per-stage differences against the first, and what differs. */
import { totalsByPart, type ModelAnalysis } from './analysis';
import { BLOCK_TYPES } from './blocks';
import { formatSI } from './format';
import { phrase, type Phrase, type PhraseVars } from './phrase';
import type { ResNetSpec } from './spec';
import { checkModel } from './validate';

/** The input height and width every variant of a comparison is analysed at. */
export interface CompareSize {
  height: number;
  width: number;
}

/** The sizes offered for a comparison: torchvision's evaluation sizes, and the built model's own. */
export const COMPARE_SIZES: readonly CompareSize[] = [160, 224, 256, 288, 320, 384, 448].map((n) => ({ height: n, width: n }));

export function compareSizeOptions(built: CompareSize): CompareSize[] {
  const all = [...COMPARE_SIZES];
  if (!all.some((s) => s.height === built.height && s.width === built.width)) all.push({ height: built.height, width: built.width });
  return all.sort((a, b) => a.height * a.width - b.height * b.width);
}

export const formatSize = (s: CompareSize) => `${s.height}×${s.width}`;

/** The variant with its input resized to the comparison's size (channels kept). */
export function atInputSize(spec: ResNetSpec, size: CompareSize): ResNetSpec {
  return { ...spec, input: { ...spec.input, height: size.height, width: size.width } };
}

/**
 * Each variant analysed at the comparison's size; a variant that cannot run at that size (too small for its
 * strides) is analysed at its own size and said so.
 */
export function analyseAt(variants: ResNetSpec[], size: CompareSize): { analyses: ModelAnalysis[]; notes: Phrase[] } {
  const notes: Phrase[] = [];
  const analyses = variants.map((v, i) => {
    const r = checkModel(atInputSize(v, size));
    if (r.ok) return r.value;
    const own = checkModel(v);
    if (!own.ok) throw new Error(own.errors[0].message);
    notes.push(
      phrase('Variant {n} cannot run at {size} ({problem}); it is shown at its own {own}.', { n: i + 1, size: formatSize(size), problem: r.errors[0].phrase, own: formatSize(v.input) }),
    );
    return own.value;
  });
  return { analyses, notes };
}

/** A difference as the Build view writes figures: `+27.0 M`, `−1.3 G`, `±0`. */
export function formatDelta(n: number): string {
  if (n === 0) return '±0';
  return `${n > 0 ? '+' : '−'}${formatSI(Math.abs(n), 1)}`;
}

export interface PublishedAccuracy {
  weights: string;
  'acc@1': number;
  'acc@5': number;
  resize_size: number;
  crop_size: number;
}

export interface VariantFigures {
  params: number;
  macs: number;
  depth: number;
  weightBytes: number;
  /** All activations of one forward pass at batch 1, fp32. */
  activationBytes: number;
  /** Receptive field of the last stage's output, in input pixels. */
  receptiveField: number;
}

export function variantFigures(a: ModelAnalysis): VariantFigures {
  return {
    params: a.params,
    macs: a.macs,
    depth: a.depth,
    weightBytes: a.weightBytes,
    activationBytes: a.activations * 4,
    receptiveField: a.byId.get(a.stages.at(-1)!.outputId)!.receptiveField,
  };
}

export interface StageDelta {
  name: string;
  params: number;
  macs: number;
  /** Against the first variant; null for the first itself or a stage it lacks. */
  dParams: number | null;
  dMacs: number | null;
}

export function stageDeltas(variants: ModelAnalysis[]): StageDelta[][] {
  const parts = variants.map(totalsByPart);
  const base = new Map(parts[0].map((p) => [p.name, p]));
  return parts.map((ps, i) =>
    ps.map((p) => {
      const b = base.get(p.name);
      return { name: p.name, params: p.params, macs: p.macs, dParams: i === 0 || !b ? null : p.params - b.params, dMacs: i === 0 || !b ? null : p.macs - b.macs };
    }),
  );
}

/** Which parts of a variant differ from the first: `stem`, `layer3`, `head`, with the reason (as phrases for the UI). */
export function differences(spec: ResNetSpec, base: ResNetSpec): Map<string, Phrase[]> {
  const out = new Map<string, Phrase[]>();
  const add = (part: string, why: string, vars?: PhraseVars) => out.set(part, [...(out.get(part) ?? []), phrase(why, vars)]);
  const s = spec.stem;
  const b = base.stem;
  if (s.kernel !== b.kernel || s.stride !== b.stride) add('stem', '{k}×{k}/{s} conv', { k: s.kernel, s: s.stride });
  if (s.width !== b.width) add('stem', 'width {n}', { n: s.width });
  if (s.maxPool !== b.maxPool) add('stem', s.maxPool ? 'max-pool' : 'no max-pool');
  spec.stages.forEach((st, i) => {
    const name = `layer${i + 1}`;
    const o = base.stages[i];
    if (!o) return add(name, 'extra stage');
    if (spec.block !== base.block) add(name, spec.block);
    if (st.blocks !== o.blocks) add(name, '{n} blocks', { n: st.blocks });
    if (st.width !== o.width) add(name, 'width {n}', { n: st.width });
    if (st.stride !== o.stride) add(name, 'stride {n}', { n: st.stride });
    if (spec.groups !== base.groups || spec.widthPerGroup !== base.widthPerGroup) add(name, '{g}×{w} groups', { g: spec.groups, w: spec.widthPerGroup });
    if (BLOCK_TYPES[spec.block].placesStride && spec.stridePlacement !== base.stridePlacement) add(name, 'stride {n}', { n: spec.stridePlacement });
    if (spec.residual !== base.residual) add(name, spec.residual ? 'residual' : 'plain (no shortcuts)');
    else if (spec.residual && spec.shortcut !== base.shortcut) add(name, 'option {o} shortcuts', { o: spec.shortcut });
  });
  if (spec.numClasses !== base.numClasses) add('head', '{n} classes', { n: spec.numClasses });
  return out;
}
