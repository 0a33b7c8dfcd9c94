import { useEffect, useRef } from 'react';
import { SAMPLE_IMAGES } from '../../../core/samples';
import { useStore } from '../../../state/store';
import { imagePixels } from '../../viz/colormap';
import { selectCompute, selectInputMode, selectNetwork, selectSampleId } from '../../selectors';

/** CSS pixels of the thumbnail's longer side. */
const SIDE = 120;

/**
 * The network input as the network sees it (resized, gray or RGB). The store keeps the last
 * computed input while a new computation runs, so it stays on screen; before the first one is
 * ready (there is none yet), the chosen sample image stands in, as the file, until it is.
 */
export function InputImage() {
  const compute = useStore(selectCompute);
  const sampleId = useStore(selectSampleId);
  const { c: specC, h: specH, w: specW } = useStore(selectNetwork).input;
  const mode = useStore(selectInputMode);
  const fixed = mode === 'numeric';
  const ref = useRef<HTMLCanvasElement>(null);
  const input = compute.input;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx || !input) return;
    const [, c, h, w] = input.shape;
    ctx.putImageData(new ImageData(imagePixels(input.data, c, h, w), w, h), 0, 0);
  }, [input]);
  const sample = SAMPLE_IMAGES.find((s) => s.id === sampleId);
  if (!input) {
    if (fixed || !sample) return <div className="input-image placeholder" />;
    const k = SIDE / Math.max(specH, specW);
    return (
      <figure className="input-image pending" data-testid="input-image" data-pending="true">
        <img
          src={sample.file}
          alt={`input image: ${sample.title}`}
          width={specW * k}
          height={specH * k}
          className={specC === 1 ? 'gray' : undefined}
        />
        <figcaption>
          input {specC}×{specH}×{specW}
        </figcaption>
      </figure>
    );
  }
  const [, c, h, w] = input.shape;
  const k = SIDE / Math.max(h, w);
  const title = fixed ? 'typed values' : mode === 'own' ? 'your image' : sample?.title;
  return (
    <figure className="input-image" data-testid="input-image" data-pending="false">
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
