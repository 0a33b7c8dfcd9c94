import { useStore } from '../state/store';
import { FeatureMaps } from './components/FeatureMaps/FeatureMaps';
import { Header } from './components/Header/Header';
import { LayerDetails } from './components/LayerDetails/LayerDetails';
import { Notices } from './components/Notices/Notices';
import { SummaryTable } from './components/SummaryTable/SummaryTable';
import { selectBackend, selectCompute, selectSelectedLayer } from './selectors';

export function App() {
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const backend = useStore(selectBackend);
  const where = backend.kind === 'gpu' ? `the GPU (${backend.device})` : 'the CPU';
  return (
    <div className="app">
      <Header />
      <Notices />
      <main className="main">
        <SummaryTable />
        <div className="viewer">
          <LayerDetails />
          <FeatureMaps key={selected ?? ''} />
        </div>
      </main>
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
    </div>
  );
}
