import type { ColorScaleMode } from '../../../state/store';
import { setColorScale } from '../../../state/viewActions';

const MODES: readonly [ColorScaleMode, string, string][] = [
  ['channel', 'per channel', 'each map stretched to its own range: shapes, not strengths'],
  ['layer', 'per layer', 'one range for the layer: channels compare'],
  ['global', 'global', 'one range for every layer: layers compare'],
];

/** Which range the colours span. */
export function ScaleModes({ mode }: { readonly mode: ColorScaleMode }) {
  return (
    <div className="segmented" role="radiogroup" aria-label="Colour scale">
      {MODES.map(([m, label, what]) => (
        <button
          key={m}
          type="button"
          role="radio"
          aria-checked={mode === m}
          data-testid={`scale-${m}`}
          title={what}
          onClick={() => setColorScale(m)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
