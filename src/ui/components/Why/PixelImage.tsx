import { memo, useEffect, useRef } from 'react';

interface Props {
  /** RGBA, w × h. */
  readonly pixels: Uint8ClampedArray<ArrayBuffer>;
  readonly w: number;
  readonly h: number;
  /** CSS pixels of the longer side. */
  readonly size: number;
  readonly label: string;
  readonly testId?: string;
  readonly children?: React.ReactNode;
}

/** RGBA pixels drawn on a canvas, scaled up without smoothing; children draw on top (SVG). */
export const PixelImage = memo(function PixelImage(p: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(p.pixels, p.w, p.h), 0, 0);
  }, [p.pixels, p.w, p.h]);
  const k = p.size / Math.max(p.w, p.h);
  return (
    <div
      className="pixel-image"
      style={{ width: Math.round(p.w * k), height: Math.round(p.h * k) }}
      data-testid={p.testId}
    >
      <canvas ref={ref} width={p.w} height={p.h} role="img" aria-label={p.label} />
      {p.children}
    </div>
  );
});
