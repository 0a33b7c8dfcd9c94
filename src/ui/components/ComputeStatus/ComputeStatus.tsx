import { useEffect, useState } from 'react';
import { cancelCompute, recompute } from '../../../state/compute';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { selectBackend, selectCompute, selectNetwork } from '../../selectors';

/** A computation shorter than this shows no progress (it would only flicker). */
export const PROGRESS_AFTER_MS = 300;

/**
 * The status line: where the numbers are computed and why, how long it took, and for a long
 * computation which layer it is on, with Cancel.
 */
export function ComputeStatus() {
  const compute = useStore(selectCompute);
  const backend = useStore(selectBackend);
  const network = useStore(selectNetwork);
  const long = useLongRunning(compute.status === 'running' ? compute.startedAt : null);
  const where = backend.kind === 'gpu' ? `the GPU (${backend.device})` : 'the CPU';
  const why = backend.why ? ` — ${backend.why}` : '';
  const p = compute.progress;
  const name = p ? (analyze(network).inference.byId.get(p.layerId)?.layer.name ?? p.layerId) : '';
  return (
    <span
      className="compute-status"
      data-testid="compute-status"
      data-status={compute.status}
      data-backend={backend.kind ?? ''}
      role="status"
    >
      {compute.status === 'running' ? (
        long ? (
          <>
            <span data-testid="compute-progress">
              Computing on {where}
              {p ? `: layer ${p.done} of ${p.total} done (${name})` : '…'}
            </span>{' '}
            {p && (
              <progress max={p.total} value={p.done} aria-label="layers computed">
                {p.done} of {p.total}
              </progress>
            )}{' '}
            <button type="button" onClick={cancelCompute} data-testid="compute-cancel">
              Cancel
            </button>
          </>
        ) : (
          `Computing on ${where}…${why}`
        )
      ) : compute.status === 'cancelled' ? (
        <>
          Stopped: the maps shown are from before.{' '}
          <button type="button" onClick={recompute} data-testid="compute-retry">
            Compute again
          </button>
        </>
      ) : compute.millis !== null ? (
        `Computed on ${where} in ${Math.round(compute.millis)} ms${why}`
      ) : (
        ''
      )}
    </span>
  );
}

/** True once a computation started at `since` has run for PROGRESS_AFTER_MS. */
function useLongRunning(since: number | null): boolean {
  const [longSince, setLongSince] = useState<number | null>(null);
  useEffect(() => {
    if (since === null) return;
    const left = Math.max(0, PROGRESS_AFTER_MS - (performance.now() - since));
    const t = setTimeout(() => setLongSince(since), left);
    return () => clearTimeout(t);
  }, [since]);
  return since !== null && longSince === since;
}
