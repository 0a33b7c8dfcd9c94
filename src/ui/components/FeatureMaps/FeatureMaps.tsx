import { useEffect, useMemo, useState } from 'react';
import './FeatureMaps.css';
import { INPUT_ID } from '../../../core/layers';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { markPainted } from '../../../state/viewActions';
import { afterNextPaint } from '../../../io/afterNextPaint';
import { fmtValue } from '../../viz/format';
import { channelScales, rangeOf } from '../../viz/scales';
import {
  selectColorScale,
  selectCompute,
  selectNetwork,
  selectSelectedLayer,
  selectZoomChannel,
} from '../../selectors';
import { ChannelGrid } from './ChannelGrid';
import { Legend } from './Legend';
import { ScaleModes } from './ScaleModes';
import { VectorView } from './VectorView';
import { ZoomedChannel } from './ZoomedChannel';

type Cell = { c: number; y: number; x: number } | null;

const NOTES = {
  channel: 'each channel its own range (shown under it)',
  layer: 'one scale for the layer',
  global: 'one scale for every layer up to here',
};

/** The selected layer's output for the first sample: every channel as a heatmap. */
export function FeatureMaps() {
  const network = useStore(selectNetwork);
  const selected = useStore(selectSelectedLayer);
  const compute = useStore(selectCompute);
  const mode = useStore(selectColorScale);
  const zoom = useStore(selectZoomChannel);
  const [hover, setHover] = useState<Cell>(null);
  const out =
    selected === INPUT_ID
      ? (compute.input ?? undefined)
      : selected
        ? compute.activations.get(selected)
        : undefined;
  const ls =
    selected && selected !== INPUT_ID ? analyze(network).inference.byId.get(selected) : undefined;
  const stale = compute.status === 'error' || (ls !== undefined && ls.status !== 'ok');

  const scales = useMemo(() => {
    if (!out) return null;
    const spatial = out.shape.length === 4;
    const channels = spatial ? out.shape[1] : 1;
    const plane = spatial ? out.shape[2] * out.shape[3] : out.shape[1];
    const global =
      mode === 'global'
        ? rangeOf([...(compute.input ? [compute.input] : []), ...compute.activations.values()])
        : null;
    return channelScales(
      out.data,
      channels,
      plane,
      spatial ? mode : mode === 'channel' ? 'layer' : mode,
      global,
    );
  }, [out, mode, compute.activations, compute.input]);

  // Edit → pixels: the canvases paint in effects of this commit; the clock stops once the next
  // frame has been rendered (its style, layout and paint included).
  useEffect(() => {
    if (!out) return;
    return afterNextPaint(markPainted);
  }, [out, scales]);

  if (!selected || (!ls && selected !== INPUT_ID))
    return <p className="panel muted">Select a layer to see its feature maps.</p>;
  if (compute.status === 'error' && !out) {
    return (
      <p className="compute-error" role="alert" data-testid="compute-error">
        Feature maps unavailable: {compute.message}
      </p>
    );
  }
  if (!out || !scales)
    return (
      <p className="panel muted" data-testid="computing">
        Computing feature maps…
      </p>
    );

  const spatial = out.shape.length === 4;
  const channels = out.shape[1];
  const [h, w] = spatial ? [out.shape[2], out.shape[3]] : [1, out.shape[1]];
  const zoomed = spatial && zoom !== null && zoom < channels ? zoom : null;
  const hv = hover && hover.c < channels ? hover : null;
  return (
    <section
      className={`panel maps${stale ? ' stale' : ''}`}
      aria-label={selected === INPUT_ID ? 'Input values' : 'Feature maps'}
      data-testid="feature-maps"
      data-channels={channels}
      data-stale={stale}
    >
      <div className="panel-head">
        <h2>{selected === INPUT_ID ? 'Input' : 'Feature maps'}</h2>
        <ScaleModes mode={mode} />
      </div>
      {stale && (
        <p className="stale-note" data-testid="stale-note">
          Showing the last result that worked, until the settings are fixed.
        </p>
      )}
      <Legend scale={zoomed !== null ? scales[zoomed] : scales[0]} note={NOTES[mode]} />
      <p
        className={`hover-readout${hv ? '' : ' idle'}`}
        data-testid="hover-readout"
        aria-live="off"
      >
        {hv
          ? `channel ${hv.c} · y ${hv.y} · x ${hv.x} · value ${fmtValue(out.data[(hv.c * h + hv.y) * w + hv.x])}`
          : spatial
            ? 'Point at a map to read a value; click or tap one to zoom in, then a unit for its receptive field.'
            : ''}
      </p>
      {!spatial ? (
        <VectorView
          data={out.data}
          features={out.shape[1]}
          scale={scales[0]}
          layerId={selected === INPUT_ID ? null : selected}
        />
      ) : zoomed !== null ? (
        <ZoomedChannel
          data={out.data}
          channel={zoomed}
          channels={channels}
          h={h}
          w={w}
          scale={scales[zoomed]}
          onHover={setHover}
          layerId={selected === INPUT_ID ? null : selected}
        />
      ) : (
        <ChannelGrid
          data={out.data}
          channels={channels}
          h={h}
          w={w}
          scales={scales}
          perChannel={mode === 'channel'}
          onHover={setHover}
        />
      )}
    </section>
  );
}
