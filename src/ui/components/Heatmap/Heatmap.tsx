import { useEffect, useRef } from 'react';
import { heatmapPixels, type ColorScale } from '../../viz/colormap';

interface Props {
  readonly data: Float32Array;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
  readonly scale: ColorScale;
  /** CSS pixels of the longer side. */
  readonly size: number;
  readonly label: string;
}

/** One H×W plane drawn as a colour-mapped canvas, scaled up without smoothing. */
export function Heatmap({ data, offset, h, w, scale, size, label }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    ctx.putImageData(new ImageData(heatmapPixels(data, offset, h, w, scale), w, h), 0, 0);
  }, [data, offset, h, w, scale]);
  const k = size / Math.max(h, w);
  return (
    <canvas
      ref={ref}
      width={w}
      height={h}
      className="heatmap"
      style={{ width: Math.round(w * k), height: Math.round(h * k) }}
      role="img"
      aria-label={label}
    />
  );
}
