/**
 * Errors that cross a worker boundary keep their phrase and code. comlink's own `throw` handler sends only an
 * error's name, message and stack, so a refusal worded as a phrase in the worker would reach the page as
 * English; this handler sends the phrase and code too, and the page rebuilds a `PhraseError`. Both sides
 * import this module (the worker's entry and the page's connection), which installs the handler once.
 */
import * as Comlink from 'comlink';
import { PhraseError, isPhrase, type Phrase } from '../../core';

interface SerializedError {
  isError: true;
  value: { message: string; name: string; stack?: string; phrase?: Phrase; code?: string };
}

type Thrown = { value: unknown };

const base = Comlink.transferHandlers.get('throw') as Comlink.TransferHandler<Thrown, unknown>;

Comlink.transferHandlers.set('throw', {
  canHandle: base.canHandle,
  serialize(thrown: Thrown): [unknown, Transferable[]] {
    const { value } = thrown;
    if (!(value instanceof Error)) return base.serialize(thrown);
    const out: SerializedError = { isError: true, value: { message: value.message, name: value.name, stack: value.stack } };
    const { phrase, code } = value as { phrase?: unknown; code?: unknown };
    if (isPhrase(phrase)) out.value.phrase = phrase;
    if (typeof code === 'string') out.value.code = code;
    return [out, []];
  },
  deserialize(serialized: unknown): Thrown {
    const s = serialized as SerializedError | { isError: false; value: unknown };
    if (s.isError && s.value.phrase) {
      const e = new PhraseError(s.value.phrase, s.value.code);
      e.name = s.value.name;
      if (s.value.stack) e.stack = s.value.stack;
      throw e;
    }
    return base.deserialize(serialized);
  },
} as Comlink.TransferHandler<Thrown, unknown>);
