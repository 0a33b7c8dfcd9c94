import { useEffect, useRef } from 'react';
import type { Stage } from '../../../core/preprocess/pipeline';
import { useStore } from '../../../state/store';
import { imagePixels } from '../../viz/colormap';
import { selectOwnInput } from '../../selectors';

/** CSS pixels of a thumbnail's height. */
const HEIGHT = 56;

function StageThumb({ stage, last }: { stage: Stage; last: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { picture: p } = stage;
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const px = imagePixels(p.data, p.channels, p.height, p.width);
    ctx.putImageData(new ImageData(px, p.width, p.height), 0, 0);
  }, [p]);
  const width = Math.max(8, Math.round((HEIGHT * stage.width) / stage.height));
  return (
    <figure className="stage" data-testid="own-stage" data-label={stage.label}>
      <canvas
        ref={ref}
        width={p.width}
        height={p.height}
        style={{ width: Math.min(width, 3 * HEIGHT), height: HEIGHT }}
        role="img"
        aria-label={`${stage.label} ${stage.height}×${stage.width}`}
      />
      <figcaption>
        <span>{stage.label}</span>
        {last ? (
          <strong>
            {stage.height}×{stage.width}
          </strong>
        ) : (
          <span>
            {stage.height}×{stage.width}
          </span>
        )}
      </figcaption>
    </figure>
  );
}

/** Every preprocessing step of your own image, as a picture, left to right. */
export function StageStrip() {
  const own = useStore(selectOwnInput);
  if (!own) return null;
  return (
    <ol
      className="stage-strip"
      aria-label="How your image becomes the input"
      data-testid="own-stages"
    >
      {own.stages.map((s, i) => (
        <li key={`${i}:${s.label}`}>
          {i > 0 && (
            <span className="stage-arrow" aria-hidden="true">
              →
            </span>
          )}
          <StageThumb stage={s} last={i === own.stages.length - 1} />
        </li>
      ))}
    </ol>
  );
}
