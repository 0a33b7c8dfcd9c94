import { useEffect, useMemo, useRef } from 'react';
import type { LayerDependency } from '../../../core/unitField';
import { channelSum } from '../../../core/fieldGrid';
import { fieldCanvas } from '../../viz/fieldPixels';

interface Props {
  readonly dep: LayerDependency;
  /** Grey levels 0..255 of the image under the field (the input only). */
  readonly base: ArrayLike<number> | null;
  readonly size: number;
  readonly label: string;
  readonly testId: string;
}

/** One layer's (or the input's) dependency set as a picture, padding drawn outside the frame. */
export function FieldOverlay({ dep, base, size, label, testId }: Props) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pic = useMemo(() => {
    const counts = channelSum(dep.segments, dep.height * dep.width);
    return fieldCanvas(dep.height, dep.width, counts, dep.virtual, base);
  }, [dep, base]);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (ctx) ctx.putImageData(new ImageData(pic.pixels, pic.width, pic.height), 0, 0);
  }, [pic]);
  const k = size / Math.max(pic.height, pic.width);
  return (
    <div className="field-pic" style={{ width: pic.width * k, height: pic.height * k }}>
      <canvas
        ref={ref}
        width={pic.width}
        height={pic.height}
        style={{ width: pic.width * k, height: pic.height * k }}
        role="img"
        aria-label={label}
        data-testid={testId}
        data-pixels={dep.pixelCount}
        data-in-frame={pic.inFrame}
      />
      <span
        className="frame"
        style={{
          left: -pic.left * k,
          top: -pic.top * k,
          width: dep.width * k,
          height: dep.height * k,
        }}
      />
    </div>
  );
}
