import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type {} from './consoleApi';
import * as core from './core';
import { registerServiceWorker } from './serviceWorker';
import { CompareStore } from './state/compareStore';
import { LabStore, type LiveSource } from './state/labStore';
import { ModelStore } from './state/modelStore';
import { TrainStore } from './state/trainStore';
import { ViewStore } from './state/viewStore';
import { followHubLink } from './state/hubLink';
import { readHub } from './state/urlState';
import { queuedUrl } from './state/urlWriter';
import { followWeightsLink, readWeights } from './state/weightsLink';
import { tourDone } from './ui/learn/Tour';
import { workerMode } from './runtime/workers/workerMode';
import { loadTrainEngine } from './runtime/train/engine';
import type { ModelRunner } from './runtime/runner';
import type { InferenceSession } from './runtime/inference';
import { SAMPLES } from './ui/run/RunTab';
import { fitFashionMnist } from './ui/train/fashionMnistFit';
import { App } from './ui/App';
import './ui/styles.css';

/**
 * TensorFlow.js parses the query string for its own flags when it loads and throws on a malformed escape
 * (a tampered link with `%ZZ`). Stray `%` signs are escaped first; the parameters mean the same to us.
 */
function sanitizeQuery() {
  try {
    decodeURIComponent(window.location.search);
  } catch {
    const fixed = window.location.search.replace(/%(?![0-9a-fA-F]{2})/g, '%25');
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${fixed}${window.location.hash}`);
  }
}
sanitizeQuery();

// The stores share the URL: each writes its own parameters and keeps the others' (src/state/urlState.ts). Their
// writes reach the history after the frame that shows them (src/state/urlWriter.ts), or before the page goes.
const url = queuedUrl(window.history, window.location);
window.addEventListener('pagehide', () => url.flush());
document.addEventListener('visibilitychange', () => url.flush());
// Back or forward: the entry the browser moved to rules (the stores re-read it in their own listeners, after this).
window.addEventListener('popstate', () => url.drop());
const linkedWeights = readWeights(window.location.search);
const linkedHub = readHub(window.location.search);
const store = new ModelStore(url);
const compare = new CompareStore(url);

// The Train tab: its runtime and data load on the first Start, in the training worker (or, with worker=off or
// no worker, on the page, on the backend the live model picked).
const train = new TrainStore(
  url,
  // On the page (worker=off, or no worker), training uses the page's own TensorFlow.js: the live model has its
  // own worker, so the page's backend is chosen here.
  () => loadTrainEngine(() => import('./runtime/backends/choose').then((b) => b.ensureBackend()), workerMode(window.location.search)),
  fitFashionMnist,
);

// The Lab studies the live model (and its twin from the Train tab) in a worker of its own, started on the
// first visit; the live model's weights reach it as a state_dict file whenever they change.
let liveRunner: ModelRunner | null = null;
let liveSession: InferenceSession | null = null;
const liveListeners = new Set<() => void>();
const labLive: LiveSource = {
  key: () => {
    const s = liveRunner?.getState();
    return s && s.status === 'ready' && s.model ? `${liveRunner!.generation}:${s.model.id}` : null;
  },
  subscribe: (listener) => {
    liveListeners.add(listener);
    return () => liveListeners.delete(listener);
  },
  read: async () => {
    const r = liveRunner!;
    const s = r.getState();
    const spec = s.model!.spec;
    const preset = core.matchPreset(spec);
    const name = preset ? core.presetLabel(preset) : spec.residual ? 'ResNet' : 'Plain';
    return { spec, bytes: await r.saveWeights(), label: s.weights.kind === 'file' ? s.weights.name : name, random: s.weights.kind === 'random' };
  },
};
const lab = new LabStore(
  url,
  () =>
    import('./runtime/lab/engine').then((m) =>
      m.loadLabEngine(workerMode(window.location.search), () => import('./runtime/backends/choose').then((b) => b.ensureBackend())),
    ),
  labLive,
  train,
  async (spec) => {
    const { preparePhotos } = await import('./runtime/lab/photos');
    return preparePhotos(spec, liveSession?.currentImage() ?? null, SAMPLES, import.meta.env.BASE_URL, liveSession?.getState().preprocessing);
  },
);
window.addEventListener('popstate', () => lab.syncFromUrl());

// What the page shows of the model (collapse, selection, panes, dialogs); it follows the stores above.
const view = new ViewStore(store, compare, train, { touring: !tourDone(), lab });

// TensorFlow.js is most of the code: the graph is drawn first, the live model follows, in its own worker
// (`?worker=off` keeps it on this thread).
const live = Promise.all([
  import('./runtime/runner'),
  import('./runtime/inference'),
  import('./runtime/compareModels'),
  import('./runtime/weights/remote'),
  import('@tensorflow/tfjs-core'),
]).then(([{ ModelRunner, workerWanted }, { InferenceSession }, { CompareModels }, { RemoteWeights }, tf]) => {
  const runner = new ModelRunner({ worker: workerWanted(window.location.search) });
  void runner.start();
  const session = new InferenceSession(runner);
  const compared = new CompareModels(session);
  // A Hub model opened by name becomes the built model (the store, then the runner) once its weights are checked.
  const remote = new RemoteWeights(runner, session, undefined, {
    openSpec: (spec) => {
      store.loadSpec(spec);
      runner.setSpec(store.getState().analysis);
    },
  });
  // The Hub model whose weights the model holds is kept in the link (`?hub=`), and a link with one opens it; the
  // network set it holds otherwise (`?weights=`), and a link with one restores it. A link naming both opens the
  // Hub model (its weights are the Hub model's).
  followHubLink(runner, remote.hub!, remote, url, linkedHub);
  followWeightsLink(runner, remote, url, linkedHub ? null : linkedWeights);
  // A console API for people who want to script the app (and for the end-to-end tests).
  const pageBackend = () => import('./runtime/backends/choose').then((b) => b.ensureBackend());
  window.resnetExplorer = { store, compare, train, lab, runner, session, compared, remote, tf, core, pageBackend };
  liveRunner = runner;
  liveSession = session;
  runner.subscribe(() => liveListeners.forEach((l) => l()));
  liveListeners.forEach((l) => l());
  return { runner, session, compared, remote };
});

registerServiceWorker();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} view={view} compare={compare} train={train} lab={lab} runnerLoader={live} />
  </StrictMode>,
);
