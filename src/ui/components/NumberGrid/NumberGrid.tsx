import type { ColorScale } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';

interface Props {
  readonly data: Float32Array;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
  readonly scale: ColorScale;
  readonly label: string;
  readonly onPickCell?: (cell: { y: number; x: number }) => void;
  readonly onHoverCell?: (cell: { y: number; x: number } | null) => void;
}

/** A small map printed as numbers on its colours, large enough to read off a projector. */
export function NumberGrid({ data, offset, h, w, scale, label, onPickCell, onHoverCell }: Props) {
  return (
    <table
      className={`numbers${onPickCell ? ' pickable' : ''}`}
      aria-label={label}
      data-testid="number-grid"
      onMouseLeave={onHoverCell && (() => onHoverCell(null))}
    >
      <tbody>
        {Array.from({ length: h }, (_, y) => (
          <tr key={y}>
            {Array.from({ length: w }, (_, x) => {
              const v = data[offset + y * w + x];
              const [r, g, b] = scale.rgb(v);
              const dark = 0.299 * r + 0.587 * g + 0.114 * b < 140;
              return (
                <td
                  key={x}
                  style={{ background: `rgb(${r}, ${g}, ${b})`, color: dark ? '#fff' : '#111' }}
                  data-value={v}
                  onClick={onPickCell && (() => onPickCell({ y, x }))}
                  onMouseEnter={onHoverCell && (() => onHoverCell({ y, x }))}
                >
                  {fmtValue(v)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
