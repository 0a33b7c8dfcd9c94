import { useMemo, useState } from 'react';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { colorScale, minMax } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { selectCompute, selectNetwork, selectSelectedLayer } from '../../selectors';
import { Heatmap } from '../Heatmap/Heatmap';
import { NumberGrid } from '../NumberGrid/NumberGrid';
import { Legend } from './Legend';

const PAGE = 64;

/** The selected layer's output for the first sample: every channel as a heatmap. */
export function FeatureMaps() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const [page, setPage] = useState(0);
  const out = selected ? compute.activations.get(selected) : undefined;
  const ls = selected ? analyze(network).inference.byId.get(selected) : undefined;
  const stats = useMemo(() => {
    if (!out) return null;
    const per = out.shape.slice(1).reduce((a, b) => a * b, 1);
    const [lo, hi] = minMax(out.data, 0, per);
    return { per, scale: colorScale(lo, hi) };
  }, [out]);

  if (!selected || !ls) return <p className="muted">Select a layer to see its feature maps.</p>;
  if (compute.status === 'error' && !out) {
    return (
      <p className="compute-error" role="alert" data-testid="compute-error">
        Feature maps unavailable: {compute.message}
      </p>
    );
  }
  if (!out || !stats)
    return (
      <p className="muted" data-testid="computing">
        Computing feature maps…
      </p>
    );

  const { scale } = stats;
  if (out.shape.length === 2) {
    const f = out.shape[1];
    const shown = Math.min(f, 1000);
    return (
      <section aria-label="Output values" data-testid="feature-maps" data-channels={f}>
        <Legend scale={scale} />
        <div className="vector">
          {Array.from({ length: shown }, (_, i) => (
            <span
              key={i}
              className="cell"
              style={{ background: scale.color(out.data[i]) }}
              title={`feature ${i}: ${fmtValue(out.data[i])}`}
            >
              {f <= 16 ? fmtValue(out.data[i]) : ''}
            </span>
          ))}
        </div>
        {f > shown && (
          <p className="muted">
            First {shown} of {f} values.
          </p>
        )}
      </section>
    );
  }
  const [, channels, h, w] = out.shape;
  const pages = Math.ceil(channels / PAGE);
  const p = Math.min(page, pages - 1);
  // Small maps (the lecture exercises) print their numbers; big ones are pictures.
  const small = h * w <= 100 && channels <= 16;
  const size = Math.max(48, Math.min(160, 4 * Math.max(h, w)));
  return (
    <section aria-label="Feature maps" data-testid="feature-maps" data-channels={channels}>
      <Legend scale={scale} />
      <div className="grid">
        {Array.from({ length: Math.min(PAGE, channels - p * PAGE) }, (_, k) => {
          const ch = p * PAGE + k;
          return (
            <figure key={ch} className="map">
              {small ? (
                <NumberGrid
                  data={out.data}
                  offset={ch * h * w}
                  h={h}
                  w={w}
                  scale={scale}
                  label={`channel ${ch}`}
                />
              ) : (
                <Heatmap
                  data={out.data}
                  offset={ch * h * w}
                  h={h}
                  w={w}
                  scale={scale}
                  size={size}
                  label={`channel ${ch}`}
                />
              )}
              <figcaption>{ch}</figcaption>
            </figure>
          );
        })}
      </div>
      {pages > 1 && (
        <nav className="pager" aria-label="Channel pages">
          <button type="button" disabled={p === 0} onClick={() => setPage(p - 1)}>
            ‹ Previous
          </button>
          <span>
            channels {p * PAGE}–{Math.min(channels, (p + 1) * PAGE) - 1} of {channels}
          </span>
          <button type="button" disabled={p === pages - 1} onClick={() => setPage(p + 1)}>
            Next ›
          </button>
        </nav>
      )}
    </section>
  );
}
