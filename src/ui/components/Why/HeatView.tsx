import { useMemo } from 'react';
import { setWhy } from '../../../state/explainActions';
import { useStore } from '../../../state/store';
import { hottest, overlayPixels } from '../../viz/heatOverlay';
import { PixelImage } from './PixelImage';

export const VIEW_SIZE = 224;

interface Props {
  readonly image: Float32Array;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  /** H×W heat, same size as the image. */
  readonly heat: Float32Array;
  readonly label: string;
  /** The heat at full colour (default: the largest value); `scaleText` says what it is. */
  readonly max?: number;
  readonly scaleText?: string;
  readonly children?: React.ReactNode;
}

/** The input with a heat map over it, and the opacity slider. */
export function HeatView({ image, c, h, w, heat, label, max, scaleText, children }: Props) {
  const opacity = useStore((s) => s.explain.settings.opacity);
  const pixels = useMemo(
    () => overlayPixels(image, c, h, w, heat, opacity, max),
    [image, c, h, w, heat, opacity, max],
  );
  const hot = hottest(heat, w);
  return (
    <figure className="why-figure">
      <PixelImage pixels={pixels} w={w} h={h} size={VIEW_SIZE} label={label} testId="why-heat">
        {children}
      </PixelImage>
      <figcaption className="muted small">
        Hottest at row {hot.y}, column {hot.x}.{' '}
        {scaleText ?? 'Colours scaled to the largest value.'}
      </figcaption>
      <label className="why-opacity">
        heat opacity
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={opacity}
          data-testid="why-opacity"
          onChange={(e) => setWhy({ opacity: Number(e.target.value) })}
        />
        <span>{Math.round(opacity * 100)}%</span>
      </label>
    </figure>
  );
}
