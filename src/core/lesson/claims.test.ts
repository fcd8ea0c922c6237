/**
 * The Train tab's explanation on synthetic curves: one claim per thing said, keyed by what it is about; no
 * verdict before the data support it; the runs' own numbers; the gradient-flow plot read for what it shows.
 */
import { describe, expect, it } from 'vitest';
import { english, type Phrase } from '../phrase';
import { presetSpec, type PresetName } from '../presets';
import { LESSON_TEXT, explainLesson, formatLossValue, formatRatio, gradientRatio, type LayerNorm, type LessonRunFlow } from './claims';
import { MIN_STEPS } from './compare';
import { curve } from './syntheticCurves';
import { smooth } from './smoothing';
import { lessonVerdict, weightedDepth } from './verdict';

const LABELS: Record<string, string> = { plain20: 'Plain-20', plain56: 'Plain-56', resnet20: 'ResNet-20', resnet56: 'ResNet-56' };

/** Gradient norms by depth: `first` at the first layer, 1 at the last conv, fc after it. */
function norms(depth: number, first: number): LayerNorm[] {
  return Array.from({ length: depth }, (_, i) => ({
    key: i === depth - 1 ? 'fc.weight' : `l${i}.weight`,
    depth: i + 1,
    onShortcut: false,
    // Geometric from `first` at depth 1 to 1 at depth − 1 (the last conv); fc 5.
    norm: i === depth - 1 ? 5 : first ** ((depth - 2 - i) / (depth - 2)),
  }));
}

function run(id: number, preset: PresetName, losses: number[], flow?: { init: number; latest?: [number, number] }): LessonRunFlow {
  const spec = presetSpec(preset);
  const depth = weightedDepth(spec);
  return {
    id,
    label: LABELS[preset],
    depth,
    residual: spec.residual,
    losses,
    diverged: false,
    flowInit: flow ? norms(depth, flow.init) : null,
    flowLatest: flow?.latest ? { step: flow.latest[0], norms: norms(depth, flow.latest[1]) } : null,
  };
}

const N = 200;
/** The paper's picture: Plain-56 barely learns, the others do; ResNet-56 starts behind Plain-56 and overtakes it. */
const LOSSES = {
  plain20: curve(N, (t) => 0.6 + 1.7 * Math.exp(-t / 40), 0.15, 1),
  plain56: curve(N, (t) => 1.9 + 0.4 * Math.exp(-t / 80), 0.15, 2),
  resnet20: curve(N, (t) => 0.55 + 1.75 * Math.exp(-t / 35), 0.15, 3),
  resnet56: curve(N, (t) => 0.5 + 4 * Math.exp(-t / 40), 0.2, 4),
};

function four(steps: number, flows = true): LessonRunFlow[] {
  const at = (k: keyof typeof LOSSES) => LOSSES[k].slice(0, steps);
  return [
    run(0, 'plain20', at('plain20'), flows ? { init: 40, latest: [steps, 0.5] } : undefined),
    run(1, 'plain56', at('plain56'), flows ? { init: 1500, latest: [steps, 0.033] } : undefined),
    run(2, 'resnet20', at('resnet20'), flows ? { init: 6, latest: [steps, 1.2] } : undefined),
    run(3, 'resnet56', at('resnet56'), flows ? { init: 12.9, latest: [steps, 1.7] } : undefined),
  ];
}

const text = (p: Phrase) => english(p);
const ids = (runs: LessonRunFlow[]) => explainLesson(runs).claims.map((c) => c.id);
const claim = (runs: LessonRunFlow[], id: string) => explainLesson(runs).claims.find((c) => c.id === id);
const templatesOf = (p: Phrase, out: string[] = []): string[] => {
  out.push(p.template);
  for (const v of Object.values(p.vars ?? {})) if (typeof v === 'object') templatesOf(v, out);
  return out;
};

describe('the explanation of the Train tab', () => {
  it('says nothing before the first step, then one claim per thing, each with its own id', () => {
    expect(explainLesson(four(0, false)).claims).toEqual([]);
    const at = ids(four(150));
    expect(at).toEqual(['lesson', 'degradation:1:0', 'shortcut:3:1', 'shortcut:2:0', 'flow-init:1:3', 'flow-now:1:3', 'vanishing-or-degradation']);
    for (let steps = 1; steps <= N; steps += 9) {
      const list = ids(four(steps));
      expect(new Set(list).size).toBe(list.length);
    }
  });

  it('gives no verdict before the data support it: too early, and how many steps more', () => {
    const early = explainLesson(four(12));
    expect(early.verdict.holds).toBe(false);
    expect(text(early.claims[0].phrase)).toMatch(/^No verdict yet at step 12/);
    const deg = early.claims.find((c) => c.id === 'degradation:1:0')!;
    expect(deg.phrase.template).toBe(LESSON_TEXT.degEarly);
    expect(text(deg.phrase)).toContain(`about ${MIN_STEPS - 12} more steps`);
    expect(text(explainLesson(four(MIN_STEPS - 1)).claims[1].phrase)).toContain('about one more step before');
    // Nothing claims an ordering before MIN_STEPS, whatever the curves.
    for (let steps = 1; steps < MIN_STEPS; steps++) {
      for (const c of explainLesson(four(steps)).claims) {
        expect([LESSON_TEXT.degWorse, LESSON_TEXT.degBetter, LESSON_TEXT.cutBetter, LESSON_TEXT.cutWorse, LESSON_TEXT.holds]).not.toContain(c.phrase.template);
      }
    }
  });

  it('holds the paper’s ordering once both gaps are beyond the noise, quoting the smoothed losses', () => {
    let first = 0;
    for (let steps = 1; steps <= N && !first; steps++) if (lessonVerdict(four(steps, false)).holds) first = steps;
    expect(first).toBeGreaterThanOrEqual(MIN_STEPS);
    // Once it holds here (the gaps only widen), it keeps holding.
    for (let steps = first; steps <= N; steps += 5) expect(lessonVerdict(four(steps, false)).holds).toBe(true);
    const runs = four(first);
    const e = explainLesson(runs);
    expect(e.claims[0].phrase.template).toBe(LESSON_TEXT.holds);
    const deg = e.claims.find((c) => c.id === 'degradation:1:0')!;
    expect(deg.phrase.template).toBe(LESSON_TEXT.degWorse);
    const quoted = (k: keyof typeof LOSSES) => formatLossValue(smooth(LOSSES[k].slice(0, first)).at(-1)!);
    expect(deg.phrase.vars).toMatchObject({ steps: first, deep: 'Plain-56', deepLoss: quoted('plain56'), shallow: 'Plain-20', shallowLoss: quoted('plain20') });
    const cut = e.claims.find((c) => c.id === 'shortcut:3:1')!;
    expect(cut.phrase.template).toBe(LESSON_TEXT.cutBetter);
    expect(cut.phrase.vars).toMatchObject({ res: 'ResNet-56', resLoss: quoted('resnet56'), plain: 'Plain-56', plainLoss: quoted('plain56') });
  });

  it('a run that overtakes: its claim changes its words under the same id, never two at once', () => {
    const seen: string[] = [];
    for (let steps = 1; steps <= N; steps++) {
      const cuts = explainLesson(four(steps)).claims.filter((c) => c.id.startsWith('shortcut:3:'));
      expect(cuts).toHaveLength(1);
      if (seen.at(-1) !== cuts[0].phrase.template) seen.push(cuts[0].phrase.template);
    }
    // ResNet-56 starts above Plain-56 (its higher start), then the gap closes and reverses.
    expect(seen[0]).toBe(LESSON_TEXT.cutEarly);
    expect(seen).toContain(LESSON_TEXT.cutWorse);
    expect(seen.at(-1)).toBe(LESSON_TEXT.cutBetter);
    expect(seen.indexOf(LESSON_TEXT.cutWorse)).toBeLessThan(seen.indexOf(LESSON_TEXT.cutBetter));
  });

  it('two runs with the same template: two claims, each with its own runs’ numbers', () => {
    // ResNet-20 against Plain-20 and ResNet-56 against Plain-56, both clearly ahead: one template, two claims.
    const runs = [
      run(0, 'plain20', curve(120, () => 2, 0.05, 1)),
      run(1, 'plain56', curve(120, () => 2.2, 0.05, 2)),
      run(2, 'resnet20', curve(120, () => 1, 0.05, 3)),
      run(3, 'resnet56', curve(120, () => 1.2, 0.05, 4)),
    ];
    const cuts = explainLesson(runs).claims.filter((c) => c.id.startsWith('shortcut:'));
    expect(cuts.map((c) => c.id)).toEqual(['shortcut:3:1', 'shortcut:2:0']);
    expect(cuts.map((c) => c.phrase.template)).toEqual([LESSON_TEXT.cutBetter, LESSON_TEXT.cutBetter]);
    expect(cuts[0].phrase.vars).toMatchObject({ res: 'ResNet-56', plain: 'Plain-56' });
    expect(cuts[1].phrase.vars).toMatchObject({ res: 'ResNet-20', plain: 'Plain-20' });
    expect(text(cuts[0].phrase)).not.toBe(text(cuts[1].phrase));
  });

  it('a run removed: its claims go, and no claim names a run that is not there', () => {
    const all = four(150);
    const without = all.filter((r) => r.id !== 0);
    const list = ids(without);
    expect(list).not.toContain('lesson');
    expect(list.some((id) => id.startsWith('degradation:'))).toBe(false);
    expect(list).toEqual(['shortcut:3:1', 'flow-init:1:3', 'flow-now:1:3', 'vanishing-or-degradation']);
    for (const c of explainLesson(without).claims) expect(text(c.phrase)).not.toContain('Plain-20');
    // Only residual nets: nothing to compare, and the panel says what would be.
    expect(ids(all.filter((r) => r.residual).map((r) => ({ ...r, flowInit: null, flowLatest: null })))).toEqual(['no-pairs', 'vanishing-or-degradation']);
    // A diverged run takes no part in the comparisons.
    expect(ids(all.map((r) => (r.id === 1 ? { ...r, diverged: true } : r)))).not.toContain('degradation:1:0');
  });

  it('reads the gradient-flow plot: growth toward the input at initialisation, vanishing while training', () => {
    const e = explainLesson(four(150));
    const init = e.claims.find((c) => c.id === 'flow-init:1:3')!;
    expect(templatesOf(init.phrase)).toEqual(['{what} {why}', LESSON_TEXT.initGrows, LESSON_TEXT.initExplodes]);
    expect(text(init.phrase)).toContain("Plain-56's gradient grows on its way down to the input: at its first layer it is 1,500× the one at its last conv. In ResNet-56 it is 13×.");
    const now = e.claims.find((c) => c.id === 'flow-now:1:3')!;
    expect(now.phrase.template).toBe(LESSON_TEXT.nowVanishing);
    expect(now.phrase.vars).toMatchObject({ step: 150, plainRatio: '0.033', plainInit: '1,500', resRatio: '1.7', behind: '52' });
    // The plain net's first layer as well off as its twin's: no vanishing claimed.
    const healthy = four(150).map((r) => (r.id === 1 ? { ...r, flowLatest: { step: 150, norms: norms(56, 1.1) } } : r));
    expect(claim(healthy, 'flow-now:1:3')!.phrase.template).toBe(LESSON_TEXT.nowHealthy);
    const similar = four(150).map((r) => (r.id === 1 ? { ...r, flowLatest: { step: 150, norms: norms(56, 0.5) } } : r));
    expect(claim(similar, 'flow-now:1:3')!.phrase.template).toBe(LESSON_TEXT.nowEven);
    // Shrinking at initialisation is said as such.
    const shrinking = four(150).map((r) => (r.id === 1 ? { ...r, flowInit: norms(56, 0.01) } : r));
    expect(templatesOf(claim(shrinking, 'flow-init:1:3')!.phrase)).toContain(LESSON_TEXT.initShrinks);
    // Before the first reading after initialisation, only the dashed lines are explained.
    expect(ids(four(5))).not.toContain('flow-now:1:3');
  });

  it('sets the seed’s sentence beside the paper’s argument, with what the runs show', () => {
    const before = claim(four(5, false), 'vanishing-or-degradation')!;
    expect(text(before.phrase)).toContain('shortcuts help overcome the vanishing gradient problem');
    expect(text(before.phrase)).toContain('He et al. (2016, §4.1)');
    expect(text(before.phrase)).toContain('Your runs will show which of the two you see here.');
    const after = text(claim(four(150), 'vanishing-or-degradation')!.phrase);
    expect(after).toContain("In your runs, Plain-56's gradients do not vanish at initialisation: they grow 1,500× toward the input.");
    expect(after).toContain("By step 150 they do vanish: relative to its last conv, its first layer gets 52× less than ResNet-56's.");
    expect(after).toContain('And it trains worse than Plain-20: the degradation problem.');
  });

  it('computes the ratios it quotes from the plot’s ends, fc left out', () => {
    expect(gradientRatio(norms(20, 40))).toBeCloseTo(40, 9);
    expect(gradientRatio([{ key: 'a', depth: 1, onShortcut: false, norm: 2 }, { key: 'fc.weight', depth: 2, onShortcut: false, norm: 9 }])).toBeNull();
    expect(formatRatio(1534)).toBe('1,500');
    expect(formatRatio(12.87)).toBe('13');
    expect(formatRatio(2.4)).toBe('2.4');
    expect(formatRatio(2)).toBe('2');
    expect(formatRatio(0.0333)).toBe('0.033');
    expect(formatLossValue(2.104)).toBe('2.10');
    expect(formatLossValue(0.042)).toBe('0.042');
  });
});
