import type { ColorScale } from '../../viz/colormap';
import { pinUnit, previewUnit } from '../../../state/viewActions';
import { fmtValue } from '../../viz/format';

/** A flat output (linear, softmax): one coloured cell per feature, numbered when few. */
export function VectorView({
  data,
  features,
  scale,
  layerId,
}: {
  data: Float32Array;
  features: number;
  scale: ColorScale;
  /** The layer shown, so a click can pin a feature's receptive field (null for the input). */
  layerId: string | null;
}) {
  const unit = (i: number) => (layerId ? { layerId, c: i, y: 0, x: 0 } : null);
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
            onClick={() => pinUnit(unit(i))}
            onMouseEnter={() => previewUnit(unit(i))}
            onMouseLeave={() => previewUnit(null)}
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
