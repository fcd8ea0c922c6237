import { describe, expect, it } from 'vitest';
import { CIFAR_PRESETS, PRESET_NAMES, TORCHVISION_PRESETS, presetSpec } from './presets';
import { TORCHVISION_V1, TORCHVISION_V2 } from './preprocess';
import { hubUrl, isHubHost, pretrainedFor, pretrainedForSpec, pretrainedLabel } from './pretrained';

describe('the table of torchvision ImageNet weights on the Hub', () => {
  it('has V1 for every torchvision preset, V2 exactly where torchvision publishes it, and none for the CIFAR nets', () => {
    const withV2 = PRESET_NAMES.filter((p) => pretrainedFor(p).some((w) => w.weights === 'IMAGENET1K_V2'));
    expect(withV2).toEqual(['resnet50', 'resnet101', 'resnet152', 'wide_resnet50_2', 'wide_resnet101_2', 'resnext50_32x4d', 'resnext101_32x8d']);
    for (const p of TORCHVISION_PRESETS) expect(pretrainedFor(p)[0].weights).toBe('IMAGENET1K_V1');
    for (const p of CIFAR_PRESETS) expect(pretrainedFor(p)).toEqual([]);
  });

  it("builds timm's URLs with torchvision's names and timm's tags", () => {
    const [v1, v2] = pretrainedFor('resnet50');
    expect(v1.url).toBe('https://huggingface.co/timm/resnet50.tv_in1k/resolve/main/model.safetensors');
    expect(v2.url).toBe('https://huggingface.co/timm/resnet50.tv2_in1k/resolve/main/model.safetensors');
    expect(pretrainedFor('resnext101_64x4d')[0].url).toBe('https://huggingface.co/timm/resnext101_64x4d.tv_in1k/resolve/main/model.safetensors');
    expect(hubUrl('wide_resnet101_2', 'tv2_in1k')).toBe('https://huggingface.co/timm/wide_resnet101_2.tv2_in1k/resolve/main/model.safetensors');
  });

  it("follows torchvision's preprocessing and published accuracy", () => {
    const [v1, v2] = pretrainedFor('resnet50');
    expect([v1.resize, v1.crop, v1.preprocessing, v1.top1, v1.top5]).toEqual([256, 224, TORCHVISION_V1, 76.13, 92.862]);
    expect([v2.resize, v2.crop, v2.preprocessing, v2.top1, v2.top5]).toEqual([232, 224, TORCHVISION_V2, 80.858, 95.434]);
    // torchvision evaluates ResNeXt-101 64x4d's only (V1) weights at 232.
    expect(pretrainedFor('resnext101_64x4d')[0].preprocessing).toEqual(TORCHVISION_V2);
  });

  it('sizes a file at 4 bytes per float of parameters and BatchNorm statistics, plus its header', () => {
    const r50 = pretrainedFor('resnet50')[0].approxBytes;
    // 25,557,032 parameters + 53,120 running means and variances, as float32.
    const floats = 4 * (25_557_032 + 53_120);
    expect(r50).toBeGreaterThan(floats);
    expect(r50).toBeLessThan(floats + 50_000);
    expect(Math.round(r50 / 1e6)).toBe(102);
    expect(Math.round(pretrainedFor('resnet18')[0].approxBytes / 1e6)).toBe(47);
  });

  it('offers weights only to a model that is exactly a preset', () => {
    expect(pretrainedForSpec(presetSpec('resnet18')).map(pretrainedLabel)).toEqual(['ResNet-18 · IMAGENET1K_V1']);
    const custom = presetSpec('resnet18');
    custom.stages[0].blocks = 3;
    expect(pretrainedForSpec(custom)).toEqual([]);
    const otherClasses = presetSpec('resnet50');
    otherClasses.numClasses = 10;
    expect(pretrainedForSpec(otherClasses)).toEqual([]);
  });

  it("knows the Hub's hosts and no others", () => {
    for (const h of ['huggingface.co', 'cdn-lfs.huggingface.co', 'hf.co', 'cdn-lfs.hf.co', 'cas-bridge.xethub.hf.co']) expect(isHubHost(h)).toBe(true);
    for (const h of ['example.com', 'huggingface.co.evil.com', 'evilhf.co', 'nothuggingface.co']) expect(isHubHost(h)).toBe(false);
  });
});
