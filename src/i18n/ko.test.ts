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
import { trainBackendPhraseSamples } from '../runtime/train/trainBackend';
import { variantLabel } from '../state/compareState';
import { explain } from '../ui/learn/explain';
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

  it('has every phrase of where training runs and why, and of a lost GPU', () => {
    const templates = new Set<string>();
    for (const p of trainBackendPhraseSamples()) templatesOf(p, templates);
    expect(templates.size).toBeGreaterThanOrEqual(11);
    expect(missing(templates)).toEqual([]);
    expect(translate('ko', trainBackendPhraseSamples()[4])).toBe(
      '링크가 요청한 백엔드(trainbackend=webgpu)를 여기서 시작할 수 없습니다(no adapter). 학습에 쓸 GPU가 없습니다: 이 브라우저는 여기서 WebGPU도 WebGL도 제공하지 않습니다.',
    );
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
