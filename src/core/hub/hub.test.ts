/** Opening Hub models by name, the pure part: ids, the name table both ways, timm's and transformers' configs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centreCrop, english, expandSpec, normalizeKey, parseSpec, planPreprocess, presetSpec, sameSpec, stateDictSchema } from '..';
import {
  TRANSFORMERS_NAMES,
  approxStateDictBytes,
  hubModelPhrase,
  parseHubRepo,
  preprocessingPhrase,
  readHubConfig,
  refusalPhrase,
  repoOfFileUrl,
  hubFileUrl,
  toTorchvision,
  toTransformers,
  torchvisionKey,
  transformersModuleName,
  type HubModel,
  type HubReading,
} from '.';

const FIXTURES = new URL('../../../tests/fixtures/hub/', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as unknown;
const keysOf = (path: string) => {
  const bytes = readFileSync(new URL(path, FIXTURES));
  const n = Number(bytes.readBigUInt64LE(0));
  return Object.keys(JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as object).filter((k) => k !== '__metadata__');
};
const repo = (id: string) => {
  const r = parseHubRepo(id);
  if (!r.ok) throw new Error(english(r.problem));
  return r.repo;
};
const read = (id: string, dir = id, pre = false): HubReading =>
  readHubConfig(repo(id), json(`${dir}/config.json`), pre ? json(`${dir}/preprocessor_config.json`) : null);
const model = (r: HubReading): HubModel => {
  if (!r.ok) throw new Error(english(refusalPhrase(r.refusal)));
  return r.model;
};
const refused = (r: HubReading): string => {
  if (r.ok) throw new Error('not refused');
  return english(refusalPhrase(r.refusal));
};

describe('repository ids', () => {
  it.each([
    ['timm/resnet50.a1_in1k', 'timm/resnet50.a1_in1k'],
    ['  microsoft/resnet-50 ', 'microsoft/resnet-50'],
    ['https://huggingface.co/timm/resnet50.a1_in1k', 'timm/resnet50.a1_in1k'],
    ['https://huggingface.co/microsoft/resnet-50/tree/main', 'microsoft/resnet-50'],
    ['https://huggingface.co/microsoft/resnet-50/blob/main/config.json', 'microsoft/resnet-50'],
    ['https://huggingface.co/timm/resnet18.a1_in1k?library=timm#model-details', 'timm/resnet18.a1_in1k'],
    ['huggingface.co/timm/resnet18.tv_in1k', 'timm/resnet18.tv_in1k'],
    ['https://hf.co/microsoft/resnet-18', 'microsoft/resnet-18'],
    ['http://www.huggingface.co/A_b/c-D.e', 'A_b/c-D.e'],
  ])('%s is %s', (text, id) => {
    const r = parseHubRepo(text);
    expect(r.ok && r.repo.id).toBe(id);
  });

  it.each([
    ['../etc/passwd', 'climbs'],
    ['timm/../../x', 'climbs'],
    ['timm/resnet50..a1', 'climbs'],
    ['%2e%2e/%2e%2e/x', 'climbs'],
    ['timm/%2E%2E', 'climbs'],
    ['https://huggingface.co/timm/%2e%2e/resolve/main/x', 'climbs'],
    ['timm/resnet50.a1_in1k@main', 'at'],
    ['https://user:pw@huggingface.co/timm/x', 'at'],
    ['https://evil.example/timm/resnet50.a1_in1k', 'host'],
    ['https://huggingface.co.evil.example/timm/x', 'host'],
    ['evil.example/timm/resnet50', 'host'],
    ['https://huggingface.co:8443/timm/x', 'host'],
    ['javascript:alert(1)', 'scheme'],
    ['file:///etc/passwd', 'scheme'],
    ['https://huggingface.co/datasets/timm/imagenet-1k-wds', 'not-a-model'],
    ['https://huggingface.co/timm/resnet50.a1_in1k/tree/v0.1', 'revision'],
    ['timm/resnet50 a1', 'characters'],
    ['timm\\resnet50', 'characters'],
    ['timm/-resnet', 'characters'],
    ['timm/resnet--50', 'characters'],
    ['timm/résnet', 'characters'],
    ['resnet50', 'shape'],
    ['a/b/c', 'shape'],
    ['//evil.example/x', 'shape'],
    ['', 'empty'],
  ])('%s is refused (%s) with a phrase', (text, code) => {
    const r = parseHubRepo(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(english(r.problem).length).toBeGreaterThan(10);
    }
  });

  it('makes resolve URLs on main, and reads them back', () => {
    const r = repo('timm/resnet50.a1_in1k');
    const url = hubFileUrl(r, 'model.safetensors');
    expect(url).toBe('https://huggingface.co/timm/resnet50.a1_in1k/resolve/main/model.safetensors');
    expect(repoOfFileUrl(url)).toEqual({ repo: r, file: 'model.safetensors' });
    expect(repoOfFileUrl('https://huggingface.co/timm/x/resolve/v1/model.safetensors')).toBeNull();
  });
});

describe('transformers ↔ torchvision names', () => {
  for (const name of ['tiny-bottleneck', 'tiny-basic', 'tiny-bottleneck-v1']) {
    it(`${name}: every transformers key maps to the torchvision key PyTorch checked, and back`, () => {
      const theirs = keysOf(`tiny/${name}/model.safetensors`);
      const tv = keysOf(`tiny/${name}/torchvision.safetensors`).filter((k) => !k.endsWith('num_batches_tracked'));
      expect(theirs.map((k) => toTorchvision(k))).toEqual(tv);
      expect(tv.map((k) => toTransformers(k))).toEqual(theirs);
    });
  }

  it('covers every parameter of every preset, both ways', () => {
    for (const preset of ['resnet18', 'resnet50', 'resnext50_32x4d'] as const) {
      for (const p of stateDictSchema(expandSpec(presetSpec(preset)))) {
        const theirs = toTransformers(p.key);
        expect(theirs, p.key).not.toBeNull();
        expect(toTorchvision(theirs!)).toBe(p.key);
        expect(torchvisionKey(theirs!)).toBe(p.key);
      }
    }
    expect(toTransformers('layer2.0.downsample.0.weight')).toBe('resnet.encoder.stages.1.layers.0.shortcut.convolution.weight');
    expect(toTransformers('layer4.2.bn3.num_batches_tracked')).toBe('resnet.encoder.stages.3.layers.2.layer.2.normalization.num_batches_tracked');
    expect(toTorchvision('classifier.1.bias')).toBe('fc.bias');
    expect(transformersModuleName('bn1')).toBe('resnet.embedder.embedder.normalization');
  });

  it('leaves other keys alone and refuses impossible ones', () => {
    expect(toTorchvision('layer1.0.conv1.weight')).toBeNull();
    expect(toTorchvision('resnet.encoder.stages.01.layers.0.layer.0.convolution.weight')).toBeNull();
    expect(toTransformers('layer0.0.conv1.weight')).toBeNull();
    expect(toTransformers('layer1.0.conv0.weight')).toBeNull();
    expect(toTorchvision('classifier.0.weight')).toBeNull();
    expect(torchvisionKey('module.resnet.embedder.embedder.convolution.weight')).toBe('conv1.weight');
    expect(normalizeKey('module.layer1.0.conv1.weight')).toBe('layer1.0.conv1.weight');
    expect(torchvisionKey('something.else')).toBe('something.else');
    expect(TRANSFORMERS_NAMES.length).toBe(7);
  });
});

describe("timm's config.json", () => {
  it('resnet50.a1_in1k is ResNet-50 with bicubic, crop 0.95 (resize 235) and ImageNet statistics', () => {
    const m = model(read('timm/resnet50.a1_in1k'));
    expect(sameSpec(m.spec, presetSpec('resnet50'))).toBe(true);
    expect(m).toMatchObject({ library: 'timm', architecture: 'resnet50', tag: 'a1_in1k', naming: 'torchvision', notes: [] });
    // timm's transforms_imagenet_eval: Resize(floor(224 / 0.95) = 235, bicubic), CenterCrop(224), rounding as torchvision.
    expect(m.preprocessing).toEqual({ interpolation: 'bicubic', resize: 235, crop: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(m.cropPct).toBe(0.95);
    expect(english(hubModelPhrase(m))).toBe('timm · resnet50 · a1_in1k · 25.6 M parameters');
    expect(english(preprocessingPhrase(m.preprocessing, m.cropPct))).toBe('bicubic, crop 0.95');
    // 4 bytes per parameter and BN statistic, and headers: the 102 MB of the real file.
    expect(Math.round(approxStateDictBytes(m.spec) / 1e6)).toBe(102);
  });

  it('resnet34.ra4_e3600_r224_in1k keeps its own mean and std (0.5) and crop 0.9 (resize 248)', () => {
    const m = model(read('timm/resnet34.ra4_e3600_r224_in1k'));
    expect(sameSpec(m.spec, presetSpec('resnet34'))).toBe(true);
    expect(m.preprocessing).toMatchObject({ resize: 248, crop: 224, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(m.cropPct).toBe(0.9);
  });

  it('refuses resnet50d for its deep stem and average-pool shortcuts, before any weights', () => {
    expect(refused(read('timm/resnet50d.ra2_in1k'))).toBe(
      'timm’s resnet50d cannot be opened: it has a deep stem (three 3×3 convolutions where torchvision has one 7×7) and an average pool before each 1×1 projection shortcut. ' +
        'The app builds timm’s ResNets whose modules are torchvision’s: resnet18, resnet34, resnet26, resnet50, resnet101, resnet152, resnet200, wide_resnet50_2, wide_resnet101_2, resnext50_32x4d, resnext101_32x4d, resnext101_32x8d, resnext101_32x16d, resnext101_32x32d, resnext101_64x4d.',
    );
  });

  it.each([
    ['resnet50c', 'deep stem (three'],
    ['resnet101s', 'deep stem (three'],
    ['resnet26t', 'average pool before each 1×1'],
    ['resnext50d_32x4d', 'average pool before each 1×1'],
    ['seresnet50', 'squeeze-and-excitation'],
    ['seresnext101_32x8d', 'squeeze-and-excitation'],
    ['ecaresnet50d', 'efficient channel attention'],
    ['resnetblur50', 'anti-aliasing'],
    ['seresnextaa101d_32x8d', 'anti-aliasing'],
    ['resnet50_gn', 'group norm'],
    ['resnetrs101', 'ResNet-RS'],
    ['resnetv2_50x1_bit', 'pre-activation'],
    ['skresnet34', 'selective-kernel'],
    ['resnest50d', 'split-attention'],
    ['vit_base_patch16_224', 'vision transformer'],
    ['convnext_tiny', 'is not a ResNet'],
  ])('refuses %s: %s', (architecture, why) => {
    const r = readHubConfig(repo(`timm/${architecture}.x`), { architecture, num_classes: 1000, pretrained_cfg: {} });
    expect(refused(r)).toContain(why);
    expect(refused(r)).toContain(`timm’s ${architecture} cannot be opened`);
  });

  it('reads the legacy single-dict config, class counts, labels, and refuses arguments that change modules', () => {
    const legacy = model(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', num_classes: 10, input_size: [3, 64, 64], crop_pct: 1, interpolation: 'bilinear', labels: null }));
    expect(legacy.spec).toMatchObject({ numClasses: 10, input: { channels: 3, height: 64, width: 64 } });
    expect(legacy.preprocessing).toMatchObject({ interpolation: 'bilinear', resize: 64, crop: 64 });
    const labelled = model(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', num_classes: 2, label_names: ['cat', 'dog'], pretrained_cfg: {} }));
    expect(labelled.labels).toEqual(['cat', 'dog']);
    expect(refused(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', model_args: { output_stride: 8 }, pretrained_cfg: {} }))).toContain('output_stride');
    expect(refused(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', num_classes: 0, pretrained_cfg: {} }))).toContain('no classifier');
    expect(refused(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', global_pool: 'catavgmax', pretrained_cfg: {} }))).toContain('catavgmax');
    const squash = model(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', pretrained_cfg: { crop_mode: 'squash', crop_pct: 0.875 } }));
    expect(squash.preprocessing.resize).toBe(256);
    expect(english(squash.notes[0])).toContain('squashing it');
    const lanczos = model(readHubConfig(repo('someone/r18'), { architecture: 'resnet18', pretrained_cfg: { interpolation: 'lanczos' } }));
    expect(lanczos.preprocessing.interpolation).toBe('bicubic');
    expect(english(lanczos.notes[0])).toBe('It asks for lanczos resampling, which the app does not do; it resamples with bicubic.');
  });
});

describe("transformers' config.json and preprocessor_config.json", () => {
  it('microsoft/resnet-50 is ResNet-50 (v1.5) with bicubic, crop 0.875 (resize 256, floor offsets), its 1000 labels', () => {
    const m = model(read('microsoft/resnet-50', undefined, true));
    expect(sameSpec(m.spec, presetSpec('resnet50'))).toBe(true);
    expect(m).toMatchObject({ library: 'transformers', architecture: 'ResNetForImageClassification', naming: 'transformers', notes: [] });
    // ConvNextImageProcessor: resize int(224 / 0.875) = 256 (PIL bicubic), crop 224 with (size - 224) // 2 offsets.
    expect(m.preprocessing).toMatchObject({ interpolation: 'bicubic', resize: 256, crop: 224, cropOffset: 'floor' });
    expect(m.preprocessing.mean.map((v) => +v.toFixed(9))).toEqual([0.485, 0.456, 0.406]);
    expect(m.preprocessing.std.map((v) => +v.toFixed(9))).toEqual([0.229, 0.224, 0.225]);
    expect(m.cropPct).toBe(0.875);
    expect(m.labels).toHaveLength(1000);
    expect(english(hubModelPhrase(m))).toBe('transformers · microsoft/resnet-50 · 25.6 M parameters');
  });

  it.each([
    ['tiny-bottleneck', { block: 'bottleneck', stages: [{ blocks: 2, width: 4, stride: 1 }, { blocks: 1, width: 8, stride: 2 }, { blocks: 1, width: 16, stride: 2 }], stridePlacement: 'v1.5', numClasses: 5 }],
    ['tiny-basic', { block: 'basic', stages: [{ blocks: 1, width: 8, stride: 2 }, { blocks: 2, width: 16, stride: 2 }, { blocks: 1, width: 24, stride: 2 }], numClasses: 4 }],
    ['tiny-bottleneck-v1', { block: 'bottleneck', stages: [{ blocks: 1, width: 4, stride: 1 }, { blocks: 2, width: 8, stride: 2 }], stridePlacement: 'v1', numClasses: 3 }],
  ])('%s builds the spec its modules have', (name, expected) => {
    const m = model(read('someone/tiny', `tiny/${name}`, true));
    expect(m.spec).toMatchObject({ stem: { kernel: 7, stride: 2, width: 8, maxPool: true }, shortcut: 'B', groups: 1, widthPerGroup: 64, ...expected });
    // What the weights' shapes say is the same architecture.
    const index = json('index.json') as Record<string, { params: number }>;
    const parsed = parseSpec(m.spec);
    expect(parsed.ok).toBe(true);
    expect(stateDictSchema(expandSpec(m.spec)).filter((p) => p.dtype === 'F32' && !p.role.includes('running')).reduce((s, p) => s + p.shape.reduce((a, b) => a * b, 1), 0)).toBe(index[name].params);
  });

  it('refuses a ViT, a backbone without classifier, other activations and odd bottlenecks', () => {
    expect(refused(read('google/vit-base-patch16-224'))).toBe(
      'a Vision Transformer (ViT) (transformers’ ViTForImageClassification) cannot be opened: it is not a ResNet: the app builds transformers’ ResNetForImageClassification (model_type “resnet”).',
    );
    const base = json('microsoft/resnet-50/config.json') as Record<string, unknown>;
    expect(refused(readHubConfig(repo('a/b'), { ...base, architectures: ['ResNetBackbone'] }))).toContain('without its classifier');
    expect(refused(readHubConfig(repo('a/b'), { ...base, hidden_act: 'gelu' }))).toContain('“gelu”');
    expect(refused(readHubConfig(repo('a/b'), { ...base, hidden_sizes: [256, 512, 1024, 2046] }))).toContain('multiple of 4');
    expect(refused(readHubConfig(repo('a/b'), { ...base, depths: [3, 4] }))).toContain('same length');
    expect(refused(readHubConfig(repo('a/b'), { hello: 1 }))).toContain('neither timm’s nor transformers’');
  });

  it('follows the preprocessor: no file, ViT-style squash, larger sizes warp, rescale folded into the statistics', () => {
    const cfg = json('microsoft/resnet-50/config.json');
    const none = model(readHubConfig(repo('a/b'), cfg, null));
    expect(none.preprocessing).toMatchObject({ interpolation: 'bilinear', resize: 256, crop: 224 });
    expect(none.notes.map(english)[0]).toContain('no preprocessor_config.json');
    const vit = model(readHubConfig(repo('a/b'), cfg, { image_processor_type: 'ViTImageProcessor', size: { height: 224, width: 224 }, resample: 2 }));
    expect(vit.preprocessing).toMatchObject({ interpolation: 'bilinear', resize: 224, crop: 224, mean: [0.5, 0.5, 0.5] });
    expect(english(vit.notes[0])).toContain('squashing it');
    const big = model(readHubConfig(repo('a/b'), cfg, { image_processor_type: 'ConvNextImageProcessor', size: { shortest_edge: 384 } }));
    expect(big.preprocessing).toMatchObject({ resize: 384, crop: 384 });
    expect(big.spec.input).toEqual({ channels: 3, height: 384, width: 384 });
    const raw = model(readHubConfig(repo('a/b'), cfg, { image_processor_type: 'ConvNextImageProcessor', size: 224, do_rescale: false, image_mean: [127.5, 127.5, 127.5], image_std: [127.5, 127.5, 127.5] }));
    expect(raw.preprocessing.mean.map((v) => v.toFixed(6))).toEqual(['0.500000', '0.500000', '0.500000']);
  });
});

describe("transformers' centre crop", () => {
  it('offsets by (size - crop) // 2 where torchvision rounds halves to even, and pads ceil((crop - size) / 2) before', () => {
    // 259 - 224 = 35: torchvision round(17.5) = 18, transformers 35 // 2 = 17.
    expect(centreCrop({ width: 259, height: 256 }, { width: 224, height: 224 }).x).toBe(18);
    expect(centreCrop({ width: 259, height: 256 }, { width: 224, height: 224 }, 'floor').x).toBe(17);
    expect(centreCrop({ width: 221, height: 300 }, { width: 224, height: 224 }, 'floor').x).toBe(-2);
    const m = model(read('microsoft/resnet-50', undefined, true));
    expect(planPreprocess({ width: 259, height: 256 }, { height: 224, width: 224 }, m.preprocessing).crop).toMatchObject({ x: 17, y: 16 });
    expect(planPreprocess({ width: 259, height: 256 }, { height: 224, width: 224 }, { ...m.preprocessing, cropOffset: undefined }).crop).toMatchObject({ x: 18, y: 16 });
  });
});
