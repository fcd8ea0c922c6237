import { describe, expect, it } from 'vitest';
import { UsageError, parseFlags } from './args';

const VALUED = ['preset', 'input', 'lr', 'batch-file'];
const BOOLEANS = ['json', 'plain'];
const parse = (...argv: string[]) => Object.fromEntries(parseFlags(argv, VALUED, BOOLEANS));

/** The UsageError's message, or a failure when parseFlags accepts the arguments. */
function usageError(...argv: string[]): string {
  try {
    parseFlags(argv, VALUED, BOOLEANS);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(argv)}`);
}

describe('parseFlags', () => {
  it('reads valued flags in both forms and booleans, in any order', () => {
    expect(parse('--preset', 'resnet50', '--json', '--input=3x197x251', '--batch-file', 'b.safetensors')).toEqual({
      preset: 'resnet50',
      json: true,
      input: '3x197x251',
      'batch-file': 'b.safetensors',
    });
    expect(parse()).toEqual({});
  });

  it('keeps what follows the first "=" whole, and the last of a repeated flag', () => {
    expect(parse('--input=a=b', '--preset', 'resnet18', '--preset=resnet34')).toEqual({ input: 'a=b', preset: 'resnet34' });
    expect(parse('--preset=')).toEqual({ preset: '' });
  });

  it('passes a value starting with one dash to the caller', () => {
    expect(parse('--lr', '-0.1')).toEqual({ lr: '-0.1' });
  });

  it.each([
    [['--frobnicate'], 'unknown argument "--frobnicate" (expected --preset, --input, --lr, --batch-file, --json, --plain)'],
    [['resnet50'], 'unknown argument "resnet50" (expected --preset, --input, --lr, --batch-file, --json, --plain)'],
    [['-j'], 'unknown argument "-j" (expected --preset, --input, --lr, --batch-file, --json, --plain)'],
    [['--json', '--', '--preset'], 'unknown argument "--" (expected --preset, --input, --lr, --batch-file, --json, --plain)'],
    [['--preset'], '--preset needs a value'],
    [['--preset', '--json'], '--preset needs a value'],
    [['--input=--json'], '--input needs a value'],
    [['--json=yes'], '--json takes no value, got "--json=yes"'],
  ])('refuses %j with one line', (argv, message) => {
    expect(usageError(...argv)).toBe(message);
  });
});
