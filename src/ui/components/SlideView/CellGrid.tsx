import { fmtValue, withMinus } from '../../viz/format';

export interface CellInfo {
  /** null: nothing to show (an output cell not computed yet, a tap off the padded input). */
  readonly v: number | null;
  readonly pad?: boolean;
}

interface Props {
  /** Inclusive ranges in the frame's coordinates (negative rows are padding). */
  readonly rows: readonly [number, number];
  readonly cols: readonly [number, number];
  readonly cell: number;
  readonly at: (y: number, x: number) => CellInfo;
  /** Space-separated marks per "y,x": tap, gap, winner, uncovered, current, done. */
  readonly marks: ReadonlyMap<string, string>;
  /** The window's extent, drawn as an outline (dilation gaps fall inside it). */
  readonly outline?: { y0: number; x0: number; y1: number; x1: number };
  readonly label: string;
  readonly testId: string;
  readonly onPick?: (y: number, x: number) => void;
  /** A mouse entering a cell, or a finger touching it. */
  readonly onHover?: (y: number, x: number) => void;
}

/** Cells are small: two decimals, one from 10, none from 100 (the equation has more). */
function short(v: number): string {
  const a = Math.abs(v);
  if (!Number.isFinite(v) || a >= 1e4 || (a > 0 && a < 5e-3)) return fmtValue(v);
  return withMinus(String(Number(v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2))));
}

/**
 * One font size for the whole grid, from its longest number, so cells do not change size with
 * their length as the window moves (tabular digits keep the columns aligned too).
 */
const gridFontSize = (cell: number, longest: number) =>
  Math.min(cell * 0.42, (cell * 1.6) / Math.max(2.5, longest));

/** A crop of a plane as an SVG grid of numbered cells, with the window's marks. */
export function CellGrid(props: Props) {
  const { rows, cols, cell, at, marks, outline, label, testId, onPick, onHover } = props;
  const h = rows[1] - rows[0] + 1;
  const w = cols[1] - cols[0] + 1;
  const pad = 16;
  const cells = [];
  let longest = 0;
  for (let y = rows[0]; y <= rows[1]; y++)
    for (let x = cols[0]; x <= cols[1]; x++) {
      const v = at(y, x).v;
      if (v !== null) longest = Math.max(longest, short(v).length);
    }
  const size = gridFontSize(cell, longest);
  for (let y = rows[0]; y <= rows[1]; y++) {
    for (let x = cols[0]; x <= cols[1]; x++) {
      const info = at(y, x);
      const mark = marks.get(`${y},${x}`) ?? '';
      const px = pad + (x - cols[0]) * cell;
      const py = pad + (y - rows[0]) * cell;
      const t = info.v === null ? null : { s: short(info.v), size };
      cells.push(
        <g
          key={`${y},${x}`}
          className={`gc ${mark}${info.pad ? ' pad' : ''}`}
          data-y={y}
          data-x={x}
          data-mark={mark}
          data-value={info.v ?? ''}
          onClick={onPick && (() => onPick(y, x))}
          onPointerEnter={onHover && (() => onHover(y, x))}
        >
          <rect x={px} y={py} width={cell} height={cell} />
          {t && cell >= 18 && (
            <text x={px + cell / 2} y={py + cell / 2} fontSize={t.size}>
              {t.s}
            </text>
          )}
        </g>,
      );
    }
  }
  return (
    <svg
      className="cell-grid"
      data-testid={testId}
      role="img"
      aria-label={label}
      width={pad + w * cell + 2}
      height={pad + h * cell + 2}
      viewBox={`0 0 ${pad + w * cell + 2} ${pad + h * cell + 2}`}
    >
      {Array.from({ length: w }, (_, i) => (
        <text key={`c${i}`} className="idx" x={pad + i * cell + cell / 2} y={pad - 4}>
          {cols[0] + i}
        </text>
      ))}
      {Array.from({ length: h }, (_, i) => (
        <text
          key={`r${i}`}
          className="idx"
          x={pad - 4}
          y={pad + i * cell + cell / 2}
          textAnchor="end"
        >
          {rows[0] + i}
        </text>
      ))}
      {cells}
      {outline && (
        <rect
          className="window-outline"
          x={pad + (outline.x0 - cols[0]) * cell}
          y={pad + (outline.y0 - rows[0]) * cell}
          width={(outline.x1 - outline.x0 + 1) * cell}
          height={(outline.y1 - outline.y0 + 1) * cell}
        />
      )}
    </svg>
  );
}

/** Rows or columns to draw along an axis: all of a small frame, else the window's surroundings. */
export function cropAxis(
  first: number,
  last: number,
  lo: number,
  hi: number,
  max = 15,
): [number, number] {
  if (hi - lo + 1 <= max) return [lo, hi];
  const want = Math.max(max, last - first + 5);
  let a = Math.max(lo, Math.floor((first + last) / 2 - want / 2));
  const b = Math.min(hi, a + want - 1);
  a = Math.max(lo, b - want + 1);
  return [a, b];
}
