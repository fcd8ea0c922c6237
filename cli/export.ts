/**
 * `npm run --silent export -- --preset NAME | --config SPEC.json --format pytorch|spec`: the configured model
 * as a PyTorch file or as the spec JSON the app and `summary --config` read, on standard output.
 */
import { checkModel, pytorchSource, specJson } from '../src/core';
import { UsageError, parseFlags, runCli, specFromFlags } from './args';

void runCli(() => {
  const flags = parseFlags(process.argv.slice(2), ['preset', 'config', 'input', 'format'], []);
  const format = flags.get('format') ?? 'pytorch';
  if (format !== 'pytorch' && format !== 'spec') throw new UsageError(`--format must be pytorch or spec, got "${String(format)}"`);
  const checked = checkModel(specFromFlags(flags));
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const spec = checked.value.graph.spec;
  process.stdout.write(format === 'pytorch' ? pytorchSource(spec, checked.value.params) : specJson(spec));
});
