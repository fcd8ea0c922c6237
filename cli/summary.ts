/**
 * `npm run --silent summary -- --preset resnet50 [--input 197x251] [--shortcut A|B] [--plain] [--json]` or
 * `--config spec.json`: a torchinfo-like table of every layer, computed by the same core as the app.
 */
import { checkModel, parseSpec, summaryJson, summaryText } from '../src/core';
import { UsageError, parseFlags, runCli, specFromFlags } from './args';

const HELP = `usage: npm run --silent summary -- [--preset NAME | --config SPEC.json] [--input HxW | CxHxW] [--shortcut A|B] [--plain] [--json]`;

void runCli(() => {
  const flags = parseFlags(process.argv.slice(2), ['preset', 'config', 'input', 'shortcut'], ['json', 'help', 'plain']);
  if (flags.has('help')) {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  let spec = specFromFlags(flags);
  if (flags.has('shortcut') || flags.has('plain')) {
    const parsed = parseSpec({ ...spec, shortcut: flags.get('shortcut') ?? spec.shortcut, residual: flags.has('plain') ? false : spec.residual });
    if (!parsed.ok) throw new UsageError(parsed.errors.map((e) => e.message).join('; '));
    spec = parsed.value;
  }
  const checked = checkModel(spec);
  if (!checked.ok) throw new UsageError(checked.errors.map((e) => e.message).join('; '));
  const a = checked.value;
  process.stdout.write(flags.has('json') ? `${JSON.stringify(summaryJson(a))}\n` : `${summaryText(a)}\n`);
});
