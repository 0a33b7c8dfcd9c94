// React root and start-up wiring: URL → store, backend → compute loop.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { selectBackend } from './backend/selectBackend';
import { loadImageTensor } from './io/loadImage';
import { addNotice, loadPreset, selectSample } from './state/actions';
import { startCompute } from './state/compute';
import { parseUrl } from './state/urlState';
import { App } from './ui/App';
import './ui/styles.css';

const start = parseUrl(window.location.search);
loadPreset(start.presetId);
if (start.sampleId) selectSample(start.sampleId);
start.problems.forEach(addNotice);

startCompute(selectBackend(), (file, spec) =>
  loadImageTensor(new URL(file, document.baseURI).href, spec),
);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
