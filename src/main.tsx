// React root and start-up wiring: URL → store, backend → compute loop.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { selectBackend } from './backend/selectBackend';
import { loadImageTensor } from './io/loadImage';
import { addNotice, loadPreset, selectSample } from './state/actions';
import { startCompute } from './state/compute';
import { useStore } from './state/store';
import { parseUrl } from './state/urlState';
import { App } from './ui/App';
import './ui/styles.css';
import './ui/layout.css';

const start = parseUrl(window.location.search);
loadPreset(start.presetId);
if (start.sampleId) selectSample(start.sampleId);
start.problems.forEach(addNotice);

const query = new URLSearchParams(window.location.search);
void selectBackend({ gpu: navigator.gpu, forceCpu: query.get('backend') === 'cpu' }).then(
  (backend) => {
    startCompute(backend, (file, spec) =>
      loadImageTensor(new URL(file, document.baseURI).href, spec),
    );
    // ?debug exposes test hooks: simulate a GPU device loss; read the selected layer's values.
    if (query.has('debug')) {
      (window as unknown as { __cnnDebug: unknown }).__cnnDebug = {
        loseDevice: () => (backend as Partial<{ loseDevice(): void }>).loseDevice?.(),
        activation: () => {
          const s = useStore.getState();
          const t = s.selectedLayerId ? s.compute.activations.get(s.selectedLayerId) : undefined;
          return t ? Array.from(t.data) : null;
        },
      };
    }
  },
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App debug={new URLSearchParams(window.location.search).has('debug')} />
  </StrictMode>,
);
