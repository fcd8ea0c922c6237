/** Shared command-line handling: flags, and reading a model from --preset / --config / --input. */
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

/**
 * Where a command writes: standard output and error, or (in the tests) strings gathered in memory. `outIsTTY` and
 * `errIsTTY` say whether each is a terminal (export refuses to print binary on one; landscape shows progress on one).
 */
export interface CliIo {
  out(text: string): void;
  /** Binary standard output (export's ONNX file): resolves once written. */
  outBytes(bytes: Uint8Array): Promise<void>;
  err(text: string): void;
  outIsTTY: boolean;
  errIsTTY: boolean;
}

/** A command's body: its arguments (without `node` and the script) and where to write; returns its exit code (0 if nothing). */
export type CliBody = (argv: string[], io: CliIo) => Promise<number | void> | number | void;

/** A command as tests call it in-process: its exit code, with everything written through `io`. */
export type CliMain = (argv: string[], io: CliIo) => Promise<number>;

/** A CLI's main: usage errors become one line on stderr and exit code 2, other errors one line and exit code 1. */
export function command(body: CliBody): CliMain {
  return async (argv, io) => {
    try {
      return (await body(argv, io)) ?? 0;
    } catch (e) {
      if (e instanceof UsageError) {
        io.err(`error: ${e.message}\n`);
        return 2;
      }
      io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  };
}

/** The process's own standard output and error. */
export function processIo(): CliIo {
  return {
    out: (text) => void process.stdout.write(text),
    outBytes: (bytes) => new Promise<void>((resolve, reject) => process.stdout.write(bytes, (e) => (e ? reject(e) : resolve()))),
    err: (text) => void process.stderr.write(text),
    outIsTTY: Boolean(process.stdout.isTTY),
    errIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Whether `moduleUrl` (a CLI's import.meta.url) is the script Node was started with, rather than a module a test imported. */
export function isEntry(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/**
 * A CLI's entry: when its module is the script being run, runs `main` on process.argv and sets process.exitCode;
 * when a test imports the module, does nothing.
 */
export function runIfEntry(moduleUrl: string, main: CliMain): void {
  if (isEntry(moduleUrl)) void runInProcess(main, process.argv.slice(2));
}

/** Runs `main` on this process's standard output and error and sets process.exitCode to its code (unless 0). */
async function runInProcess(main: CliMain, argv: string[]): Promise<void> {
  // `... | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await main(argv, processIo());
  if (code !== 0) process.exitCode = code;
}

/** Runs a CLI body that reads process.argv itself (the bench scripts): usage errors become one line on stderr and exit code 2. */
export async function runCli(body: () => Promise<void> | void): Promise<void> {
  await runInProcess(command(() => body()), []);
}
