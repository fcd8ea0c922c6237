import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
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

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App store={store} />
  </StrictMode>,
);
