// React root and start-up wiring: URL → store, backend → compute loop.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { selectBackend } from './backend/selectBackend';
import { loadImageTensor } from './io/loadImage';
import { loadExample } from './io/loadExample';
import { startHostBridge } from './io/hostBridge';
import { startOffline } from './io/offline';
import { loadLessons, saveLessons } from './io/lessonProgress';
import { openLesson, restoreLessons, startLessonWatch } from './state/lessonActions';
import { addNotice } from './state/actions';
import { startUrlSync } from './io/urlSync';
import { afterNextPaint } from './io/afterNextPaint';
import { loadShippedWeights } from './io/loadWeights';
import { effectiveWeights, startShippedWeights } from './state/shippedWeights';
import { layerParamsOf } from './state/derived';
import { configureTraining, setLiveViews } from './state/trainDeps';
import { loadMnistBytes } from './io/loadDataset';
import { loadTrained, saveTrained } from './io/trainedStore';
import { restoreTrained } from './state/trainedModel';
import { setSpeed } from './state/animActions';
import { configureExplain } from './state/explainContext';
import { startExplainWatch } from './state/explainWatch';
import { startCompute } from './state/compute';
import { useStore } from './state/store';
import { openLink } from './state/urlState';
import { App } from './ui/App';
import { prefersReducedMotion } from './ui/components/SlideView/useStepper';
import '@fontsource-variable/inter/wght.css';
import './ui/tokens.css';
import './ui/styles.css';
import './ui/layout.css';
import './ui/themes.css';

const query = new URLSearchParams(window.location.search);
// ?lesson=<id> (a link on an instructor's slide) opens that lesson step with its own state.
const lessonWhy = query.has('lesson') ? openLesson(query.get('lesson')!) : null;
if (!query.has('lesson') || lessonWhy) openLink(window.location.search + window.location.hash);
if (lessonWhy) addNotice(`This lesson link could not be opened — ${lessonWhy}.`);
// A trained model whose link could not carry all its numbers: IndexedDB has the rest.
void loadTrained().then(restoreTrained);
// Reduced motion: animations start slow unless the link chose a speed.
if (prefersReducedMotion() && !query.has('speed')) setSpeed(0.5);
startUrlSync();
startHostBridge();
startOffline();
// "Start here": the steps answered on this device.
void loadLessons().then(restoreLessons);
startLessonWatch(saveLessons);
startShippedWeights(loadShippedWeights);
configureTraining({
  mnistBytes: loadMnistBytes,
  save: saveTrained,
  gpu: async () => {
    const { acquireGpu } = await import('./gpu/device');
    const got = await acquireGpu(navigator.gpu, 'train');
    if (!got.ok) throw new Error(got.reason);
    return got.gpu;
  },
});

configureExplain({
  mnistBytes: loadMnistBytes,
  gpu: async () => {
    const { acquireGpu } = await import('./gpu/device');
    const got = await acquireGpu(navigator.gpu, 'explain');
    if (!got.ok) throw new Error(got.reason);
    return got.gpu;
  },
});
startExplainWatch();

const forced = query.get('backend');
void selectBackend({
  gpu: navigator.gpu,
  force: forced === 'cpu' || forced === 'gpu' ? forced : undefined,
}).then((backend) => {
  startCompute(
    backend,
    (file, spec) => loadImageTensor(new URL(file, document.baseURI).href, spec),
    loadExample,
    // The prediction runs once the maps are on screen (within 200 ms: a hidden tab paints none).
    () =>
      new Promise<void>((resolve) => {
        const cancel = afterNextPaint(resolve);
        setTimeout(() => {
          cancel();
          resolve();
        }, 200);
      }),
  );
  // ?debug exposes test hooks: simulate a GPU device loss; read the input and the selected layer's values.
  if (query.has('debug')) {
    // Counts of input images and predictions shown, for the live-prediction benchmark.
    const counts = { inputs: 0, predictions: 0 };
    useStore.subscribe((s, before) => {
      if (s.own !== before.own) counts.inputs++;
      if (s.compute.prediction !== before.compute.prediction && s.compute.prediction)
        counts.predictions++;
    });
    (window as unknown as { __cnnDebug: unknown }).__cnnDebug = {
      counts: () => ({ ...counts }),
      liveViews: setLiveViews,
      // A layer's weights as the views compute with them (for the training tests).
      weights: (id: string) => {
        const s = useStore.getState();
        const w = layerParamsOf(s.network, s.seed, effectiveWeights(s), id)?.weight;
        return w ? Array.from(w) : null;
      },
      // The top class shown (index) and its probability, or null.
      prediction: () => {
        const p = useStore.getState().compute.prediction;
        if (!p) return null;
        const scores = Array.from(p.scores);
        return { scores, probabilities: p.probabilities };
      },
      loseDevice: () => (backend as Partial<{ loseDevice(): void }>).loseDevice?.(),
      // The network input as computed now (C×H×W per batch item, flattened), or null.
      input: () => {
        const t = useStore.getState().compute.input;
        return t ? Array.from(t.data) : null;
      },
      activation: () => {
        const s = useStore.getState();
        const t = s.selectedLayerId ? s.compute.activations.get(s.selectedLayerId) : undefined;
        return t ? Array.from(t.data) : null;
      },
      // A short LeNet-5 run on the shapes set with the trainer, on this page's GPU or CPU.
      train: async (engine: 'cpu' | 'gpu', steps = 20, batch = 16) => {
        const { trainShapesOn } = await import('./backend/train/shapesRun');
        return trainShapesOn(engine, steps, batch);
      },
    };
  }
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App debug={new URLSearchParams(window.location.search).has('debug')} />
  </StrictMode>,
);
