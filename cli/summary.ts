/**
 * `npm run --silent summary -- --preset resnet50 [--input 197x251] [--shortcut A|B] [--plain] [--json]` or
 * `--config spec.json`: a torchinfo-like table of every layer, computed by the same core as the app.
 */
import { checkModel, parseSpec, summaryJson, summaryText } from '../src/core';
import { UsageError, command, parseFlags, runIfEntry, specFromFlags } from './args';

const HELP = `usage: npm run --silent summary -- [--preset NAME | --config SPEC.json] [--input HxW | CxHxW] [--shortcut A|B] [--plain] [--json]`;

export const main = command((argv, io) => {
  const flags = parseFlags(argv, ['preset', 'config', 'input', 'shortcut'], ['json', 'help', 'plain']);
  if (flags.has('help')) {
    io.out(`${HELP}\n`);
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
  io.out(flags.has('json') ? `${JSON.stringify(summaryJson(a))}\n` : `${summaryText(a)}\n`);
});

runIfEntry(import.meta.url, main);
