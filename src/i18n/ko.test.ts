/**
 * Every English text the app words has its Korean: the literal `t('…')` calls of the UI (read from the source),
 * and the phrases the core and the layout make (validation errors, shape problems, graph and compare labels,
 * differences, explanations), for models of every kind.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSpec, checkModel, differences, parseSpec, presetSpec, PRESET_NAMES, type Phrase, type ResNetSpec } from '../core';
import { COLLAPSED, EXPANDED } from '../layout/collapse';
import { compareLayout } from '../layout/compareLayout';
import { layoutGraph } from '../layout/layout';
import { wrapLayout } from '../layout/wrap';
import { variantLabel } from '../state/compareState';
import { explain } from '../ui/learn/explain';
import { LESSON_TEXT, explainLesson, formatDuration, weightedDepth, type LessonRunFlow } from '../core/lesson';
import { curve } from '../core/lesson/syntheticCurves';
import { TRAIN_SETTING_RULES, trainSettingProblems } from '../core/trainSettings';
import { translate } from './i18n';
import { KO, KO_PARTS } from './ko';

/** A template needs Korean when it holds a word (two letters or more) outside its slots and technical names. */
const TECHNICAL = /\b(Wide ResNet|ResNeXt|Plain|Conv|BatchNorm|ReLU|MaxPool|AvgPool|Linear|BasicBlock|Bottleneck|MACs|ResNet|CIFAR|ImageNet|layer\d\S*|fc|conv1|g\d+)\b/g;
const needsKorean = (template: string) => /[A-Za-z]{2}/.test(template.replace(/\{\w+\}/g, '').replace(TECHNICAL, ''));

function templatesOf(p: Phrase, out: Set<string>): Set<string> {
  out.add(p.template);
  for (const v of Object.values(p.vars ?? {})) if (typeof v === 'object') templatesOf(v, out);
  return out;
}

const missing = (templates: Iterable<string>) => [...new Set(templates)].filter((t) => needsKorean(t) && KO[t] === undefined);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('the dictionary', () => {
  it('translates each text in one part only', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [part, dict] of Object.entries(KO_PARTS)) {
      for (const key of Object.keys(dict)) {
        if (seen.has(key)) twice.push(`${key} (${seen.get(key)}, ${part})`);
        else seen.set(key, part);
      }
    }
    expect(twice).toEqual([]);
  });
});

describe('Korean for every text', () => {
  it("has every literal t('…') of the UI", () => {
    const texts: string[] = [];
    for (const file of sourceFiles(join(__dirname, '../ui'))) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) texts.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
    }
    expect(texts.length).toBeGreaterThan(200);
    expect(missing(texts)).toEqual([]);
  });

  it('has every phrase of the graph, the comparison and the explanations, for every kind of model', () => {
    const specs: ResNetSpec[] = [
      ...PRESET_NAMES.map(presetSpec),
      { ...presetSpec('resnet56'), shortcut: 'B' },
      { ...presetSpec('resnet50'), residual: false },
      { ...presetSpec('resnet18'), stem: { kernel: 3, stride: 1, width: 64, maxPool: false }, numClasses: 10 },
    ];
    const templates = new Set<string>();
    for (const spec of specs) {
      const a = analyzeSpec(spec);
      templatesOf(variantLabel(spec), templates);
      for (const collapse of [EXPANDED, COLLAPSED]) {
        const g = wrapLayout(layoutGraph(a, collapse), 1.6);
        for (const n of g.nodes) [n.label, n.detail].forEach((p) => p && templatesOf(p, templates));
        for (const gr of g.groups) templatesOf(gr.label, templates);
        for (const e of g.edges) if (e.label) templatesOf(e.label.text, templates);
      }
      for (const d of differences(spec, presetSpec('resnet50')).values()) d.forEach((p) => templatesOf(p, templates));
      const layers = [...a.graph.stages.map((s) => s.name), 'input', ...a.layers.map((l) => l.layer.id)];
      for (const key of layers) {
        const en = explain(key, a, 'en');
        const ko = explain(key, a, 'ko');
        expect(Boolean(en)).toBe(Boolean(ko));
        // Worded in Korean, an explanation keeps no English sentence: at most technical names.
        if (ko) for (const p of [ko.title, ...ko.paragraphs]) expect(p, p).toMatch(/[가-힣]/);
      }
    }
    const cmp = compareLayout(
      specs.slice(0, 4).map((s) => analyzeSpec(s)),
      new Set(['layer1', 'layer2', 'layer3', 'layer4']),
    );
    for (const c of cmp.cells) [c.title, ...c.lines, ...c.diff, ...c.blocks.map((b) => b.text)].forEach((p) => templatesOf(p, templates));
    expect(missing(templates)).toEqual([]);
  });

  it('has every validation message, field names included', () => {
    const bad: unknown[] = [
      { block: 'basic', stages: [{ blocks: '', width: 'wide', stride: 2.5 }], input: { height: 0 }, numClasses: -3 },
      { block: 'wide', stages: 'x', shortcut: 'C', residual: 'no', stem: { maxPool: 1 } },
      { block: 'basic', stages: [], groups: 2, widthPerGroup: 4 },
      { block: 'bottleneck', stages: [{ blocks: 1, width: 1, stride: 1 }], widthPerGroup: 1 },
      { block: 'basic', stages: [{ blocks: 1, width: 64, stride: 1 }, { blocks: 1, width: 32, stride: 2 }], shortcut: 'A' },
      { block: 'basic', stages: [{ blocks: 1, width: 64, stride: 1 }], input: 'big', stem: [] },
      null,
    ];
    const errors = bad.flatMap((raw) => {
      const r = parseSpec(raw);
      return r.ok ? [] : r.errors;
    });
    const tooSmall = checkModel({ ...presetSpec('resnet50'), input: { channels: 3, height: 8, width: 8 } });
    const tooBig = checkModel({ ...presetSpec('resnet50'), stages: presetSpec('resnet50').stages.map((s) => ({ ...s, width: 4096 })) });
    for (const r of [tooSmall, tooBig]) if (!r.ok) errors.push(...r.errors);
    expect(errors.length).toBeGreaterThan(15);
    const templates = new Set<string>();
    for (const e of errors) templatesOf(e.phrase, templates);
    expect(missing(templates)).toEqual([]);
    // Worded in Korean, field names included.
    const stage2 = parseSpec({ block: 'basic', stages: [{ blocks: 1, width: 64 }, { blocks: '', width: 64 }] });
    expect(!stage2.ok && stage2.errors[0].message).toBe('stage 2 blocks must be a number, got ""');
    expect(!stage2.ok && translate('ko', stage2.errors[0].phrase)).toBe('스테이지 2 블록 수: 숫자여야 합니다 (받은 값: "")');
  });
});

describe('the Train tab in Korean', () => {
  /** Literal templates of phrases and training errors in the Train tab's code (the runtime's, the store's, the lesson's). */
  const literals = () => {
    const files = [...sourceFiles(join(__dirname, '../runtime/train')), ...sourceFiles(join(__dirname, '../core/lesson')), join(__dirname, '../state/trainStore.ts'), join(__dirname, '../core/trainSettings.ts')];
    const out: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\b(?:phrase|TrainingError)\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) out.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
    }
    return out;
  };

  it('has every phrase of the lesson, the progress, the settings and training’s messages', () => {
    const templates = literals();
    expect(templates.length).toBeGreaterThan(30);
    templates.push(...Object.values(LESSON_TEXT), ...TRAIN_SETTING_RULES.flatMap((r) => [r.label, r.rule]));
    for (const ms of [3_000, 45_000, 80_000, 700_000, 3_900_000]) templatesOf(formatDuration(ms), new Set()).forEach((t) => templates.push(t));
    expect(missing(templates)).toEqual([]);
  });

  it('never puts a particle that depends on the last sound right after a number or a name', () => {
    const bad = Object.entries(KO_PARTS.train).filter(([, ko]) => /\}(?:은|는|을|를|과|와|으로|로|이|가)(?=[\s.,:;)!?]|$)/.test(ko));
    expect(bad).toEqual([]);
    // The old explanation said "{resLoss}로" after a number such as 2.10 (이 점 일영: 으로).
    expect(Object.values(KO).filter((ko) => /\{\w*Loss\}(?:으로|로)/.test(ko))).toEqual([]);
  });

  it('words every claim of a training run in Korean, numbers in place', () => {
    const run = (id: number, preset: 'plain20' | 'plain56' | 'resnet20' | 'resnet56', trend: (t: number) => number): LessonRunFlow => {
      const spec = presetSpec(preset);
      const depth = weightedDepth(spec);
      const norms = (first: number) => Array.from({ length: depth }, (_, i) => ({ key: i === depth - 1 ? 'fc.weight' : `l${i}.weight`, depth: i + 1, onShortcut: false, norm: i === 0 ? first : 1 }));
      return { id, label: preset, depth, residual: spec.residual, losses: curve(150, trend, 0.1, id + 1), diverged: false, flowInit: norms(spec.residual ? 12 : 1500), flowLatest: { step: 150, norms: norms(spec.residual ? 1.7 : 0.03) } };
    };
    const runs = [run(0, 'plain20', (t) => 0.6 + 1.7 * Math.exp(-t / 40)), run(1, 'plain56', () => 2.2), run(2, 'resnet20', (t) => 0.5 + 1.8 * Math.exp(-t / 40)), run(3, 'resnet56', (t) => 0.5 + 1.8 * Math.exp(-t / 50))];
    for (const steps of [10, 30, 150]) {
      const cut = runs.map((r) => ({ ...r, losses: r.losses.slice(0, steps) }));
      for (const c of explainLesson(cut).claims) {
        const ko = translate('ko', c.phrase);
        expect(ko, c.id).toMatch(/[가-힣]/);
        expect(ko, c.id).not.toMatch(/\b(the|and|steps?|loss)\b/i);
      }
    }
    const problems = trainSettingProblems({ lr: -1, steps: 0 });
    expect(translate('ko', problems.lr!)).toBe('학습률: 양수여야 합니다 (받은 값: -1)');
    expect(translate('ko', problems.steps!)).toBe('스텝 수: 1 이상의 정수여야 합니다 (받은 값: 0)');
    expect(translate('ko', formatDuration(80_000))).toBe('1분 20초');
  });
});
