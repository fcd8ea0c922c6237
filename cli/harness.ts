/**
 * For the CLI tests: a command run in this process (its `main`, with what it writes gathered in memory) or as a
 * real process (`tsx cli/NAME.ts`), both giving the exit code and standard output and error as spawnSync does.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { CliIo, CliMain } from './args';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Standard output as bytes (export's ONNX file). */
  bytes: Buffer;
}

/** Runs `main` in this process on `argv`, standard output and error not terminals; never throws for the command's errors. */
export async function call(main: CliMain, ...argv: string[]): Promise<CliResult> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const io: CliIo = {
    out: (text) => void out.push(Buffer.from(text, 'utf8')),
    outBytes: async (bytes) => void out.push(Buffer.from(bytes)),
    err: (text) => void err.push(Buffer.from(text, 'utf8')),
    outIsTTY: false,
    errIsTTY: false,
  };
  const status = await main(argv, io);
  const bytes = Buffer.concat(out);
  return { status, stdout: bytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), bytes };
}

const TSX = join(process.cwd(), 'node_modules/.bin/tsx');

/** Runs `tsx cli/NAME.ts ...argv` as its own process, as `npm run --silent NAME -- ...argv` does. */
export function spawnCli(name: string, ...argv: string[]): CliResult {
  const r = spawnSync(TSX, [`cli/${name}.ts`, ...argv], { maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), bytes: r.stdout };
}

/**
 * A refusal as a real process: exit code 2, nothing on standard output, `stderr` (exactly, or matching), and the
 * same result as the command gives in this process (`inProcess`).
 */
export async function expectRefusedAsProcess(name: string, argv: string[], stderr: string | RegExp, inProcess: () => Promise<unknown>): Promise<void> {
  const r = spawnCli(name, ...argv);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  if (typeof stderr === 'string') expect(r.stderr).toBe(stderr);
  else expect(r.stderr).toMatch(stderr);
  expect(await inProcess()).toEqual(r);
}
