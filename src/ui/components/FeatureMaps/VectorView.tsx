import type { ColorScale } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';

/** A flat output (linear, softmax): one coloured cell per feature, numbered when few. */
export function VectorView({
  data,
  features,
  scale,
}: {
  data: Float32Array;
  features: number;
  scale: ColorScale;
}) {
  const shown = Math.min(features, 1000);
  return (
    <>
      <div className="vector">
        {Array.from({ length: shown }, (_, i) => (
          <span
            key={i}
            className="cell"
            style={{ background: scale.color(data[i]) }}
            title={`feature ${i}: ${fmtValue(data[i])}`}
          >
            {features <= 16 ? fmtValue(data[i]) : ''}
          </span>
        ))}
      </div>
      {features > shown && (
        <p className="muted">
          First {shown} of {features} values.
        </p>
      )}
    </>
  );
}
