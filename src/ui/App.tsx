import { useEffect } from 'react';
import { redo, undo } from '../state/networkActions';
import { useStore } from '../state/store';
import { toggleSummary } from '../state/viewActions';
import { Arithmetic } from './components/Arithmetic/Arithmetic';
import { LayerStrip } from './components/Builder/LayerStrip';
import { DebugOverlay } from './components/DebugOverlay/DebugOverlay';
import { FeatureMaps } from './components/FeatureMaps/FeatureMaps';
import { FieldPanel } from './components/FieldPanel/FieldPanel';
import { Header } from './components/Header/Header';
import { InspectorTabs } from './components/InspectorTabs/InspectorTabs';
import { InputPanel } from './components/InputPanel/InputPanel';
import { KernelView } from './components/KernelView/KernelView';
import { LayerEditor } from './components/LayerEditor/LayerEditor';
import { Notices } from './components/Notices/Notices';
import { Overview } from './components/Overview/Overview';
import { SlideView } from './components/SlideView/SlideView';
import { SummaryTable } from './components/SummaryTable/SummaryTable';
import {
  selectBackend,
  selectCompute,
  selectInspector,
  selectSelectedLayer,
  selectSummaryOpen,
} from './selectors';

/** Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes, anywhere on the page. */
function useUndoKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if ((k === 'z' && e.shiftKey) || k === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function App({ debug = false }: { readonly debug?: boolean }) {
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const backend = useStore(selectBackend);
  const summaryOpen = useStore(selectSummaryOpen);
  const inspector = useStore(selectInspector);
  useUndoKeys();
  const where = backend.kind === 'gpu' ? `the GPU (${backend.device})` : 'the CPU';
  return (
    <div className="app">
      <Header />
      <Notices />
      <Overview />
      <LayerStrip />
      <main className="workspace">
        <div className="col-left">
          <LayerEditor key={`editor:${selected}`} />
          <InputPanel />
        </div>
        <div className="col-mid">
          <InspectorTabs />
          {inspector === 'steps' ? (
            <SlideView key={`steps:${selected}`} />
          ) : (
            <FeatureMaps key={`maps:${selected}`} />
          )}
          <KernelView key={`filters:${selected}`} />
        </div>
        <div className="col-right">
          <FieldPanel />
          <Arithmetic />
        </div>
      </main>
      {summaryOpen && (
        <aside className="drawer" aria-label="Summary table" data-testid="summary-drawer">
          <div className="drawer-head">
            <h2>Summary</h2>
            <button
              type="button"
              onClick={() => toggleSummary(false)}
              data-testid="summary-close"
              aria-label="Close the summary"
            >
              ✕
            </button>
          </div>
          <SummaryTable />
        </aside>
      )}
      <footer className="footer">
        <span
          data-testid="compute-status"
          data-status={compute.status}
          data-backend={backend.kind ?? ''}
        >
          {compute.status === 'running'
            ? `Computing on ${where}…`
            : compute.millis !== null
              ? `Computed on ${where} in ${Math.round(compute.millis)} ms`
              : ''}
        </span>
        <a href="images/LICENSES.md">Image credits</a>
      </footer>
      {debug && <DebugOverlay />}
    </div>
  );
}
