/**
 * What the configurator's fields hold: the text the user typed, which may not be a valid model yet. Pure
 * conversions between that draft and the core's spec; the core's validation names the field at fault, and
 * those names (`stages[1].width`) are the draft's field paths too.
 */
import type { ResNetSpec, StageSpec } from '../core';

export interface StageDraft {
  blocks: string;
  width: string;
  stride: string;
}

export interface FormDraft {
  block: string;
  stages: StageDraft[];
  groups: string;
  widthPerGroup: string;
  stridePlacement: string;
  shortcut: string;
  residual: boolean;
  stemKernel: string;
  stemStride: string;
  stemWidth: string;
  maxPool: boolean;
  inputChannels: string;
  inputHeight: string;
  inputWidth: string;
  numClasses: string;
}

/** The core's field name for each draft field that is not a stage's. */
export const FIELD_PATHS: Record<Exclude<keyof FormDraft, 'stages'>, string> = {
  block: 'block',
  groups: 'groups',
  widthPerGroup: 'widthPerGroup',
  stridePlacement: 'stridePlacement',
  shortcut: 'shortcut',
  residual: 'residual',
  stemKernel: 'stem.kernel',
  stemStride: 'stem.stride',
  stemWidth: 'stem.width',
  maxPool: 'stem.maxPool',
  inputChannels: 'input.channels',
  inputHeight: 'input.height',
  inputWidth: 'input.width',
  numClasses: 'numClasses',
};

export function draftFromSpec(spec: ResNetSpec): FormDraft {
  const s = String;
  return {
    block: spec.block,
    stages: spec.stages.map((st) => ({ blocks: s(st.blocks), width: s(st.width), stride: s(st.stride) })),
    groups: s(spec.groups),
    widthPerGroup: s(spec.widthPerGroup),
    stridePlacement: spec.stridePlacement,
    shortcut: spec.shortcut,
    residual: spec.residual,
    stemKernel: s(spec.stem.kernel),
    stemStride: s(spec.stem.stride),
    stemWidth: s(spec.stem.width),
    maxPool: spec.stem.maxPool,
    inputChannels: s(spec.input.channels),
    inputHeight: s(spec.input.height),
    inputWidth: s(spec.input.width),
    numClasses: s(spec.numClasses),
  };
}

/** A number where the text is one (so the core checks its range), else the text (so it says "must be a number"). */
function value(text: string): number | string {
  const t = text.trim();
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t;
}

/** The draft as untrusted spec JSON, for `describeModel`. */
export function rawFromDraft(d: FormDraft): unknown {
  return {
    input: { channels: value(d.inputChannels), height: value(d.inputHeight), width: value(d.inputWidth) },
    stem: { kernel: value(d.stemKernel), stride: value(d.stemStride), width: value(d.stemWidth), maxPool: d.maxPool },
    block: d.block,
    stages: d.stages.map((s) => ({ blocks: value(s.blocks), width: value(s.width), stride: value(s.stride) })),
    groups: value(d.groups),
    widthPerGroup: value(d.widthPerGroup),
    stridePlacement: d.stridePlacement,
    shortcut: d.shortcut,
    residual: d.residual,
    numClasses: value(d.numClasses),
  };
}

/** A new stage after the last: twice as wide, downsampling, two blocks. */
export function nextStage(last: StageSpec | undefined): StageDraft {
  return { blocks: '2', width: String(Math.min(4096, (last?.width ?? 32) * 2)), stride: '2' };
}
