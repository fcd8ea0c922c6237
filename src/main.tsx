import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import * as tf from '@tensorflow/tfjs-core';
import type {} from './consoleApi';
import * as core from './core';
import { ModelRunner } from './runtime/runner';
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

const runner = new ModelRunner();
void runner.start();

// A console API for people who want to script the app (and for the end-to-end tests).
window.resnetExplorer = { store, runner, tf, core };

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} runner={runner} />
  </StrictMode>,
);
