import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type {} from './consoleApi';
import * as core from './core';
import { ModelStore } from './state/modelStore';
import { App } from './ui/App';
import './ui/styles.css';

const store = new ModelStore({
  read: () => window.location.search,
  write: (query, replace) => {
    const url = `${window.location.pathname}?${query}${window.location.hash}`;
    if (replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
  },
});

// TensorFlow.js is most of the code: the graph is drawn first, the live model follows.
const live = Promise.all([import('./runtime/runner'), import('./runtime/inference'), import('@tensorflow/tfjs-core')]).then(
  ([{ ModelRunner }, { InferenceSession }, tf]) => {
    const runner = new ModelRunner();
    void runner.start();
    const session = new InferenceSession(runner);
    // A console API for people who want to script the app (and for the end-to-end tests).
    window.resnetExplorer = { store, runner, session, tf, core };
    return { runner, session };
  },
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} runnerLoader={live} />
  </StrictMode>,
);
