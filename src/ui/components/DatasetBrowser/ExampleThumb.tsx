import { useEffect, useRef } from 'react';
import type { Dataset } from '../../../core/data/dataset';

/** One example drawn pixel for pixel (gray or RGB, values in [0, 1]), scaled up by CSS. */
export function ExampleThumb({ data, index }: { readonly data: Dataset; readonly index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const [c, h, w] = data.shape;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
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
  }, [data, index, c, h, w]);
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
