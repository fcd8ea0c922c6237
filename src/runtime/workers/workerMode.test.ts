import { describe, expect, it } from 'vitest';
import { workerMode } from './workerMode';

describe('workerMode', () => {
  it('uses workers unless the link says worker=off (or 0, false)', () => {
    expect(workerMode('')).toEqual({ worker: true });
    expect(workerMode('?model=resnet50&worker=on')).toEqual({ worker: true });
    for (const off of ['?worker=off', 'worker=OFF&model=resnet18', '?worker=0', '?worker=false']) expect(workerMode(off)).toEqual({ worker: false, reason: 'flag' });
  });
});
