/** Shared command-line handling: flags, and reading a model from --preset / --config / --input. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PRESET_NAMES, isPresetName, parseSpec, presetSpec, type ResNetSpec } from '../src/core';

/** A failure the user caused: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {}

/**
 * The flags in `argv`: each of `valued` takes a value (`--name value` or `--name=value`), each of `booleans`
 * none. An unknown flag, a stray argument, a missing value or a value given to a boolean is a UsageError.
 * node:util's parseArgs splits the arguments; it runs non-strict so that the messages are ours and a value
 * may start with a single dash (`--lr -1` reaches the caller's own check).
 */
export function parseFlags(argv: string[], valued: string[], booleans: string[]): Map<string, string | true> {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const name of valued) options[name] = { type: 'string' };
  for (const name of booleans) options[name] = { type: 'boolean' };
  const expected = () => [...valued, ...booleans].map((f) => `--${f}`).join(', ');
  const { tokens } = parseArgs({ args: argv, options, strict: false, allowPositionals: true, tokens: true });
  const flags = new Map<string, string | true>();
  for (const token of tokens) {
    const known = token.kind === 'option' && Object.hasOwn(options, token.name) ? options[token.name].type : undefined;
    if (known === undefined) throw new UsageError(`unknown argument "${argv[token.index]}" (expected ${expected()})`);
    if (token.kind !== 'option') continue; // narrowed above; keeps TypeScript sure of the fields below
    if (known === 'boolean') {
      if (token.inlineValue) throw new UsageError(`--${token.name} takes no value, got "${argv[token.index]}"`);
      flags.set(token.name, true);
    } else {
      if (token.value === undefined || token.value.startsWith('--')) throw new UsageError(`--${token.name} needs a value`);
      flags.set(token.name, token.value);
    }
  }
  return flags;
}

/** `224`, `197x251` or `3x197x251`. */
export function parseInputSize(text: string): ResNetSpec['input'] {
  const parts = text.split(/[x×,]/).map((p) => Number(p));
  if (parts.length < 1 || parts.length > 3 || parts.some((p) => !Number.isInteger(p) || p < 1)) {
    throw new UsageError(`--input must be like 224, 197x251 or 3x197x251, got "${text}"`);
  }
  if (parts.length === 1) return { channels: 3, height: parts[0], width: parts[0] };
  if (parts.length === 2) return { channels: 3, height: parts[0], width: parts[1] };
  return { channels: parts[0], height: parts[1], width: parts[2] };
}

/** The spec the flags describe: a preset or a JSON file, with --input applied; errors as UsageError. */
export function specFromFlags(flags: Map<string, string | true>, inputIsSize = true): ResNetSpec {
  const preset = flags.get('preset');
  const config = flags.get('config');
  if (preset !== undefined && config !== undefined) throw new UsageError('give --preset or --config, not both');
  let raw: unknown;
  if (typeof config === 'string') {
    let text: string;
    try {
      text = readFileSync(config, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read --config ${config}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    try {
      raw = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`--config ${config} is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    const name = typeof preset === 'string' ? preset : 'resnet50';
    if (!isPresetName(name)) throw new UsageError(`unknown preset "${name}" (one of ${PRESET_NAMES.join(', ')})`);
    raw = presetSpec(name);
  }
  const input = inputIsSize ? flags.get('input') : undefined;
  if (typeof input === 'string' && raw !== null && typeof raw === 'object') raw = { ...raw, input: parseInputSize(input) };
  const parsed = parseSpec(raw);
  if (!parsed.ok) throw new UsageError(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

/** Runs a CLI body: usage errors become one line on stderr and exit code 2. */
export async function runCli(main: () => Promise<void> | void): Promise<void> {
  // `... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  try {
    await main();
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    }
  }
}
