import { useMemo } from 'react';
import { datasetInfo } from '../../../core/data/catalog';
import { selectExample } from '../../../state/exampleActions';
import { useStore } from '../../../state/store';
import { imagePixels } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import { PixelImage } from './PixelImage';

const THUMB = 56;

function Thumb({
  image,
  c,
  h,
  w,
  label,
}: {
  image: Float32Array;
  c: number;
  h: number;
  w: number;
  label: string;
}) {
  const px = useMemo(() => imagePixels(image, c, h, w), [image, c, h, w]);
  return <PixelImage pixels={px} w={w} h={h} size={THUMB} label={label} />;
}

/** The held-out examples that excite the target most; a click makes one the input. */
export function TopExamples() {
  const top = useStore((s) => s.explain.top);
  const { c, h, w } = useStore((s) => s.network.input);
  if (!top) return null;
  if (top.status === 'running')
    return <p className="muted small">Looking through the held-out examples…</p>;
  if (top.status === 'error')
    return (
      <p className="why-message small" data-testid="why-top-message">
        No examples: {top.message}
      </p>
    );
  const info = top.dataset ? datasetInfo(top.dataset) : undefined;
  return (
    <div data-testid="why-top">
      <p className="muted small">
        The {top.examples.length} held-out {info?.title ?? ''} examples with the largest{' '}
        {top.target} (click one to make it the input):
      </p>
      <ol className="why-top-grid">
        {top.examples.map((e, i) => (
          <li key={e.index}>
            <button
              type="button"
              data-testid="why-top-example"
              data-index={e.index}
              onClick={() => top.dataset && selectExample({ dataset: top.dataset, index: e.index })}
              title={`example ${e.index}, ${info?.classes[e.label] ?? e.label}: ${fmtValue(e.activation)}`}
            >
              <Thumb image={top.images[i]} c={c} h={h} w={w} label={`example ${e.index}`} />
              <span className="small">
                {info?.classes[e.label] ?? e.label} · {fmtValue(e.activation)}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}
