import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter';

describe('Emitter', () => {
  it('calls each listener once per emit and stops after its unsubscribe', () => {
    const e = new Emitter();
    const calls: string[] = [];
    const offA = e.subscribe(() => calls.push('a'));
    e.subscribe(() => calls.push('b'));
    e.emit();
    offA();
    e.emit();
    expect(calls).toEqual(['a', 'b', 'b']);
  });

  it('a listener that unsubscribes another during emit does not break the round', () => {
    const e = new Emitter();
    const calls: string[] = [];
    let offB = () => {};
    e.subscribe(() => {
      calls.push('a');
      offB();
    });
    offB = e.subscribe(() => calls.push('b'));
    e.emit();
    e.emit();
    expect(calls).toEqual(['a', 'b', 'a']);
  });

  it('dispose drops its listeners and unsubscribes from the stores it listened to', () => {
    const upstream = new Emitter();
    const owner = new Emitter();
    let heard = 0;
    owner.track(upstream.subscribe(() => heard++));
    upstream.emit();
    expect(upstream.listenerCount).toBe(1);
    owner.subscribe(() => {});
    owner.dispose();
    expect(upstream.listenerCount).toBe(0);
    expect(owner.listenerCount).toBe(0);
    upstream.emit();
    expect(heard).toBe(1);
    // Tracking after dispose unsubscribes at once; subscribing to a disposed emitter is a no-op.
    owner.track(upstream.subscribe(() => heard++));
    expect(upstream.listenerCount).toBe(0);
    owner.subscribe(() => {});
    expect(owner.listenerCount).toBe(0);
  });
});
