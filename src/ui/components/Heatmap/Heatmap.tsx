import { memo, useEffect, useRef } from 'react';
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
  /** The cell under the pointer (null when it leaves). */
  readonly onHover?: (cell: { y: number; x: number } | null) => void;
  readonly onPick?: () => void;
  /** A click on one cell (the receptive-field pin). */
  readonly onPickCell?: (cell: { y: number; x: number }) => void;
}

/** One H×W plane drawn as a colour-mapped canvas, scaled up without smoothing. */
export const Heatmap = memo(function Heatmap(props: Props) {
  const { data, offset, h, w, scale, size, label, onHover, onPick, onPickCell } = props;
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
      className={`heatmap${onPick ? ' pickable' : ''}`}
      style={{ width: Math.round(w * k), height: Math.round(h * k) }}
      role="img"
      aria-label={label}
      onMouseMove={onHover && ((e) => onHover(cellAt(e, h, w)))}
      onMouseLeave={onHover && (() => onHover(null))}
      onClick={onPickCell ? (e) => onPickCell(cellAt(e, h, w)) : onPick}
    />
  );
});

/** The map cell under a pointer event on a canvas drawn at any CSS size. */
function cellAt(e: React.MouseEvent<HTMLCanvasElement>, h: number, w: number) {
  const r = e.currentTarget.getBoundingClientRect();
  const x = Math.min(w - 1, Math.max(0, Math.floor(((e.clientX - r.left) / r.width) * w)));
  const y = Math.min(h - 1, Math.max(0, Math.floor(((e.clientY - r.top) / r.height) * h)));
  return { y, x };
}
