/** What `lesion` and `landscape` share: the network from --preset/--config and --weights, and the test set. */
import { readFileSync } from 'node:fs';
import { checkModel, english, type ModelAnalysis } from '../src/core';
import { startNodeBackend } from '../src/runtime/backends/node';
import { fashionMnistTest } from '../src/runtime/lab/data';
import type { LabData } from '../src/runtime/lab/evaluate';
import type { LabNet, TorchModules } from '../src/runtime/lab/labNet';
import { openNet } from '../src/runtime/lab/open';
import { FASHION_MNIST_INPUT, FASHION_MNIST_CLASSES } from '../src/runtime/train/fashionMnist';
import { readFashionMnist } from '../src/runtime/train/fashionMnistNode';
import { WeightsError } from '../src/runtime/weights/load';
import { someProblems } from '../src/runtime/weights/problems';
import { UsageError, specFromFlags } from './args';

export function readFlagFile(path: string, flag: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new UsageError(`cannot read ${flag} ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** A comma-separated list of finite numbers: `--alphas -1,-0.5,0,0.5,1`. */
export function numberList(raw: string | true | undefined, flag: string): number[] | undefined {
  if (raw === undefined) return undefined;
  const parts = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : [];
  const values = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (values.length === 0 || values.some((v) => !Number.isFinite(v))) throw new UsageError(`--${flag} must be numbers separated by commas, like -1,-0.5,0,0.5,1, got "${String(raw)}"`);
  return values;
}

/**
 * The network of --preset or --config (it must take the test set's 1×28×28 images and 10 classes) with the
 * weights of --weights (safetensors or .pth), on the WebAssembly backend, and the 2,000 test images.
 */
export async function openFromFlags(flags: Map<string, string | true>): Promise<{ analysis: ModelAnalysis; net: LabNet; modules: TorchModules; data: LabData }> {
  if (!flags.has('preset') && !flags.has('config')) throw new UsageError('give the network: --config spec.json (or --preset resnet20)');
  const weights = flags.get('weights');
  if (typeof weights !== 'string') throw new UsageError('give the weights: --weights w.pth (or .safetensors)');
  const spec = specFromFlags(flags, false);
  const { channels, height, width } = spec.input;
  if (channels !== FASHION_MNIST_INPUT.channels || height !== FASHION_MNIST_INPUT.height || width !== FASHION_MNIST_INPUT.width || spec.numClasses !== FASHION_MNIST_CLASSES.length) {
    throw new UsageError(`the network takes ${channels}×${height}×${width} images and ${spec.numClasses} classes; the test set has 1×28×28 images of 10 classes (Fashion-MNIST)`);
  }
  const checked = checkModel(spec);
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const bytes = readFlagFile(weights, '--weights');
  await startNodeBackend();
  try {
    const { net, modules } = openNet(checked.value, bytes);
    return { analysis: checked.value, net, modules, data: fashionMnistTest(await readFashionMnist()) };
  } catch (e) {
    if (e instanceof WeightsError) throw new UsageError(`--weights ${weights} does not fit this network: ${english(someProblems(e.problems, 4))}`);
    throw e;
  }
}

/** A PhraseError from the core or runtime, as a usage error in English. */
export function usage(e: unknown): never {
  if (e && typeof e === 'object' && 'phrase' in e) throw new UsageError(english((e as { phrase: Parameters<typeof english>[0] }).phrase));
  throw e;
}
