import { describe, expect, it } from 'vitest';
import { Emitter } from '../core/emitter';
import { hubUrl } from '../core/pretrained';
import type { ModelRunner } from '../runtime/runner';
import type { RemoteSource, RemoteWeights, RemoteWeightsState } from '../runtime/weights/remote';
import { URL_PARAMS, writeSpecQuery } from './urlState';
import { followWeightsLink, readWeights, weightsParam, weightsUrl, writeWeights } from './weightsLink';
import { presetSpec } from '../core';

const R50_V2 = hubUrl('resnet50', 'tv2_in1k');

describe('the weights parameter', () => {
  it('writes timm’s Hub sets by name and any other by address, and reads only addresses the app may fetch', () => {
    expect(weightsParam(R50_V2)).toBe('resnet50.tv2_in1k');
    expect(weightsUrl('resnet50.tv2_in1k')).toBe(R50_V2);
    const other = 'https://huggingface.co/someone/run/resolve/main/best.safetensors';
    expect(weightsParam(other)).toBe(other);
    expect(weightsUrl(other)).toBe(other);
    for (const bad of ['http://huggingface.co/x.safetensors', 'https://example.com/x.pth', '../../etc', 'a/b', '%%']) expect(weightsUrl(bad), bad).toBeNull();
    const q = writeWeights('model=resnet50&view=compare', R50_V2);
    expect(q).toBe('model=resnet50&view=compare&weights=resnet50.tv2_in1k');
    expect(readWeights(q)).toBe('resnet50.tv2_in1k');
    expect(writeWeights(q, null)).toBe('model=resnet50&view=compare');
    // It belongs to the model: a new model clears it.
    expect(URL_PARAMS.model).toContain('weights');
    expect(readWeights(writeSpecQuery(q, presetSpec('resnet18')))).toBeNull();
  });
});

/** A runner and a remote that say what the real ones say, driven by hand. */
function fakes(stored: string[] = []) {
  const runnerEvents = new Emitter();
  let runnerState: { status: string; model: object | null; weights: { kind: 'random' } | { kind: 'file'; name: string } } = { status: 'building', model: null, weights: { kind: 'random' } };
  const runner = {
    getState: () => runnerState,
    subscribe: runnerEvents.subscribe,
    set(patch: Partial<typeof runnerState>) {
      runnerState = { ...runnerState, ...patch };
      runnerEvents.emit();
    },
  };
  const remoteEvents = new Emitter();
  let state = { phase: 'idle', source: null, progress: null, message: null, stored: [], loadedUrl: null } as unknown as RemoteWeightsState;
  const asked: RemoteSource[] = [];
  const remote = {
    getState: () => state,
    subscribe: remoteEvents.subscribe,
    busy: false,
    set(patch: Partial<RemoteWeightsState>) {
      state = { ...state, ...patch };
      remoteEvents.emit();
    },
    async refresh() {
      this.set({ stored: stored.map((url) => ({ url, name: 'kept', bytes: 1, storedAt: '' })) });
    },
    async request(source: RemoteSource) {
      asked.push(source);
      if (stored.includes(source.url)) {
        this.set({ phase: 'loading', source });
        runner.set({ weights: { kind: 'file', name: source.name } });
        this.set({ phase: 'done', loadedUrl: source.url });
        return true;
      }
      this.set({ phase: 'confirm', source });
      return false;
    },
    async requestLink() {
      this.set({ phase: 'error', source: null });
      return false;
    },
  };
  let query = '';
  const url = { read: () => query, write: (q: string) => void (query = q), set: (q: string) => void (query = q) };
  return { runner, remote, url, asked, query: () => query };
}

const follow = (f: ReturnType<typeof fakes>, linked: string | null) =>
  followWeightsLink(f.runner as unknown as ModelRunner, f.remote as unknown as RemoteWeights, f.url, linked);

describe('following the weights in the link', () => {
  it('restores a stored set once the model is built, with its name and preprocessing, and keeps the parameter', async () => {
    const f = fakes([R50_V2]);
    f.url.set('model=resnet50&weights=resnet50.tv2_in1k');
    follow(f, 'resnet50.tv2_in1k');
    // Building: nothing asked, the parameter kept.
    await Promise.resolve();
    expect(f.asked).toEqual([]);
    expect(f.query()).toContain('weights=resnet50.tv2_in1k');
    f.runner.set({ status: 'ready', model: {} });
    await expect.poll(() => f.asked.length).toBe(1);
    expect(f.asked[0]).toMatchObject({ url: R50_V2, name: 'ResNet-50 · IMAGENET1K_V2', preprocessing: { resize: 232, crop: 224 } });
    expect(f.query()).toBe('model=resnet50&weights=resnet50.tv2_in1k');
    // Back to random weights: the parameter goes.
    f.runner.set({ weights: { kind: 'random' } });
    expect(f.query()).toBe('model=resnet50');
  });

  it('asks before downloading a set that is not stored; declined, the parameter goes', async () => {
    const f = fakes();
    f.url.set('model=resnet50&weights=resnet50.tv2_in1k');
    f.runner.set({ status: 'ready', model: {} });
    follow(f, 'resnet50.tv2_in1k');
    await expect.poll(() => f.remote.getState().phase).toBe('confirm');
    expect(f.query()).toContain('weights=resnet50.tv2_in1k');
    f.remote.set({ phase: 'idle', source: null });
    expect(f.query()).toBe('model=resnet50');
  });

  it('writes the set the model takes from the network, and not a dropped file', () => {
    const f = fakes();
    f.url.set('model=resnet18');
    f.runner.set({ status: 'ready', model: {} });
    follow(f, null);
    const source = { url: hubUrl('resnet18', 'tv_in1k'), name: 'ResNet-18 · IMAGENET1K_V1', approxBytes: 1, preprocessing: null };
    f.runner.set({ weights: { kind: 'file', name: source.name } });
    f.remote.set({ phase: 'done', source, loadedUrl: source.url });
    expect(f.query()).toBe('model=resnet18&weights=resnet18.tv_in1k');
    f.runner.set({ weights: { kind: 'file', name: 'mine.pth' } });
    expect(f.query()).toBe('model=resnet18');
  });

  it('does not bring the parameter back while an edited model is being built with the old weights on screen', () => {
    const f = fakes();
    f.url.set('model=resnet18');
    f.runner.set({ status: 'ready', model: {} });
    follow(f, null);
    const source = { url: hubUrl('resnet18', 'tv_in1k'), name: 'ResNet-18 · IMAGENET1K_V1', approxBytes: 1, preprocessing: null };
    f.runner.set({ weights: { kind: 'file', name: source.name } });
    f.remote.set({ phase: 'done', source, loadedUrl: source.url });
    expect(f.query()).toBe('model=resnet18&weights=resnet18.tv_in1k');
    // The edit writes the new model (clearing the parameter), then the runner says it is building.
    f.url.set(writeSpecQuery(f.query(), presetSpec('resnet34')));
    f.runner.set({ status: 'building' });
    expect(f.query()).toBe('model=resnet34');
    f.runner.set({ status: 'ready', weights: { kind: 'random' } });
    expect(f.query()).toBe('model=resnet34');
  });
});
