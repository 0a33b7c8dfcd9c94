import type { ColorScale } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';

/** Colour bar with its end values; diverging scales mark 0 in the middle. */
export function Legend({ scale, note }: { readonly scale: ColorScale; readonly note: string }) {
  const stops = Array.from({ length: 11 }, (_, i) =>
    scale.color(scale.min + ((scale.max - scale.min) * i) / 10),
  );
  return (
    <div
      className="legend"
      data-testid="legend"
      role="group"
      aria-label={`colour scale from ${fmtValue(scale.min)} to ${fmtValue(scale.max)}`}
    >
      <span>{fmtValue(scale.min)}</span>
      <span
        className="bar"
        aria-hidden="true"
        style={{ background: `linear-gradient(to right, ${stops.join(', ')})` }}
      />
      <span>{fmtValue(scale.max)}</span>
      <span className="muted">
        {scale.kind === 'diverging' ? 'diverging, 0 in the middle' : 'sequential'} · {note}
      </span>
    </div>
  );
}
