import { useDeferredValue, useMemo, useState } from 'react';
import './KernelView.css';
import { INPUT_ID } from '../../../core/layers';
import { analyze, layerParamsOf } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { weightsOrigin } from '../../../state/shippedWeights';
import { reinitLayer } from '../../../state/weightActions';
import { colorScale, minMax } from '../../viz/colormap';
import {
  selectFixedWeights,
  selectNetwork,
  selectSeed,
  selectSelectedLayer,
} from '../../selectors';
import { Heatmap } from '../Heatmap/Heatmap';
import { FilterEditor } from './FilterEditor';

const ROWS = 16;
const COLS = 8;

/** The selected conv layer's filters, one small heatmap per (output, input) channel pair. */
export function KernelView() {
  // Deferred: the filters follow an edit in a render that yields to the feature maps.
  const network = useDeferredValue(useStore(selectNetwork));
  const selected = useDeferredValue(useStore(selectSelectedLayer));
  const seed = useDeferredValue(useStore(selectSeed));
  const fixed = useDeferredValue(useStore(selectFixedWeights));
  const [pick, setPick] = useState<{ layer: string; o: number; i: number } | null>(null);
  const [page, setPage] = useState(0);
  const ls =
    selected && selected !== INPUT_ID ? analyze(network).inference.byId.get(selected) : undefined;
  const origin = useStore((s) => (selected ? weightsOrigin(s, selected) : ''));
  const weights =
    ls?.status === 'ok' && ls.layer.kind === 'conv2d'
      ? (layerParamsOf(network, seed, fixed, ls.id)?.weight ?? null)
      : null;
  const scale = useMemo(() => {
    if (!weights) return null;
    const [lo, hi] = minMax(weights);
    // Weights are signed: force the diverging scale (0 white) even if a filter is all ≥ 0.
    return colorScale(Math.min(lo, -1e-6), hi);
  }, [weights]);
  if (!ls || ls.status !== 'ok' || ls.layer.kind !== 'conv2d' || !weights || !scale) return null;
  const layer = ls.layer;
  const [kh, kw] = layer.kernel;
  const perGroupIn = ls.inputShapes[0][1] / layer.groups;
  const outs = layer.outChannels;
  const pages = Math.ceil(outs / ROWS);
  const p = Math.min(page, pages - 1);
  const cols = Math.min(COLS, perGroupIn);
  const current =
    pick && pick.layer === layer.id && pick.o < outs && pick.i < perGroupIn ? pick : null;
  const size = Math.max(28, Math.min(56, kh * 12));
  return (
    <section className="panel kernels" aria-label="Filters" data-testid="kernel-view">
      <div className="panel-head">
        <h2>Filters</h2>
        <span className="muted small">
          {outs} × {perGroupIn} of {kh}×{kw}
          {` · ${origin}`}
        </span>
        <button
          type="button"
          data-testid="reinit"
          title="Draw new random weights for this layer from a new seed"
          onClick={() => reinitLayer(layer.id)}
        >
          Re-initialize
        </button>
      </div>
      <p className="muted small">
        Row = output channel (one filter), column = the input channel it reads
        {layer.groups > 1 ? ` within its group of ${perGroupIn}` : ''}. Click one to edit it.
      </p>
      <div className="filters" style={{ gridTemplateColumns: `auto repeat(${cols}, auto)` }}>
        <span />
        {Array.from({ length: cols }, (_, i) => (
          <span key={i} className="axis">
            in {i}
          </span>
        ))}
        {Array.from({ length: Math.min(ROWS, outs - p * ROWS) }, (_, r) => {
          const o = p * ROWS + r;
          return [
            <span key={`o${o}`} className="axis">
              out {o}
            </span>,
            ...Array.from({ length: cols }, (_, i) => (
              <button
                key={`${o}-${i}`}
                type="button"
                className={`filter${current?.o === o && current.i === i ? ' picked' : ''}`}
                data-testid="filter"
                aria-label={`filter ${o}, input channel ${i}`}
                onClick={() => setPick({ layer: layer.id, o, i })}
              >
                <Heatmap
                  data={weights}
                  offset={(o * perGroupIn + i) * kh * kw}
                  h={kh}
                  w={kw}
                  scale={scale}
                  size={size}
                  label={`filter ${o}, input channel ${i}`}
                />
              </button>
            )),
          ];
        })}
      </div>
      {(pages > 1 || perGroupIn > cols) && (
        <nav className="pager">
          {pages > 1 && (
            <>
              <button type="button" disabled={p === 0} onClick={() => setPage(p - 1)}>
                ‹
              </button>
              <span>
                filters {p * ROWS}–{Math.min(outs, (p + 1) * ROWS) - 1} of {outs}
              </span>
              <button type="button" disabled={p === pages - 1} onClick={() => setPage(p + 1)}>
                ›
              </button>
            </>
          )}
          {perGroupIn > cols && (
            <span className="muted">
              first {cols} of {perGroupIn} input channels
            </span>
          )}
        </nav>
      )}
      {current && (
        <FilterEditor
          layerId={layer.id}
          weights={weights}
          offset={(current.o * perGroupIn + current.i) * kh * kw}
          kh={kh}
          kw={kw}
          out={current.o}
          inCh={current.i}
        />
      )}
    </section>
  );
}
