import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { PhraseError, phrase, phraseOf } from '../../core';
import './phraseErrors';

const ports: MessageChannel[] = [];
afterEach(() => ports.splice(0).forEach((c) => (c.port1.close(), c.port2.close())));

function connect<T extends object>(api: T): Comlink.Remote<T> {
  const channel = new MessageChannel();
  ports.push(channel);
  Comlink.expose(api, channel.port1);
  return Comlink.wrap<T>(channel.port2);
}

describe('errors across a worker boundary', () => {
  it('keep their phrase and code', async () => {
    const remote = connect({
      fail(): void {
        throw new PhraseError(phrase('{name} is not an image this app reads', { name: 'a.txt' }), 'not-image');
      },
    });
    const e = await Promise.resolve(remote.fail()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PhraseError);
    expect(phraseOf(e)).toEqual({ template: '{name} is not an image this app reads', vars: { name: 'a.txt' } });
    expect((e as PhraseError).code).toBe('not-image');
    expect((e as Error).message).toBe('a.txt is not an image this app reads');
  });

  it('leave other errors as comlink sends them', async () => {
    const remote = connect({
      fail(): void {
        throw new RangeError('out of range');
      },
    });
    const e = (await Promise.resolve(remote.fail()).catch((x: unknown) => x)) as Error;
    expect(e.message).toBe('out of range');
    expect(e.name).toBe('RangeError');
    expect(phraseOf(e)).toEqual({ template: '{reason}', vars: { reason: 'out of range' } });
  });
});
