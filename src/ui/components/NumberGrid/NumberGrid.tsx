import { inkOn, type ColorScale } from '../../viz/colormap';
import { fmtValue } from '../../viz/format';
import type { PointerKind } from '../Heatmap/Heatmap';

type Cell = { readonly y: number; readonly x: number };

interface Props {
  readonly data: Float32Array;
  readonly offset: number;
  readonly h: number;
  readonly w: number;
  readonly scale: ColorScale;
  readonly label: string;
  /** The keyboard cursor's cell and the pinned unit's, outlined. */
  readonly cursor?: Cell | null;
  readonly pinned?: Cell | null;
  readonly onPickCell?: (cell: Cell) => void;
  /** The cell a pointer enters (null when a mouse leaves the map). */
  readonly onHoverCell?: (cell: Cell | null, pointer: PointerKind) => void;
}

const at = (c: Cell | null | undefined, y: number, x: number) => !!c && c.y === y && c.x === x;

/** A small map printed as numbers on its colours, large enough to read off a projector. */
export function NumberGrid(props: Props) {
  const { data, offset, h, w, scale, label, cursor, pinned, onPickCell, onHoverCell } = props;
  return (
    <table
      className={`numbers${onPickCell ? ' pickable' : ''}`}
      aria-label={label}
      data-testid="number-grid"
      onPointerLeave={
        onHoverCell && ((e) => e.pointerType !== 'touch' && onHoverCell(null, e.pointerType))
      }
    >
      <tbody>
        {Array.from({ length: h }, (_, y) => (
          <tr key={y}>
            {Array.from({ length: w }, (_, x) => {
              const v = data[offset + y * w + x];
              const rgb = scale.rgb(v);
              const marks = `${at(cursor, y, x) ? 'cursor ' : ''}${at(pinned, y, x) ? 'pinned' : ''}`;
              return (
                <td
                  key={x}
                  className={marks.trim() || undefined}
                  style={{ background: `rgb(${rgb.join(', ')})`, color: inkOn(rgb) }}
                  data-value={v}
                  onClick={onPickCell && (() => onPickCell({ y, x }))}
                  onPointerEnter={onHoverCell && ((e) => onHoverCell({ y, x }, e.pointerType))}
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
