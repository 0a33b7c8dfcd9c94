import { useState, type KeyboardEvent } from 'react';
import { inkOn, type ColorScale } from '../../viz/colormap';
import { pinUnit, previewUnit } from '../../../state/viewActions';
import { fmtValue } from '../../viz/format';

const KEYS: Record<string, (i: number, n: number) => number> = {
  ArrowLeft: (i) => i - 1,
  ArrowUp: (i) => i - 1,
  ArrowRight: (i) => i + 1,
  ArrowDown: (i) => i + 1,
  Home: () => 0,
  End: (_, n) => n - 1,
};

/**
 * A flat output (linear, softmax): one coloured cell per feature, numbered when few. The cells are
 * one tab stop: the arrows move between them, Enter or a click (a tap) pins a feature's field.
 */
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
  const [current, setCurrent] = useState(0);
  const unit = (i: number) => (layerId ? { layerId, c: i, y: 0, x: 0 } : null);
  const shown = Math.min(features, 1000);
  const at = Math.min(current, shown - 1);
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const f = KEYS[e.key];
    if (!f) return;
    e.preventDefault();
    const next = Math.min(shown - 1, Math.max(0, f(at, shown)));
    setCurrent(next);
    (e.currentTarget.children[next] as HTMLElement | undefined)?.focus();
  };
  return (
    <>
      <div className="vector" role="group" aria-label="Output values" onKeyDown={onKeyDown}>
        {Array.from({ length: shown }, (_, i) => {
          const rgb = scale.rgb(data[i]);
          return (
            <button
              key={i}
              type="button"
              className="cell"
              tabIndex={i === at ? 0 : -1}
              style={{ background: `rgb(${rgb.join(', ')})`, color: inkOn(rgb) }}
              title={`feature ${i}: ${fmtValue(data[i])}`}
              aria-label={`feature ${i}: ${fmtValue(data[i])}`}
              onFocus={() => setCurrent(i)}
              onClick={() => pinUnit(unit(i))}
              onPointerEnter={(e) => e.pointerType !== 'touch' && previewUnit(unit(i))}
              onPointerLeave={() => previewUnit(null)}
            >
              {features <= 16 ? fmtValue(data[i]) : ''}
            </button>
          );
        })}
      </div>
      {features > shown && (
        <p className="muted">
          First {shown} of {features} values.
        </p>
      )}
    </>
  );
}
