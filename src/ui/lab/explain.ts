/**
 * What each of the lab's pictures shows and what it does not, in phrases quoting the learner's own numbers.
 * Only what the numbers support is said; the papers' findings are named as the papers'.
 */
import { phrase, type Phrase } from '../../core';
import { accuracyOf, effectiveRange, gradientByLength, lossOf, pathLengthShares, type Score } from '../../core/lab';
import type { Landscape, NetView, Study } from '../../state/labStore';

export const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
/** `65.1%–89.0%`, or one figure when they agree. */
const span = (xs: number[]) => (pct(Math.min(...xs)) === pct(Math.max(...xs)) ? pct(xs[0]) : `${pct(Math.min(...xs))}–${pct(Math.max(...xs))}`);
export const loss4 = (x: number) => (Number.isFinite(x) && x < 1e4 ? x.toFixed(3) : x.toPrecision(3));
const done = (s: Study | null) => s !== null && s.progress.status === 'done';

/** Chance on the test set (ten classes). */
export const CHANCE = 0.1;

/** Scores of each block switched off alone: [block, score], in order. */
export function singles(s: Study): [string, Score][] {
  return s.sets.slice(1).map((set, i) => [set.deleted[0], s.scores[i + 1]]);
}

/** "Delete each block in turn": what it shows for one network. */
export function explainEach(n: NetView): Phrase[] {
  const s = n.each;
  if (!done(s)) return [];
  const whole = accuracyOf(s!.scores[0]);
  const one = singles(s!);
  if (one.length === 0) return [phrase('{net} has no block that can be switched off.', { net: n.label })];
  const sorted = [...one].sort((a, b) => accuracyOf(a[1]) - accuracyOf(b[1]));
  const [worst, worstScore] = sorted[0];
  const rest = sorted.slice(1).map(([, sc]) => accuracyOf(sc));
  const out: Phrase[] = [];
  if (n.spec.residual) {
    out.push(
      rest.length
        ? phrase('{net} gets {whole} of the 2,000 test images right. Switched off one at a time, every block but {worst} leaves it at {range}; without {worst} it gets {worstAcc}.', {
            net: n.label,
            whole: pct(whole),
            worst,
            range: span(rest),
            worstAcc: pct(accuracyOf(worstScore)),
          })
        : phrase('{net} gets {whole} of the 2,000 test images right; without {worst} it gets {worstAcc}.', { net: n.label, whole: pct(whole), worst, worstAcc: pct(accuracyOf(worstScore)) }),
    );
  } else {
    const all = one.map(([, sc]) => accuracyOf(sc));
    out.push(
      phrase('{net} gets {whole} right. Each of its {count} removable blocks, switched off alone, leaves it at {range} (chance is 10%).', {
        net: n.label,
        whole: pct(whole),
        count: one.length,
        range: span(all),
      }),
    );
  }
  return out;
}

/** The shared reading of "each in turn" (once, under the chart). */
export function readEach(nets: NetView[]): Phrase[] {
  if (!nets.some((n) => done(n.each))) return [];
  return [
    phrase(
      'What it shows: Veit et al. (2016) read this as a residual network behaving like an ensemble of paths. Switching a residual block off removes only the paths through it; half of the paths remain. A plain network has one path, and a missing layer breaks it.',
    ),
    phrase(
      'What it does not show: that the blocks are unimportant or trained independently. The first block and the downsampling blocks usually cost more than the others, and the whole network is still the best. The paper’s figures are of ResNet-110 on CIFAR-10; these nets are trained for minutes in a browser.',
    ),
  ];
}

/** Mean accuracy and its range over the draws, for each k. */
export function byK(s: Study): { k: number; mean: number; lo: number; hi: number; draws: number }[] {
  const ks = [...new Set(s.sets.map((x) => x.k).filter((k): k is number => k !== undefined))].sort((a, b) => a - b);
  return ks.map((k) => {
    const acc = s.sets.map((x, i) => (x.k === k ? accuracyOf(s.scores[i]) : NaN)).filter((v) => !Number.isNaN(v));
    return { k, mean: acc.reduce((a, b) => a + b, 0) / acc.length, lo: Math.min(...acc), hi: Math.max(...acc), draws: acc.length };
  });
}

export function explainRandom(n: NetView): Phrase[] {
  const s = n.random;
  if (!done(s)) return [];
  const rows = byK(s!);
  if (rows.length === 0) return [];
  const at = (k: number) => rows.find((r) => r.k === k);
  const k1 = at(1)!;
  const k2 = at(2);
  const half = rows.find((r) => r.mean < (accuracyOf(s!.scores[0]) + CHANCE) / 2);
  return [
    phrase('{net}: {whole} whole; {k1} on average with one random block switched off, {k2} with two; it falls below halfway to chance at k = {half}.', {
      net: n.label,
      whole: pct(accuracyOf(s!.scores[0])),
      k1: pct(k1.mean),
      k2: k2 ? pct(k2.mean) : '–',
      half: half ? half.k : phrase('more than {k}', { k: rows.at(-1)!.k }),
    }),
  ];
}

export function readRandom(nets: NetView[]): Phrase[] {
  if (!nets.some((n) => done(n.random))) return [];
  return [
    phrase(
      'What it shows: as more blocks go, a residual network degrades smoothly, as an ensemble does when members are removed (Veit et al.’s Fig. 5); a plain network is broken by the first. The band spans the random draws; with few blocks there are few different sets to draw.',
    ),
  ];
}

/** 2⁴, 2¹⁶: an exponent as superscript digits (a caret reads as code). */
const superscript = (k: number) => [...String(k)].map((d) => '⁰¹²³⁴⁵⁶⁷⁸⁹'[Number(d)]).join('');

/** Paths: how many there are of each length, and (measured) where the gradient comes from. */
export function explainPaths(n: NetView): Phrase[] {
  const blocks = n.blocks.length;
  if (!n.spec.residual || blocks === 0) return [];
  const shares = pathLengthShares(blocks);
  // The middle half of the lengths: the narrowest range holding half of the paths.
  const mid = effectiveRange(shares, 0.5);
  const out: Phrase[] = [
    phrase('{n} blocks, each taken or skipped, make {power} = {paths} paths through {net}; their lengths follow Binomial({n}, ½), and half of them are {lo} to {hi} blocks long.', {
      n: blocks,
      power: `2${superscript(blocks)}`,
      paths: (2 ** blocks).toLocaleString('en-US'),
      net: n.label,
      lo: mid.from,
      hi: mid.to,
    }),
  ];
  const r = n.paths?.result;
  if (r && n.paths!.progress.status === 'done') {
    const eff = effectiveRange(gradientByLength(r.mean), 0.9);
    const m = r.mean;
    const ratio = m[0] > 0 && m[blocks] > 0 ? (m[blocks] / m[0]) ** (1 / blocks) : NaN;
    out.push(
      phrase('Measured on a batch of {batch} training images: one path’s gradient shrinks by about ×{ratio} for each residual branch it goes through. Weighted by how many paths there are of each length, 90% of the gradient comes from paths {from} to {to} blocks long: the effective paths.', {
        batch: r.batch,
        ratio: Number.isFinite(ratio) ? ratio.toFixed(2) : '–',
        from: eff.from,
        to: eff.to,
      }),
    );
  }
  return out;
}

export function readPaths(nets: NetView[]): Phrase[] {
  if (!nets.some((n) => n.spec.residual)) return [phrase('A plain network has one path through it, all of its blocks long: there is no distribution to draw.')];
  return [
    phrase(
      'How it is measured (Veit et al. 2016, section 5): a batch goes forward through the whole network; going backward, k blocks chosen at random pass the gradient through their residual branch and the others only along their shortcut, so the gradient follows one path of length k. Its norm at the first block’s input is that path’s gradient; several paths per length are averaged. Batch norm is in eval mode.',
    ),
    phrase(
      'What it does not show: which paths the network relies on for its answers (that is the lesion study’s question), nor the gradient during training itself. In ResNet-110 Veit et al. found the effective paths 5 to 17 blocks long (10 to 34 layers) of 54.',
    ),
  ];
}

/** The 2-D landscape around the trained weights, and the straight line to the initial ones. */
export function explainLandscape(n: NetView, l: Landscape | undefined): Phrase[] {
  if (!l || l.progress.status !== 'done') return [];
  const values = l.grid.flat().map((s) => (s ? lossOf(s) : NaN));
  const at0 = l.grid[l.alphas.indexOf(0)]?.[l.betas.indexOf(0)];
  const centre = at0 ? lossOf(at0) : NaN;
  const max = Math.max(...values.filter(Number.isFinite));
  if (l.kind === 'initial') {
    const inside = l.alphas.map((a, i) => [a, values[i]] as const).filter(([a]) => a >= 0 && a <= 1);
    const rises = inside.every(([, v], i) => i === 0 || v >= inside[i - 1][1] - 1e-6);
    const initial = inside.at(-1)?.[1] ?? NaN;
    return [
      phrase(
        rises
          ? '{net}: along the straight line from the trained weights (α = 0, loss {trained}) to the initial ones (α = 1, loss {initial}), the loss only rises: no hill stands between them on this line.'
          : '{net}: along the straight line from the trained weights (α = 0, loss {trained}) to the initial ones (α = 1, loss {initial}), the loss does not rise steadily: there is a bump on the way.',
        { net: n.label, trained: loss4(centre), initial: loss4(initial) },
      ),
    ];
  }
  const minima = localMinima(l);
  const vars = { net: n.label, centre: loss4(centre), max: loss4(max), minima, range: `${l.alphas[0]}…${l.alphas.at(-1)}` };
  return [
    minima === 1
      ? phrase(
          l.kind === 'surface'
            ? '{net}: the loss is {centre} at the trained weights and rises to {max} over [{range}]²; the surface has a single local minimum on this grid.'
            : '{net}: along one direction the loss is {centre} at the trained weights and rises to {max} over [{range}]; the curve has a single local minimum.',
          vars,
        )
      : phrase(
          l.kind === 'surface'
            ? '{net}: the loss is {centre} at the trained weights and rises to {max} over [{range}]²; the surface has {minima} local minima on this grid.'
            : '{net}: along one direction the loss is {centre} at the trained weights and rises to {max} over [{range}]; the curve has {minima} local minima.',
          vars,
        ),
  ];
}

export function readLandscape(): Phrase[] {
  return [
    phrase(
      'What it shows: the loss on the test images at weights + α·d₁ + β·d₂, where d₁ and d₂ are random directions scaled filter by filter to the weights’ own norms (Li et al. 2018), so that the same α means the same relative change in every layer. Li et al. found ResNet-56’s surface smooth and nearly convex and Plain-56’s chaotic.',
    ),
    phrase(
      'What it does not show: the network has hundreds of thousands of dimensions and this is a slice along two of them; batch norm keeps its trained statistics (eval mode) and only conv and linear weights move. The line to the initial weights moves the same weights and keeps batch norm trained. These nets are small and trained briefly, so the difference is smaller than in the paper’s 56-layer nets.',
    ),
  ];
}

/** Grid points lower than every neighbour (4-neighbourhood; on a 1-D slice, 2 neighbours). */
export function localMinima(l: Landscape): number {
  let count = 0;
  const v = (i: number, j: number) => {
    const s = l.grid[i]?.[j];
    return s ? lossOf(s) : Infinity;
  };
  for (let i = 0; i < l.alphas.length; i++) {
    for (let j = 0; j < l.betas.length; j++) {
      const here = v(i, j);
      if (!Number.isFinite(here)) continue;
      if ([v(i - 1, j), v(i + 1, j), v(i, j - 1), v(i, j + 1)].every((x) => x > here)) count++;
    }
  }
  return count;
}

export function explainPhotos(): Phrase[] {
  return [
    phrase(
      'There is no ImageNet test set here, so no accuracy: instead, the top-5 classes of the sample photos (and the picture in the Run tab) with all blocks on and with the switched-off ones removed. Veit et al. found the same with ImageNet: ResNet-200’s error rose only a little when single blocks were removed.',
    ),
  ];
}
