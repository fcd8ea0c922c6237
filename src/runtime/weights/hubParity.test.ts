/**
 * transformers' ResNets opened from their config.json compute what PyTorch computes, whichever file and names
 * hold the weights: model.safetensors and pytorch_model.bin in transformers' names, and the same weights under
 * torchvision's names (tests/fixtures/hub, made by make_hub_fixtures.py).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { checkModel, english, stateDictSchema } from '../../core';
import { parseHubRepo, readHubConfig, refusalPhrase } from '../../core/hub';
import { relativeError } from '../../../tests/parity';
import { useNodeBackend } from '../backends/node';
import { WeightsError, checkWeights, modelFromWeights, nchwToNhwc } from './load';
import { parseSafetensors, readFloat32 } from './safetensors';

const DIR = new URL('../../../tests/fixtures/hub/tiny/', import.meta.url);
const file = (name: string, f: string) => new Uint8Array(readFileSync(new URL(`${name}/${f}`, DIR)));
const jsonOf = (name: string, f: string) => JSON.parse(new TextDecoder().decode(file(name, f))) as unknown;

function analysisOf(name: string) {
  const repo = parseHubRepo('someone/tiny');
  if (!repo.ok) throw new Error('bad id');
  const r = readHubConfig(repo.repo, jsonOf(name, 'config.json'), jsonOf(name, 'preprocessor_config.json'));
  if (!r.ok) throw new Error(english(refusalPhrase(r.refusal)));
  const checked = checkModel(r.model.spec);
  if (!checked.ok) throw new Error('bad model');
  return checked.value;
}

describe('tiny transformers ResNets against PyTorch', () => {
  for (const name of ['tiny-bottleneck', 'tiny-basic', 'tiny-bottleneck-v1']) {
    it.each(['model.safetensors', 'pytorch_model.bin', 'torchvision.safetensors'])(`${name}: %s gives PyTorch's logits within 1e-4`, async (weightsFile) => {
      await useNodeBackend('cpu');
      const before = tf.memory().numTensors;
      const analysis = analysisOf(name);
      const model = modelFromWeights(analysis, checkWeights(file(name, weightsFile), analysis, stateDictSchema(analysis.graph)), { kind: 'file', name });
      const io = parseSafetensors(file(name, 'io.safetensors'));
      const input = io.entries.get('input')!;
      const expected = readFloat32(io, io.entries.get('logits')!);
      const x = nchwToNhwc(readFloat32(io, input), input.shape);
      const fast = model.predict(x, new Set());
      expect(fast.logits.shape).toEqual(io.entries.get('logits')!.shape);
      expect(relativeError(fast.logits.dataSync() as Float32Array, expected)).toBeLessThan(1e-4);
      const { logits } = model.forward(x, new Set());
      expect(relativeError(logits.dataSync() as Float32Array, expected)).toBeLessThan(1e-4);
      tf.dispose([x, fast.logits, logits]);
      model.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('a transformers file for another architecture is refused with torchvision names, and the shapes say which', () => {
    const analysis = analysisOf('tiny-basic');
    let problems: string[] = [];
    try {
      checkWeights(file('tiny-bottleneck', 'model.safetensors'), analysis, stateDictSchema(analysis.graph));
    } catch (e) {
      problems = (e as WeightsError).problems.map(english);
    }
    expect(problems.join('\n')).toContain('layer1.0.conv3.weight');
    expect(problems.join('\n')).not.toContain('resnet.encoder');
  });
});
