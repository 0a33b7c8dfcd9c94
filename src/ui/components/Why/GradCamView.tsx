import { useMemo } from 'react';
import { defaultCamLayer, isSpatial } from '../../../core/explain/graph';
import type { GradCamResult } from '../../../core/explain/types';
import type { OkShape } from '../../../core/infer';
import { setWhy } from '../../../state/explainActions';
import { analyze } from '../../../state/derived';
import { useStore } from '../../../state/store';
import { colorScale, heatmapPixels, minMax } from '../../viz/colormap';
import { GradCamWeights } from './GradCamWeights';
import { HeatView } from './HeatView';
import { PixelImage } from './PixelImage';

/** The conv layer Grad-CAM looks at: any layer with feature maps; the last conv by default. */
export function CamLayerSelect() {
  const network = useStore((s) => s.network);
  const layer = useStore((s) => s.explain.settings.camLayer);
  const { layers, fallback } = useMemo(() => {
    const inf = analyze(network).inference;
    const ok = inf.layers.filter((l) => l.status === 'ok') as OkShape[];
    let fallback = '';
    try {
      fallback = defaultCamLayer(inf);
    } catch {
      // no conv layer: the panel's status says why
    }
    return { layers: ok.filter(isSpatial), fallback };
  }, [network]);
  return (
    <div className="why-controls">
      <label>
        layer
        <select
          value={layer ?? ''}
          data-testid="why-cam-layer"
          onChange={(e) => setWhy({ camLayer: e.target.value || null })}
        >
          <option value="">{fallback ? `${fallback} (the last conv)` : 'the last conv'}</option>
          {layers.map((l) => (
            <option key={l.id} value={l.id}>
              {l.id} ({l.shape[1]}×{l.shape[2]}×{l.shape[3]})
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

interface Props {
  readonly result: GradCamResult;
  readonly image: Float32Array;
  readonly c: number;
  readonly className: string;
}

/** Grad-CAM: the map over the input, the coarse map at the layer, and the channel weights. */
export function GradCamView({ result: r, image, c, className }: Props) {
  const cam = useMemo(() => {
    const [lo, hi] = minMax(r.cam);
    return heatmapPixels(r.cam, 0, r.camHeight, r.camWidth, colorScale(Math.max(0, lo), hi));
  }, [r]);
  return (
    <div className="why-cam">
      <HeatView
        image={image}
        c={c}
        h={r.height}
        w={r.width}
        heat={r.map}
        label={`Grad-CAM of ${className} at ${r.layer}`}
      />
      <div className="why-pair">
        <figure>
          <PixelImage
            pixels={cam}
            w={r.camWidth}
            h={r.camHeight}
            size={96}
            label={`the ${r.camHeight}×${r.camWidth} map at ${r.layer} before upsampling`}
            testId="why-cam-coarse"
          />
          <figcaption className="muted small">
            {r.camHeight}×{r.camWidth} at {r.layer}, before upsampling
          </figcaption>
        </figure>
        <GradCamWeights weights={r.weights} layer={r.layer} />
      </div>
    </div>
  );
}
