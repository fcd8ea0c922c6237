/**
 * A stand-in for torchvision's ImageNet weights of a preset: a real-shaped state_dict (every key, shape and dtype
 * of the real file) with seeded values of He-initialisation scale, written as safetensors. The tests and the
 * benchmark serve it under the Hub's real URL, so nothing needs the network.
 */
// Module by module: the core's index also loads JSON, which Playwright's loader does not.
import { expandSpec } from '../src/core/graph';
import { presetSpec, type PresetName } from '../src/core/presets';
import { stateDictSchema } from '../src/core/stateDict';
import { writeSafetensors, type TensorToWrite } from '../src/runtime/weights/safetensors';
import { seededRandom } from '../src/runtime/train/data';

export function standInWeights(preset: PresetName, seed = 7): Uint8Array {
  const rand = seededRandom(seed);
  const uniform = (n: number, bound: number, offset = 0) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = offset + (rand() * 2 - 1) * bound;
    return out;
  };
  const tensors: TensorToWrite[] = stateDictSchema(expandSpec(presetSpec(preset))).map((p) => {
    const n = p.shape.reduce((a, b) => a * b, 1);
    const fanIn = p.shape.slice(1).reduce((a, b) => a * b, 1);
    let data: Float32Array | BigInt64Array;
    switch (p.role) {
      case 'conv':
        data = uniform(n, Math.sqrt(6 / fanIn));
        break;
      case 'fc.weight':
        data = uniform(n, 1 / Math.sqrt(fanIn));
        break;
      case 'bn.weight':
      case 'bn.running_var':
        data = uniform(n, 0.2, 1);
        break;
      case 'bn.num_batches_tracked':
        data = BigInt64Array.from([1000n]);
        break;
      default:
        data = uniform(n, 0.05);
    }
    return { name: p.key, dtype: p.dtype, shape: p.shape, data };
  });
  return writeSafetensors(tensors, { format: 'pt' });
}
