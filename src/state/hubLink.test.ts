import { describe, expect, it } from 'vitest';
import { Emitter } from '../core/emitter';
import type { ModelRunner } from '../runtime/runner';
import type { HubModels, HubState } from '../runtime/weights/hub';
import type { RemoteWeights, RemoteWeightsState } from '../runtime/weights/remote';
import { followHubLink } from './hubLink';
import { presetSpec } from '../core';
import { readHub, writeSpecQuery } from './urlState';

type Weights = { kind: 'random' } | { kind: 'file'; name: string };

/** A runner, a remote and a Hub opener that say what the real ones say, driven by hand. */
function fakes(query = '') {
  const make = <S extends object>(initial: S) => {
    const events = new Emitter();
    let state = initial;
    return {
      getState: () => state,
      subscribe: events.subscribe,
      set(patch: Partial<S>) {
        state = { ...state, ...patch };
        events.emit();
      },
    };
  };
  const runner = make<{ status: string; weights: Weights }>({ status: 'ready', weights: { kind: 'random' } });
  const remote = make({ phase: 'idle', source: null, progress: null, message: null, stored: [], loadedUrl: null } as unknown as RemoteWeightsState);
  let finish: (ok: boolean) => void = () => undefined;
  const opens: string[] = [];
  const hub = {
    ...make<HubState>({ phase: 'idle', id: null, problem: null, opened: null }),
    open(text: string) {
      opens.push(text);
      hub.set({ phase: 'reading', id: text });
      return new Promise<boolean>((resolve) => (finish = resolve));
    },
  };
  const url = { read: () => query, write: (q: string) => void (query = q) };
  const follow = (linked: string | null) =>
    followHubLink(runner as unknown as ModelRunner, hub as unknown as HubModels, remote as unknown as RemoteWeights, url, linked);
  /** The Hub flow's end: the weights loaded and the model opened (as `remote.ts` then `hub.ts` say it). */
  const load = (id: string) => {
    remote.set({ phase: 'loading', source: { url: `https://huggingface.co/${id}/resolve/main/model.safetensors`, name: id, approxBytes: 1, preprocessing: null, hub: {} as never } });
    runner.set({ weights: { kind: 'file', name: id } });
    remote.set({ phase: 'done' });
    hub.set({ opened: { model: {} as never, url: '', name: id } });
  };
  return { runner, remote, hub, url, follow, load, opens, finish: (ok: boolean) => finish(ok), hubParam: () => readHub(query), query: () => query };
}

describe('following the Hub model in the link', () => {
  it('names the Hub model while the live model holds its weights, and only then', () => {
    const f = fakes('model=resnet18');
    f.follow(null);
    expect(f.hubParam()).toBeNull();
    f.load('timm/resnet50.a1_in1k');
    expect(f.query()).toBe('model=resnet18&hub=timm%2Fresnet50.a1_in1k');
    // Other weights on the same model (Load ImageNet weights: another name, even for the same file).
    f.runner.set({ weights: { kind: 'file', name: 'ResNet-50 · timm a1_in1k' } });
    expect(f.hubParam()).toBeNull();
    // The Hub model's weights again (opened from the store).
    f.runner.set({ weights: { kind: 'file', name: 'timm/resnet50.a1_in1k' } });
    expect(f.hubParam()).toBe('timm/resnet50.a1_in1k');
    f.runner.set({ weights: { kind: 'random' } });
    expect(f.hubParam()).toBeNull();
  });

  it('does not bring the parameter back while an edited model is being built with the old weights on screen', () => {
    const f = fakes('model=resnet18');
    f.follow(null);
    f.load('timm/resnet18.a1_in1k');
    expect(f.hubParam()).toBe('timm/resnet18.a1_in1k');
    // The edit writes the new model (clearing the parameter), then the runner says it is building.
    f.url.write(writeSpecQuery(f.query(), presetSpec('resnet34')));
    f.runner.set({ status: 'building' });
    expect(f.query()).toBe('model=resnet34');
    f.runner.set({ status: 'ready', weights: { kind: 'random' } });
    expect(f.query()).toBe('model=resnet34');
  });

  it('opens the linked model, keeping the parameter while it reads, asks and downloads; keeps it once loaded', async () => {
    const f = fakes('model=resnet50&hub=timm%2Fresnet50.a1_in1k');
    f.follow('timm/resnet50.a1_in1k');
    expect(f.opens).toEqual(['timm/resnet50.a1_in1k']);
    f.hub.set({ phase: 'idle' });
    f.remote.set({ phase: 'confirm', source: { url: 'x', name: 'timm/resnet50.a1_in1k', approxBytes: 1, preprocessing: null, hub: {} as never } });
    f.finish(false);
    await Promise.resolve();
    await Promise.resolve();
    expect(f.hubParam()).toBe('timm/resnet50.a1_in1k');
    f.remote.set({ phase: 'downloading' });
    expect(f.hubParam()).toBe('timm/resnet50.a1_in1k');
    f.load('timm/resnet50.a1_in1k');
    expect(f.hubParam()).toBe('timm/resnet50.a1_in1k');
  });

  it('drops the parameter when the linked download is declined, or the model refused', async () => {
    const declined = fakes('hub=timm%2Fresnet50.a1_in1k');
    declined.follow('timm/resnet50.a1_in1k');
    declined.hub.set({ phase: 'idle' });
    declined.remote.set({ phase: 'confirm', source: { url: 'x', name: 'timm/resnet50.a1_in1k', approxBytes: 1, preprocessing: null, hub: {} as never } });
    declined.finish(false);
    await new Promise((r) => setTimeout(r));
    expect(declined.hubParam()).toBe('timm/resnet50.a1_in1k');
    declined.remote.set({ phase: 'idle', source: null });
    expect(declined.hubParam()).toBeNull();

    const refused = fakes('hub=timm%2Fresnet50d.ra2_in1k&view=compare');
    refused.follow('timm/resnet50d.ra2_in1k');
    refused.hub.set({ phase: 'refused' });
    expect(refused.hubParam()).toBe('timm/resnet50d.ra2_in1k');
    refused.finish(false);
    await new Promise((r) => setTimeout(r));
    expect(refused.query()).toBe('view=compare');
  });
});
