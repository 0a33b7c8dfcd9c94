import { useEffect, useRef } from 'react';
import { SAMPLE_IMAGES } from '../../../core/samples';
import { useStore } from '../../../state/store';
import { imagePixels } from '../../viz/colormap';
import { selectCompute, selectInputMode, selectSampleId } from '../../selectors';

/** The network input as the network sees it (resized, gray or RGB). */
export function InputImage() {
  const compute = useStore(selectCompute);
  const sampleId = useStore(selectSampleId);
  const fixed = useStore(selectInputMode) === 'numeric';
  const ref = useRef<HTMLCanvasElement>(null);
  const input = compute.input;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !input) return;
    const [, c, h, w] = input.shape;
    ctx.putImageData(new ImageData(imagePixels(input.data, c, h, w), w, h), 0, 0);
  }, [input]);
  if (!input) return <div className="input-image placeholder" />;
  const [, c, h, w] = input.shape;
  const k = 120 / Math.max(h, w);
  const title = fixed ? 'typed values' : SAMPLE_IMAGES.find((s) => s.id === sampleId)?.title;
  return (
    <figure className="input-image">
      <canvas
        ref={ref}
        width={w}
        height={h}
        style={{ width: w * k, height: h * k }}
        role="img"
        aria-label={`input image: ${title}`}
      />
      <figcaption>
        input {c}×{h}×{w}
      </figcaption>
    </figure>
  );
}
