/**
 * What the Train tab's runs show, as claims: each has a stable id that says which claim it is about which runs
 * (`degradation:1:0`, `shortcut:3:1`, `flow-init:1:3`, …), never its text, so a claim whose numbers or verdict
 * change replaces itself and a claim about a removed run disappears. Each claim's phrase quotes the runs' own
 * numbers and says only what the verdict's rule (./compare.ts) supports: before that, that it is too early and
 * roughly how many more steps it needs.
 */
import { phrase, type Phrase, type PhraseVars } from '../phrase';
import { K } from './compare';
import { lessonVerdict, type LessonRun, type LessonVerdict, type Pair } from './verdict';

/** One weight's gradient norm (the runtime's LayerGradientNorm has these fields). */
export interface LayerNorm {
  key: string;
  /** 1-based position among the weighted layers on the main path (shortcut convs share their block's). */
  depth: number;
  onShortcut: boolean;
  norm: number;
}

export interface LessonRunFlow extends LessonRun {
  /** Gradient norms at initialisation (the plot's dashed lines). */
  flowInit: readonly LayerNorm[] | null;
  /** The latest reading while training (the solid lines). */
  flowLatest: { step: number; norms: readonly LayerNorm[] } | null;
}

export interface Claim {
  /** What the claim is about, stable while its numbers change: the React key and the test id. */
  id: string;
  phrase: Phrase;
}

/** The English templates, by what they say; the Korean is in src/i18n/ko/train.ts, keyed by these. */
export const LESSON_TEXT = {
  holds: "At step {step} the paper's ordering shows, each gap beyond {k} times the noise of the smoothed losses: {deep} trains worse than {shallow}, and {res} better than {deep}.",
  notYet: "No verdict yet at step {step}: the paper's ordering needs {deep} behind {shallow} and {res} ahead of {deep}, each by more than {k} times the noise of the smoothed losses (below).",
  noPairs: 'To see the lesson, train a deeper and a shallower plain net and a residual net as deep as the deeper one (the four default runs do).',

  degEarly: 'Too early to compare {deep} with {shallow}: their smoothed losses need about {more} before the noise can be measured.',
  degEven: "After {steps} steps {deep}'s smoothed loss is {deepLoss} and {shallow}'s {shallowLoss}: a gap of {gap}, within the noise (±{margin}), so the curves do not yet say which trains better. {eta}",
  degWorse: "After {steps} steps {deep}'s smoothed loss is {deepLoss}, {gap} above {shallow}'s {shallowLoss} (the noise allows ±{margin}): the deeper plain net trains worse, although it could copy the shallower one and set its extra layers to identity. This is the degradation problem.",
  degBetter: "After {steps} steps {deep}'s smoothed loss is {deepLoss}, {gap} below {shallow}'s {shallowLoss} (beyond the noise, ±{margin}): here the deeper plain net trains better, and the degradation problem does not show at this point.",

  cutEarly: 'Too early to compare {res} with {plain}: their smoothed losses need about {more} before the noise can be measured.',
  cutEven: "After {steps} steps {res}'s smoothed loss is {resLoss} and {plain}'s {plainLoss}, as deep but without shortcuts: a gap of {gap}, within the noise (±{margin}). {eta}",
  cutBetter: "After {steps} steps {res}'s smoothed loss is {resLoss}, {gap} below {plain}'s {plainLoss} (the noise allows ±{margin}), as deep but without shortcuts: each of its blocks only has to learn a change to what its shortcut passes on.",
  cutWorse: "After {steps} steps {res}'s smoothed loss is {resLoss}, {gap} above {plain}'s {plainLoss} (beyond the noise, ±{margin}): at this point the shortcuts have not helped.",

  eta: 'If the gap keeps widening at its present rate, that takes about {more}.',
  moreSteps: '{n} more steps',
  oneMoreStep: 'one more step',
  noEta: 'It is not widening now.',

  initGrows: "At initialisation (the dashed lines) {plain}'s gradient grows on its way down to the input: at its first layer it is {plainRatio}× the one at its last conv. In {res} it is {resRatio}×.",
  initShrinks: "At initialisation (the dashed lines) {plain}'s gradient shrinks on its way down to the input: at its first layer it is {plainRatio}× the one at its last conv. In {res} it is {resRatio}×.",
  initExplodes: "With batch norm a deep plain net's gradients do not vanish at initialisation; they grow toward the input. The shortcuts carry the gradient down past every block, each block adding its own part, so in {res} it changes far less from layer to layer.",
  initCarries: 'The shortcuts carry the gradient down past every block, each block adding its own part, so the first layers of {res} are not cut off from the learning signal.',

  nowVanishing: "At step {step} (the solid lines) {plain}'s first layer gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation): its early layers have fallen behind, and the gradient now vanishes on its way down. {res}'s first layer gets {resRatio}×, {behind}× more relative to its last conv: its shortcuts carry the gradient past the blocks, so its early layers keep learning.",
  nowEven: "At step {step} (the solid lines) {plain}'s first layer gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation) and {res}'s {resRatio}× ({resInit}×). A layer's gradient norm also grows with its size, so compare the two nets, whose layers have the same sizes: no vanishing particular to {plain} at this point.",
  nowHealthy: "At step {step} (the solid lines) {plain}'s first layer still gets {plainRatio}× the gradient of its last conv ({plainInit}× at initialisation), and {res}'s {resRatio}×: no vanishing gradient in the plain net at this point.",

  note: 'A common summary says that shortcuts help overcome the vanishing gradient problem. He et al. (2016, §4.1) argue otherwise about their plain nets: batch norm keeps the forward signals and the backward gradients at healthy norms, so what holds the deeper plain net back is not vanishing gradients but that it is harder to optimise (the degradation problem): its training error is higher, not only its test error. {yours}',
  yoursLater: 'Your runs will show which of the two you see here.',
  yoursInitGrows: "In your runs, {plain}'s gradients do not vanish at initialisation: they grow {ratio}× toward the input.",
  yoursInitShrinks: "In your runs, {plain}'s gradients already shrink toward the input at initialisation ({ratio}×).",
  yoursVanishing: "By step {step} they do vanish: relative to its last conv, its first layer gets {behind}× less than {res}'s.",
  yoursNoVanishing: "By step {step} its first layer is not falling behind {res}'s.",
  yoursDegraded: 'And it trains worse than {shallow}: the degradation problem.',
  yoursNotDegraded: 'And it does not train worse than {shallow} at this point.',
  yoursUndecided: 'Whether it trains worse than {shallow} is not clear yet.',
} as const;

type Key = keyof typeof LESSON_TEXT;
const say = (key: Key, vars?: PhraseVars): Phrase => phrase(LESSON_TEXT[key], vars);

/** A loss or a gap as quoted: two decimals, or two significant digits when smaller than 0.1. */
export const formatLossValue = (x: number) => (Math.abs(x) >= 0.1 || x === 0 ? x.toFixed(2) : x.toPrecision(2));

/** A ratio as quoted: 1,500 / 13 / 2.4 / 0.033 (two significant digits, thousands separated). */
export function formatRatio(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x >= 100) return Math.round(Number(x.toPrecision(2))).toLocaleString('en-US');
  return x.toPrecision(2).replace(/\.0+$|(\.\d*?)0+$/, '$1');
}

/**
 * The gradient at the first layer over that at the last conv on the main path (fc left out): ‖∇W_first‖ /
 * ‖∇W_last conv‖. Above 1 the gradient grows on its way down to the input; below 1 it shrinks.
 */
export function gradientRatio(norms: readonly LayerNorm[]): number | null {
  const main = norms.filter((n) => !n.onShortcut && !n.key.startsWith('fc.'));
  if (main.length < 2 || !(main.at(-1)!.norm > 0) || !Number.isFinite(main[0].norm)) return null;
  return main[0].norm / main.at(-1)!.norm;
}

/** Training readings before this step say little more than the initial ones (the first is taken at step 1). */
const FLOW_MIN_STEP = 10;

/** How many times less (relative to its last conv) the plain net's first layer must get than its twin's to call it vanishing. */
export const VANISHING_FACTOR = 10;

/** "12 more steps", "one more step". */
const moreSteps = (n: number): Phrase => (n === 1 ? say('oneMoreStep') : say('moreSteps', { n }));

function pairVars(p: Pair, a: string, b: string): PhraseVars {
  return {
    steps: p.c.step,
    [a]: p.a.label,
    [`${a}Loss`]: formatLossValue(p.c.a),
    [b]: p.b.label,
    [`${b}Loss`]: formatLossValue(p.c.b),
    gap: formatLossValue(Math.abs(p.c.diff)),
    margin: formatLossValue(p.c.margin),
    more: p.c.moreSteps === null ? '' : moreSteps(p.c.moreSteps),
  };
}

const eta = (p: Pair) => (p.c.moreSteps === null ? say('noEta') : say('eta', { more: moreSteps(p.c.moreSteps) }));

function degradationClaim(p: Pair): Claim {
  const v = pairVars(p, 'deep', 'shallow');
  const id = `degradation:${p.a.id}:${p.b.id}`;
  if (p.c.state === 'early') return { id, phrase: say('degEarly', v) };
  if (p.c.state === 'even') return { id, phrase: say('degEven', { ...v, eta: eta(p) }) };
  return { id, phrase: say(p.c.lower === 'b' ? 'degWorse' : 'degBetter', v) };
}

function shortcutClaim(p: Pair): Claim {
  const v = pairVars(p, 'res', 'plain');
  const id = `shortcut:${p.a.id}:${p.b.id}`;
  if (p.c.state === 'early') return { id, phrase: say('cutEarly', v) };
  if (p.c.state === 'even') return { id, phrase: say('cutEven', { ...v, eta: eta(p) }) };
  return { id, phrase: say(p.c.lower === 'a' ? 'cutBetter' : 'cutWorse', v) };
}

interface Flow {
  plain: LessonRunFlow;
  res: LessonRunFlow;
  init: { plain: number; res: number };
  /** While training: both nets' latest readings (at the earlier of their steps). */
  now: { step: number; plain: number; res: number; behind: number } | null;
}

/** The deepest plain net and the residual net of its depth (else the deepest one), with their gradient ratios. */
function flowOf(runs: readonly LessonRunFlow[]): Flow | null {
  const withInit = runs.filter((r) => r.flowInit && gradientRatio(r.flowInit) !== null);
  const plain = withInit.filter((r) => !r.residual).sort((a, b) => b.depth - a.depth)[0];
  if (!plain) return null;
  const residual = withInit.filter((r) => r.residual).sort((a, b) => b.depth - a.depth);
  const res = residual.find((r) => r.depth === plain.depth) ?? residual[0];
  if (!res) return null;
  const init = { plain: gradientRatio(plain.flowInit!)!, res: gradientRatio(res.flowInit!)! };
  let now: Flow['now'] = null;
  const [pl, rl] = [plain.flowLatest, res.flowLatest];
  if (pl && rl && Math.min(pl.step, rl.step) >= FLOW_MIN_STEP) {
    const [p, r] = [gradientRatio(pl.norms), gradientRatio(rl.norms)];
    if (p !== null && r !== null && p > 0) now = { step: Math.min(pl.step, rl.step), plain: p, res: r, behind: r / p };
  }
  return { plain, res, init, now };
}

function flowClaims(f: Flow): Claim[] {
  const names = { plain: f.plain.label, res: f.res.label };
  const ids = `${f.plain.id}:${f.res.id}`;
  const grows = f.init.plain > 1;
  const initVars = { ...names, plainRatio: formatRatio(f.init.plain), resRatio: formatRatio(f.init.res) };
  const why = grows && f.init.res < f.init.plain ? say('initExplodes', names) : say('initCarries', names);
  const out: Claim[] = [{ id: `flow-init:${ids}`, phrase: phrase('{what} {why}', { what: say(grows ? 'initGrows' : 'initShrinks', initVars), why }) }];
  if (f.now) {
    const v = {
      ...names,
      step: f.now.step,
      plainRatio: formatRatio(f.now.plain),
      plainInit: formatRatio(f.init.plain),
      resRatio: formatRatio(f.now.res),
      resInit: formatRatio(f.init.res),
      behind: formatRatio(f.now.behind),
    };
    const key: Key = f.now.plain >= 1 ? 'nowHealthy' : f.now.behind >= VANISHING_FACTOR ? 'nowVanishing' : 'nowEven';
    out.push({ id: `flow-now:${ids}`, phrase: say(key, v) });
  }
  return out;
}

/** The note beside the paper's argument, with what the user's runs show so far. */
function noteClaim(f: Flow | null, v: LessonVerdict): Claim {
  const parts: Phrase[] = [];
  if (!f) parts.push(say('yoursLater'));
  else {
    parts.push(say(f.init.plain > 1 ? 'yoursInitGrows' : 'yoursInitShrinks', { plain: f.plain.label, ratio: formatRatio(f.init.plain) }));
    if (f.now) {
      const vanishing = f.now.plain < 1 && f.now.behind >= VANISHING_FACTOR;
      parts.push(say(vanishing ? 'yoursVanishing' : 'yoursNoVanishing', { step: f.now.step, behind: formatRatio(f.now.behind), res: f.res.label }));
    }
    const deg = v.degradation;
    if (deg && deg.a.id === f.plain.id) {
      const key: Key = deg.c.state !== 'apart' ? 'yoursUndecided' : deg.c.lower === 'b' ? 'yoursDegraded' : 'yoursNotDegraded';
      parts.push(say(key, { shallow: deg.b.label }));
    }
  }
  const yours = phrase(parts.map((_, i) => `{p${i}}`).join(' '), Object.fromEntries(parts.map((p, i) => [`p${i}`, p])));
  return { id: 'vanishing-or-degradation', phrase: say('note', { yours }) };
}

function headline(v: LessonVerdict): Claim | null {
  const deg = v.degradation;
  const cut = v.deepShortcut;
  if (!deg || !cut) return null;
  const vars = { step: Math.min(deg.c.step, cut.c.step), deep: deg.a.label, shallow: deg.b.label, res: cut.a.label, k: K };
  return { id: 'lesson', phrase: say(v.holds ? 'holds' : 'notYet', vars) };
}

export interface LessonExplanation {
  verdict: LessonVerdict;
  /** In reading order: the verdict, the loss comparisons, the gradient flow, the note. Empty before any step. */
  claims: Claim[];
}

/** The verdict and the claims for the runs as they are now. */
export function explainLesson(runs: readonly LessonRunFlow[]): LessonExplanation {
  const verdict = lessonVerdict(runs);
  if (!runs.some((r) => r.losses.length > 0)) return { verdict, claims: [] };
  const claims: Claim[] = [];
  const top = headline(verdict);
  if (top) claims.push(top);
  if (verdict.degradation) claims.push(degradationClaim(verdict.degradation));
  // The shortcut at the deepest plain net's depth first (the lesson's), then any other.
  const cuts = [...verdict.shortcuts].sort((a, b) => Number(b === verdict.deepShortcut) - Number(a === verdict.deepShortcut));
  claims.push(...cuts.map(shortcutClaim));
  if (!verdict.degradation && verdict.shortcuts.length === 0) claims.push({ id: 'no-pairs', phrase: say('noPairs') });
  const flow = flowOf(runs);
  if (flow) claims.push(...flowClaims(flow));
  claims.push(noteClaim(flow, verdict));
  return { verdict, claims };
}
