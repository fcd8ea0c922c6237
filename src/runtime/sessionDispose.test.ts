import { describe, expect, it } from 'vitest';
import { Emitter, phrase } from '../core';
import { CompareModels } from './compareModels';
import { InferenceSession } from './inference';
import type { ModelRunner } from './runner';

/** Just what the session reads of the runner: its state and its change notifications. */
function fakeRunner() {
  const emitter = new Emitter();
  const runner = { subscribe: emitter.subscribe, getState: () => ({ status: 'starting', model: null, backend: null }), generation: 0 };
  return { emitter, runner: runner as unknown as ModelRunner };
}

describe('disposing stores unsubscribes them from what they listened to', () => {
  it('the inference session stops listening to the runner', () => {
    const { emitter, runner } = fakeRunner();
    const session = new InferenceSession(runner);
    expect(emitter.listenerCount).toBe(1);
    session.dispose();
    expect(emitter.listenerCount).toBe(0);
  });

  it('the comparison stops listening to the session', () => {
    const { runner } = fakeRunner();
    const session = new InferenceSession(runner);
    let heard = 0;
    session.subscribe(() => heard++);
    const compared = new CompareModels(session);
    const listeners = () => (session as unknown as { emitter: Emitter }).emitter.listenerCount;
    expect(listeners()).toBe(2);
    const before = heard;
    compared.dispose();
    // The session still tells its own listener; the comparison's subscription is gone.
    session.reportError(phrase('x'));
    expect(heard).toBe(before + 1);
    expect(listeners()).toBe(1);
  });
});
