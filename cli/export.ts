/**
 * `npm run --silent export -- --preset NAME | --config SPEC.json --format pytorch|spec|onnx [--weights W]`:
 * the configured model as a PyTorch file, as the spec JSON the app and `summary --config` read, or as an ONNX
 * file (opset 13) with the weights of W (a torchvision state_dict in safetensors; fresh torchvision-initialised
 * weights without it), on standard output.
 */
import { readFileSync } from 'node:fs';
import { checkModel, onnxModel, pytorchSource, specJson, stateDictSchema, type ModelAnalysis, type StateDictTensor } from '../src/core';
import { UsageError, command, parseFlags, runIfEntry, specFromFlags } from './args';
import { english } from '../src/core/phrase';
import { someProblems } from '../src/runtime/weights/problems';

const FORMATS = ['pytorch', 'spec', 'onnx'];

/** The state_dict to export: the file's, checked against the model, or fresh weights. */
async function stateDict(analysis: ModelAnalysis, weightsPath: string | undefined): Promise<Map<string, StateDictTensor>> {
  const { checkWeights, WeightsError, randomModel } = await import('../src/runtime/weights/load');
  const schema = stateDictSchema(analysis.graph);
  const dict = new Map<string, StateDictTensor>();
  if (weightsPath === undefined) {
    const backends = await import('../src/runtime/backends/node');
    await backends.useNodeBackend('wasm').catch(() => backends.useNodeBackend('cpu'));
    const model = randomModel(analysis);
    for (const d of await model.toStateDict()) dict.set(d.key, d);
    model.dispose();
    return dict;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(weightsPath));
  } catch (e) {
    throw new UsageError(`cannot read --weights ${weightsPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const checked = checkWeights(bytes, analysis, schema);
    for (const p of schema) {
      const v = checked.modules.get(p.layer)?.[p.role];
      if (v instanceof Float32Array) dict.set(p.key, { shape: p.shape, data: v });
    }
  } catch (e) {
    if (!(e instanceof WeightsError)) throw e;
    const hint = e.suggestedSpec ? ` (the file describes another architecture; try --config with ${JSON.stringify(e.suggestedSpec)})` : '';
    throw new UsageError(`--weights ${weightsPath} does not fit this model: ${english(someProblems(e.problems, 4))}${hint}`);
  }
  return dict;
}

export const main = command(async (argv, io) => {
  const flags = parseFlags(argv, ['preset', 'config', 'input', 'format', 'weights'], []);
  const format = flags.get('format') ?? 'pytorch';
  if (typeof format !== 'string' || !FORMATS.includes(format)) throw new UsageError(`--format must be pytorch, spec or onnx, got "${String(format)}"`);
  const weights = flags.get('weights');
  if (weights !== undefined && format !== 'onnx') throw new UsageError('--weights goes with --format onnx');
  if (weights === true) throw new UsageError('--weights needs a file');
  const checked = checkModel(specFromFlags(flags));
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const spec = checked.value.graph.spec;
  if (format === 'onnx') {
    if (io.outIsTTY) throw new UsageError('an ONNX file is binary: redirect it to a file (… > model.onnx)');
    const bytes = onnxModel(checked.value.graph, await stateDict(checked.value, weights));
    await io.outBytes(bytes);
    return;
  }
  io.out(format === 'pytorch' ? pytorchSource(spec, checked.value.params) : specJson(spec));
});

runIfEntry(import.meta.url, main);
