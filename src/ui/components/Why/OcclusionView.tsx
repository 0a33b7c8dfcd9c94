import { useMemo } from 'react';
import type { OcclusionResult } from '../../../core/explain/types';
import { occlusionGeometry } from '../../../core/explain/whySettings';
import { setWhy } from '../../../state/explainActions';
import { useStore } from '../../../state/store';
import { colorScale, imagePixels, minMax } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { StepControls, stepKeys } from '../SlideView/StepControls';
import { HeatView, VIEW_SIZE } from './HeatView';
import { PixelImage } from './PixelImage';
import { usePlayback } from './usePlayback';

interface Props {
  readonly result: OcclusionResult | null;
  readonly image: Float32Array;
  readonly c: number;
  readonly className: string;
}

const MAP_SIZE = 150;

/** The drop map filled up to position `upTo` (the rest blank), as RGBA pixels. */
function partialMap(r: OcclusionResult, upTo: number): Uint8ClampedArray<ArrayBuffer> {
  const [lo, hi] = minMax(r.map);
  const scale = colorScale(Math.min(lo, -1e-6), hi);
  // Positions not measured yet: a mid grey, distinct from a zero drop (white on this scale).
  const px = new Uint8ClampedArray(r.rows * r.cols * 4).fill(150);
  r.positions.forEach((p, i) => {
    if (i > upTo) return;
    const [cr, cg, cb] = scale.rgb(r.map[p.row * r.cols + p.col]);
    px.set([cr, cg, cb, 255], (p.row * r.cols + p.col) * 4);
  });
  return px;
}

/** Occlusion: the patch settings, the playback of the patch sliding, and the heat at the end. */
export function OcclusionView({ result, image, c, className }: Props) {
  const settings = useStore((s) => s.explain.settings);
  const { h, w } = useStore((s) => s.network.input);
  const { patch, stride } = occlusionGeometry(settings, h, w);
  const count = result?.positions.length ?? 0;
  const s = usePlayback(count, result);
  const map = useMemo(() => (result ? partialMap(result, s.step) : null), [result, s.step]);
  const base = useMemo(() => imagePixels(image, c, h, w), [image, c, h, w]);
  const at = result?.positions[s.step];
  const label = at
    ? `patch ${s.step + 1} of ${count} at row ${at.y}, column ${at.x}: P = ${fmtValue(result!.probabilities[s.step])} (without a patch ${fmtValue(result!.baseline)})`
    : 'no positions yet';
  return (
    <div className="why-occlusion">
      <div className="why-controls">
        <label>
          patch
          <input
            type="number"
            min={1}
            max={Math.min(h, w)}
            value={patch}
            data-testid="why-patch"
            onChange={(e) => setWhy({ patch: Number(e.target.value) })}
          />
        </label>
        <label>
          stride
          <input
            type="number"
            min={1}
            max={64}
            value={stride}
            data-testid="why-stride"
            onChange={(e) => setWhy({ stride: Number(e.target.value) })}
          />
        </label>
        <label>
          fill
          <select
            value={settings.fill}
            data-testid="why-fill"
            onChange={(e) => setWhy({ fill: e.target.value as 'grey' | 'blur' })}
          >
            <option value="grey">grey</option>
            <option value="blur">blurred image</option>
          </select>
        </label>
      </div>
      {result && at && map && (
        <div
          className="why-playback"
          tabIndex={0}
          onKeyDown={stepKeys(s)}
          data-testid="why-playback"
          data-step={s.step}
          aria-label="Occlusion playback: Space plays, arrows step"
        >
          <div className="why-pair">
            <PixelImage
              pixels={base}
              w={w}
              h={h}
              size={VIEW_SIZE}
              label={`the input with the patch at row ${at.y}, column ${at.x}`}
            >
              <svg className="why-patch" viewBox={`0 0 ${w} ${h}`} aria-hidden="true">
                <rect
                  x={at.x}
                  y={at.y}
                  width={patch}
                  height={patch}
                  className={settings.fill === 'grey' ? 'grey' : 'blur'}
                />
              </svg>
            </PixelImage>
            <PixelImage
              pixels={map}
              w={result.cols}
              h={result.rows}
              size={MAP_SIZE}
              label={`drop of the probability of ${className} at ${s.step + 1} of ${count} positions`}
              testId="why-occlusion-map"
            />
          </div>
          <StepControls s={s} label={label} />
          <p className="muted small">
            Each cell of the {result.rows}×{result.cols} map is one patch position: blue where
            hiding that part lowered P({className}), red where it raised it, grey not yet measured.
            Patch {patch}×{patch} every {stride} pixels: {count} forward passes, batched.
          </p>
        </div>
      )}
      {result && (
        <HeatView
          image={image}
          c={c}
          h={h}
          w={w}
          heat={result.heat}
          label={`occlusion heat for ${className}`}
          max={result.baseline}
          scaleText={`Full colour is a drop of the whole ${fmtValue(result.baseline)}; the largest drop here is ${fmtValue(Math.max(0, ...result.map))}.`}
        />
      )}
    </div>
  );
}
