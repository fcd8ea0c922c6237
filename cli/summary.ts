/**
 * `npm run --silent summary -- --preset resnet50 [--input 197x251] [--json]` or `--config spec.json`:
 * a torchinfo-like table of every layer, computed by the same core as the app.
 */
import { checkModel, summaryJson, summaryText } from '../src/core';
import { UsageError, parseFlags, runCli, specFromFlags } from './args';

const HELP = `usage: npm run --silent summary -- [--preset NAME | --config SPEC.json] [--input HxW | CxHxW] [--json]`;

void runCli(() => {
  const flags = parseFlags(process.argv.slice(2), ['preset', 'config', 'input'], ['json', 'help']);
  if (flags.has('help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  const checked = checkModel(specFromFlags(flags));
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const a = checked.value;
  process.stdout.write(flags.has('json') ? `${JSON.stringify(summaryJson(a))}\n` : `${summaryText(a)}\n`);
});
