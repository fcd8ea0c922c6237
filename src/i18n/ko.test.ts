/**
 * Every English text the app words has its Korean: the literal `t('…')` calls of the UI (read from the source),
 * the phrases the core and the layout make (validation errors, shape problems, graph and compare labels,
 * differences, explanations), for models of every kind, and every phrase the runtime and the stores can produce
 * (read from the source, and checked against what the weights readers really say of hostile and bogus files).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSpec, checkModel, differences, english, INTERPOLATIONS, parseSpec, phrase, presetSpec, PRESET_NAMES, type Phrase, type PhraseError, type ResNetSpec } from '../core';
import { COLLAPSED, EXPANDED } from '../layout/collapse';
import { compareLayout } from '../layout/compareLayout';
import { layoutGraph } from '../layout/layout';
import { wrapLayout } from '../layout/wrap';
import { readWeightsFile } from '../runtime/weights/load';
import { nchwInput } from '../runtime/modelWorker/nhwc';
import { trainBackendPhraseSamples } from '../runtime/train/trainBackend';
import { inputGradPlan } from '../runtime/train/conv';
import { decodeFashionMnist, encodeFashionMnist } from '../runtime/train/fashionMnist';
import { variantLabel } from '../state/compareState';
import { explain } from '../ui/learn/explain';
import { hubModelPhrase, preprocessingPhrase, readHubConfig, refusalPhrase } from '../core/hub';
import { lesionBlocks } from '../core/lab';
import { explainEach } from '../ui/lab/explain';
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

/**
 * The templates the runtime and the stores can produce. By convention each is the literal first argument of a
 * `phrase(…)` call (or of the Hub flow's `say(kind, …)`), so they are read from the source; the rooms whose
 * messages are all phrases may not build a template any other way, so none escapes this list.
 */
const MESSAGE_ROOMS = ['runtime', 'state'];
const PHRASE_ONLY = /^runtime\/(?:weights|input|backends|model|modelWorker|workers|train|lab)\/|^runtime\/(?:runner|inference|compareModels)\.ts$|^state\/labStore\.ts$/;
const LITERAL = String.raw`'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"`;

function runtimeTemplates(): { templates: string[]; built: string[] } {
  const templates: string[] = [];
  const built: string[] = [];
  const root = join(__dirname, '..');
  for (const room of MESSAGE_ROOMS) {
    for (const file of sourceFiles(join(root, room))) {
      const src = readFileSync(file, 'utf8');
      const rel = file.slice(root.length + 1);
      // Under another name, phrase(…) would hide its templates from this list.
      if (PHRASE_ONLY.test(rel) && /\bphrase as \w/.test(src)) built.push(`${rel}: imports phrase under another name`);
      for (const m of src.matchAll(new RegExp(String.raw`\b(?:phrase\(|say\(\s*'(?:error|note)',)\s*(?:${LITERAL})?`, 'g'))) {
        const text = m[1] ?? m[2];
        if (text !== undefined) templates.push(text.replace(/\\(.)/g, '$1'));
        else if (PHRASE_ONLY.test(rel) && !/^phrase\(\s*template\b/.test(src.slice(m.index))) built.push(`${rel}: ${src.slice(m.index, m.index + 60)}`);
      }
    }
  }
  return { templates, built };
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

  it('has every phrase the runtime and the stores can produce', () => {
    const { templates, built } = runtimeTemplates();
    // Weights readers, images, backends, the model's worker, downloads: well over a hundred.
    expect(templates.length).toBeGreaterThan(150);
    expect(built).toEqual([]);
    expect(missing(templates)).toEqual([]);
  });

  it('throws plain Errors, in the rooms whose messages are phrases, only for programming errors, each marked so', () => {
    const root = join(__dirname, '..');
    const unmarked: string[] = [];
    for (const file of MESSAGE_ROOMS.flatMap((room) => sourceFiles(join(root, room)))) {
      const rel = file.slice(root.length + 1);
      if (!PHRASE_ONLY.test(rel)) continue;
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/\bnew (?:Type|Range)?Error\(/.test(line)) return;
        // The comment just above says why no user ever reads it (a programming error, or Node's English-only CLIs).
        const above = lines.slice(Math.max(0, i - 3), i + 1).join(' ');
        if (!/programming error|never shown|Node only/i.test(above)) unmarked.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(unmarked).toEqual([]);
  });

  it('has every refusal a hostile, truncated or bogus weights file meets, worded in Korean', () => {
    const { templates } = runtimeTemplates();
    const scanned = new Set(templates);
    const pth = join(__dirname, '../../tests/fixtures/pth');
    const good = new Uint8Array(readFileSync(join(pth, 'tiny-basic.pth')));
    const legacy = new Uint8Array(readFileSync(join(pth, 'tiny-basic.legacy.pth')));
    const files = [
      ...readdirSync(pth).filter((f) => f.startsWith('evil') || f.startsWith('not-a')).map((f) => new Uint8Array(readFileSync(join(pth, f)))),
      good.slice(0, good.length - 300),
      legacy.slice(0, legacy.length - 300),
      legacy.slice(0, 40),
      new TextEncoder().encode('a note saved as model.pth'),
      new TextEncoder().encode('{"weightsManifest": []}'),
      new Uint8Array(0),
      new Uint8Array(4096).map((_, i) => 0x90 + ((i * 7) % 13)),
    ];
    const seen = new Set<string>();
    for (const bytes of files) {
      let refusal: Phrase | null = null;
      try {
        readWeightsFile(bytes);
      } catch (e) {
        refusal = (e as PhraseError).phrase;
      }
      expect(refusal).not.toBeNull();
      templatesOf(refusal!, seen);
      // No English sentence left: at most names, numbers and the file's own bytes.
      expect(translate('ko', refusal!), english(refusal!)).toMatch(/[가-힣]/);
    }
    expect(seen.size).toBeGreaterThan(8);
    expect([...seen].filter((t) => !scanned.has(t))).toEqual([]);
    expect(missing(seen)).toEqual([]);
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

  it("has the resize filters' names the Run tab puts in its preprocessing sentence", () => {
    const vars = { name: 'cat.png', w: 451, h: 300, rw: 384, rh: 256, side: 256, cw: 224, ch: 224, mean: '0.485, 0.456, 0.406', std: '0.229, 0.224, 0.225' };
    const template =
      '{name}: {h}×{w} → resized with PIL’s {filter} filter (antialiased) to {rh}×{rw} (shorter side {side}), centre crop {ch}×{cw}, scaled to [0, 1] and normalised with mean ({mean}) and std ({std}), as torchvision does.';
    expect(missing(INTERPOLATIONS)).toEqual([]);
    for (const f of INTERPOLATIONS) expect(translate('ko', phrase(template, { ...vars, filter: phrase(f) }))).not.toMatch(/bilinear|bicubic|resized/);
    expect(translate('ko', phrase(template, { ...vars, filter: phrase('bicubic') }))).toContain('PIL의 쌍삼차 필터(안티에일리어싱)로 256×384 크기로 조정');
  });
});

describe('Korean for opening Hub models by name', () => {
  it('has every phrase the Hub code makes (ids, configs, refusals, downloads), read from its source', () => {
    const files = [
      ...sourceFiles(join(__dirname, '../core/hub')),
      join(__dirname, '../runtime/weights/hub.ts'),
      join(__dirname, '../runtime/weights/hubCheck.ts'),
      join(__dirname, '../ui/run/preprocessSentence.ts'),
    ];
    const texts: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/\bphrase\(\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")/g)) texts.push((m[1] ?? m[2]).replace(/\\(.)/g, '$1'));
      // Phrases made from named constants and tables (the timm reasons, transformers' model types).
      for (const m of src.matchAll(/^\s+(?:const \w+ = |\w+: )'([^']+ [^']+)',?;?$/gm)) texts.push(m[1]);
    }
    expect(texts.length).toBeGreaterThan(60);
    expect(missing(texts)).toEqual([]);
  });

  it('words a refusal and a summary in Korean', () => {
    const r = readHubConfig({ owner: 'timm', name: 'resnet50d.ra2_in1k', id: 'timm/resnet50d.ra2_in1k' }, { architecture: 'resnet50d', pretrained_cfg: {} });
    expect(!r.ok && translate('ko', refusalPhrase(r.refusal))).toMatch(/^timm의 resnet50d: 열 수 없습니다\. 깊은 스템\(.*\)과 각 1×1 프로젝션 숏컷 앞의 평균 풀링이 있습니다\. /);
    const ok = readHubConfig({ owner: 'timm', name: 'resnet50.a1_in1k', id: 'timm/resnet50.a1_in1k' }, { architecture: 'resnet50', pretrained_cfg: { tag: 'a1_in1k', crop_pct: 0.95 } });
    expect(ok.ok && translate('ko', hubModelPhrase(ok.model))).toBe('timm · resnet50 · a1_in1k · 파라미터 25.6 M');
    expect(ok.ok && translate('ko', preprocessingPhrase(ok.model.preprocessing, ok.model.cropPct))).toBe('쌍삼차, 자르기 0.95');
  });
});

describe("Korean for the live model's speed", () => {
  it("has the live model's speed messages (predictions first, the round trip)", () => {
    const templates = new Set<string>();
    try {
      nchwInput(new Float32Array(5), [1, 3, 2, 2]);
    } catch (e) {
      templatesOf((e as { phrase: Phrase }).phrase, templates);
    }
    expect(templates.size).toBe(1);
    expect(missing(templates)).toEqual([]);
    expect(translate('ko', { template: [...templates][0], vars: { count: 5, shape: '1, 3, 2, 2' } })).toBe('값 5개로는 [1, 3, 2, 2] 모양의 입력을 만들 수 없습니다');
  });
});

describe('Korean for the lab', () => {
  it('has every phrase the lab makes: what cannot be switched off, its refusals, and its explanations with numbers', () => {
    const templates = new Set<string>();
    // What cannot be switched off, and why, for plain nets of both block types.
    for (const spec of [{ ...presetSpec('resnet20'), residual: false }, { ...presetSpec('resnet50'), residual: false }]) {
      for (const d of lesionBlocks(analyzeSpec(spec))) if (!d.deletable) templatesOf(d.why, templates);
    }
    // Every phrase('…') literal of the lab's store, worker, directions and core (refusals, problems).
    for (const file of ['../state/labStore.ts', '../runtime/lab/worker/host.ts', '../runtime/lab/directions.ts', '../core/lab/lesion.ts', '../ui/lab/explain.ts']) {
      const src = readFileSync(join(__dirname, file), 'utf8');
      for (const m of src.matchAll(/\bphrase\(\s*'((?:[^'\\]|\\.)*)'/g)) templates.add(m[1].replace(/\\(.)/g, '$1'));
      for (const m of src.matchAll(/\?\s*'((?:[^'\\]|\\.)*\{\w+\}(?:[^'\\]|\\.)*)'\s*:\s*'((?:[^'\\]|\\.)*)'/g)) [m[1], m[2]].forEach((x) => templates.add(x.replace(/\\(.)/g, '$1')));
    }
    expect(templates.size).toBeGreaterThan(30);
    expect(missing(templates)).toEqual([]);
  });

  it('words the explanations with the learner’s numbers, a percentage taking the particle of 퍼센트', () => {
    const net = {
      key: 'primary' as const,
      label: 'ResNet-20',
      spec: presetSpec('resnet20'),
      blocks: ['layer1.0', 'layer1.1', 'layer1.2'].map((name) => ({ name, deletable: true })),
    };
    const score = (correct: number) => ({ count: 2000, correct, lossSum: 600 });
    const each = { sets: [{ deleted: [] }, { deleted: ['layer1.0'] }, { deleted: ['layer1.1'] }, { deleted: ['layer1.2'] }], scores: [score(1819), score(388), score(1302), score(1570)], progress: { status: 'done' } };
    const [p] = explainEach({ ...net, each } as unknown as Parameters<typeof explainEach>[0]);
    expect(translate('en', p)).toBe('ResNet-20 gets 91.0% of the 2,000 test images right. Switched off one at a time, every block but layer1.0 leaves it at 65.1%–78.5%; without layer1.0 it gets 19.4%.');
    expect(translate('ko', p)).toBe('ResNet-20: 테스트 이미지 2,000장 중 91.0%를 맞힙니다. 블록을 하나씩 끄면 layer1.0 블록을 뺀 나머지는 모두 65.1%–78.5%를 유지하고, layer1.0 블록 없이는 19.4%입니다.');
    const short = explainEach({ ...net, blocks: net.blocks.slice(0, 1), each: { ...each, sets: each.sets.slice(0, 2), scores: each.scores.slice(0, 2) } } as unknown as Parameters<typeof explainEach>[0]);
    expect(translate('ko', short[0])).toBe('ResNet-20: 테스트 이미지 2,000장 중 91.0%를 맞히고, layer1.0 블록 없이는 19.4%입니다.');
  });
});

describe('the Train tab in Korean', () => {
  /** Literal templates of phrases and training errors in the Train tab's code (the runtime's, the store's, the lesson's). */
  const literals = () => {
    const files = [...sourceFiles(join(__dirname, '../runtime/train')), ...sourceFiles(join(__dirname, '../core/lesson')), join(__dirname, '../state/trainStore.ts'), join(__dirname, '../core/trainSettings.ts'), join(__dirname, '../ui/train/sendToRun.ts')];
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
  it('words the training runtime’s refusals in Korean: training data that is not what it should be, a convolution it cannot pad', () => {
    const tiny = encodeFashionMnist({ rows: 2, cols: 2, train: { images: new Uint8Array(8), labels: Uint8Array.from([1, 2]), count: 2 }, test: { images: new Uint8Array(4), labels: Uint8Array.from([9]), count: 1 } });
    const badLabel = tiny.slice();
    badLabel[badLabel.length - 1] = 10;
    const newer = tiny.slice();
    newer[8] = 2;
    const refusals: Phrase[] = [];
    for (const bytes of [new Uint8Array(40), tiny.subarray(0, tiny.length - 1), badLabel, newer]) {
      try {
        decodeFashionMnist(bytes);
      } catch (e) {
        refusals.push((e as PhraseError).phrase);
      }
    }
    try {
      inputGradPlan(1, 1, 1);
    } catch (e) {
      refusals.push((e as PhraseError).phrase);
    }
    expect(refusals).toHaveLength(5);
    for (const p of refusals) {
      expect(missing(templatesOf(p, new Set()))).toEqual([]);
      expect(translate('ko', p), english(p)).toMatch(/[가-힣]/);
    }
    const wrapped = phrase('The training data could not be loaded: {reason}', { reason: refusals[1] });
    expect(translate('ko', wrapped)).toContain('Fashion-MNIST 부분 집합 파일이 46바이트인데 헤더에는 47바이트라고 되어 있습니다');
  });
});
