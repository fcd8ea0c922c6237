/**
 * The Run tab's sentence about what was done to the picture, from the numbers actually used: the resize and its
 * filter, the crop, the mean and std (sizes height × width, as the input 3×224×224 and every tensor are written), and whose preprocessing it is when the weights asked for it.
 */
import { phrase, type Phrase, type PreprocessPlan, type Preprocessing } from '../../core';

/** 0.485 → "0.485", 0.48500000001 → "0.485", 0.5 → "0.5". */
const figure = (v: number) => String(Math.round(v * 1e4) / 1e4);
const triple = (v: readonly number[]) => v.map(figure).join(', ');

export function preprocessSentence(image: { name: string; width: number; height: number; plan: PreprocessPlan }, p: Preprocessing): Phrase {
  const vars = {
    name: image.name,
    w: image.width,
    h: image.height,
    rw: image.plan.resized.width,
    rh: image.plan.resized.height,
    side: image.plan.shorterSide,
    filter: phrase(image.plan.interpolation),
    cw: image.plan.crop.width,
    ch: image.plan.crop.height,
    mean: triple(p.mean),
    std: triple(p.std),
  };
  return p.source
    ? phrase(
        '{name}: {h}×{w} → resized with PIL’s {filter} filter (antialiased) to {rh}×{rw} (shorter side {side}), centre crop {ch}×{cw}, scaled to [0, 1] and normalised with mean ({mean}) and std ({std}), as {source} asks.',
        { ...vars, source: p.source },
      )
    : phrase('{name}: {h}×{w} → resized with PIL’s {filter} filter (antialiased) to {rh}×{rw} (shorter side {side}), centre crop {ch}×{cw}, scaled to [0, 1] and normalised with mean ({mean}) and std ({std}), as torchvision does.', vars);
}
