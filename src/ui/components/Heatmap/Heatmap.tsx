import { memo, useEffect, useRef } from 'react';
import './Heatmap.css';
import { heatmapPixels, type ColorScale } from '../../viz/colormap';

/** 'mouse', 'pen' or 'touch': a mouse hovers, a finger only taps (no hover to preview). */
export type PointerKind = string;

interface Props {
  readonly data: Float32Array;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
  readonly scale: ColorScale;
  /** CSS pixels of the longer side (less when the panel is narrower: it scales down). */
  readonly size: number;
  readonly label: string;
  /**
   * The cell under the pointer (null when a mouse leaves): a mouse reports every move, a finger
   * the cell it touches, so the value can be read with a tap.
   */
  readonly onHover?: (cell: { y: number; x: number } | null, pointer: PointerKind) => void;
  readonly onPick?: () => void;
  /** A click or tap on one cell (the receptive-field pin). */
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
  const report =
    onHover &&
    ((e: React.PointerEvent<HTMLCanvasElement>) => onHover(cellAt(e, h, w), e.pointerType));
  return (
    <canvas
      ref={ref}
      width={w}
      height={h}
      className={`heatmap${onPick || onPickCell ? ' pickable' : ''}`}
      style={{ width: Math.round(w * k), aspectRatio: `${w} / ${h}` }}
      role="img"
      aria-label={label}
      onPointerMove={report}
      onPointerDown={report}
      onPointerLeave={onHover && ((e) => e.pointerType !== 'touch' && onHover(null, e.pointerType))}
      onClick={onPickCell ? (e) => onPickCell(cellAt(e, h, w)) : onPick}
    />
  );
});

/**
 * The map cell under a pointer event on a canvas drawn at any CSS size: measured inside its border
 * (pointer coordinates are fractional, so a point on the border must not count as the next cell),
 * in the units of getBoundingClientRect even when a CSS zoom scales the page.
 */
function cellAt(e: React.MouseEvent<HTMLCanvasElement>, h: number, w: number) {
  const el = e.currentTarget;
  const r = el.getBoundingClientRect();
  const k = el.offsetWidth > 0 ? r.width / el.offsetWidth : 1;
  const left = r.left + el.clientLeft * k;
  const top = r.top + el.clientTop * k;
  const width = el.clientWidth * k || r.width;
  const height = el.clientHeight * k || r.height;
  const x = Math.min(w - 1, Math.max(0, Math.floor(((e.clientX - left) / width) * w)));
  const y = Math.min(h - 1, Math.max(0, Math.floor(((e.clientY - top) / height) * h)));
  return { y, x };
}
