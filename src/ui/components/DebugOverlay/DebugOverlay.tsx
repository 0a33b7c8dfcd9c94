import { useStore } from '../../../state/store';
import { selectBackend, selectCompute, selectLatency } from '../../selectors';

/** ?debug: the last edit-to-pixels latency and what computed it. */
export function DebugOverlay() {
  const latency = useStore(selectLatency);
  const compute = useStore(selectCompute);
  const backend = useStore(selectBackend);
  return (
    <div
      className="debug-overlay"
      data-testid="debug-overlay"
      data-latency={latency ?? ''}
      data-compute={compute.millis ?? ''}
      aria-live="off"
    >
      edit → pixels {latency === null ? '–' : `${Math.round(latency)} ms`} · compute{' '}
      {compute.millis === null ? '–' : `${Math.round(compute.millis)} ms`} · {backend.kind ?? '…'}
    </div>
  );
}
