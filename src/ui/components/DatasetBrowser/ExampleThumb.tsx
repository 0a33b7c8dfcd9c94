import { useEffect, useRef } from 'react';
import type { Dataset } from '../../../core/data/dataset';
import { whenIdle } from '../../../io/idleQueue';

/** One example drawn pixel for pixel (gray or RGB, values in [0, 1]), scaled up by CSS. */
export function ExampleThumb({ data, index }: { readonly data: Dataset; readonly index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [, h, w] = data.shape;
  // Drawn when the page is idle: a procedural example takes ~4 ms to draw, and a page of them
  // held up the first feature map by a tenth of a second or more.
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    return whenIdle(() => drawExample(canvas, data, index));
  }, [data, index]);
  return (
    <canvas
      ref={ref}
      width={w}
      height={h}
      className={w > 32 ? 'example-thumb large' : 'example-thumb'}
      aria-hidden="true"
    />
  );
}

function drawExample(canvas: HTMLCanvasElement, data: Dataset, index: number) {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const [c, h, w] = data.shape;
  const values = new Float32Array(c * h * w);
  data.example(index, values, 0);
  const img = ctx.createImageData(w, h);
  const plane = h * w;
  for (let i = 0; i < plane; i++) {
    const at = (k: number) => Math.round(255 * Math.min(1, Math.max(0, values[k * plane + i])));
    img.data[i * 4] = at(0);
    img.data[i * 4 + 1] = at(c === 3 ? 1 : 0);
    img.data[i * 4 + 2] = at(c === 3 ? 2 : 0);
    img.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}
