import { useId } from 'react';
import type { AxisInfo } from '../../../core/shape';
import { fmtInt } from '../../viz/format';

const LEVEL = 7; // px per row of window brackets
const MAX_CELLS = 40; // more than this: draw only the last TAIL cells, where the remainder is
const TAIL = 32;
const MAX_LEVELS = 8;
const ELLIPSIS = 22; // px for the "…" before a compressed strip

type CellKind = 'pad' | 'covered' | 'uncovered' | 'off';

interface CoverageStripProps {
  readonly axis: 'h' | 'w';
  readonly info: AxisInfo;
}

/**
 * One axis of the padded input as a row of cells, with every window (one per output position)
 * as a bracket above it: padding hatched, input cells no window touches red with a cross. All
 * positions come from the info object: window o starts at padded cell o·S and spans `span` cells.
 */
export function CoverageStrip({ axis, info: a }: CoverageStripProps) {
  const hatch = `hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const uncovered = new Set(a.uncovered);
  // A ceil-mode window may hang past the padded input: draw those cells as "off the end".
  const total = Math.max(a.padded, (a.out - 1) * a.stride + a.span);
  const first = total > MAX_CELLS ? total - TAIL : 0;
  // px per cell: big enough to read on a projector, small enough that 32 cells fit a panel
  const cell = total - first <= 14 ? 26 : total - first <= 24 ? 22 : 18;
  const left = first > 0 ? ELLIPSIS : 2;
  const levels = Math.min(Math.ceil(a.span / a.stride), MAX_LEVELS);
  const top = levels * LEVEL + 4;
  const width = left + (total - first) * cell + 2;
  const height = top + cell + 16;
  const x = (j: number) => left + (j - first) * cell;
  const kind = (j: number): CellKind => {
    const i = j - a.padBegin;
    if (j >= a.padded) return 'off';
    if (i < 0 || i >= a.size) return 'pad';
    return uncovered.has(i) ? 'uncovered' : 'covered';
  };
  const cells = Array.from({ length: total - first }, (_, k) => first + k);
  const windows = Array.from({ length: a.out }, (_, o) => o).filter(
    (o) => o * a.stride + a.span - 1 >= first,
  );
  const rowWord = axis === 'h' ? 'rows' : 'columns';
  const label =
    `${axis === 'h' ? 'height' : 'width'}: ${a.padded} padded cells, ${a.out} windows of ` +
    `${a.span} with stride ${a.stride}` +
    (a.uncovered.length > 0 ? `; input ${rowWord} ${a.uncovered.join(', ')} never covered` : '');
  return (
    <figure
      className="coverage-strip"
      data-testid="coverage-strip"
      data-axis={axis}
      data-uncovered={a.uncovered.join(',')}
    >
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={label}
      >
        <defs>
          <pattern id={hatch} width="5" height="5" patternUnits="userSpaceOnUse">
            <path d="M0 5 L5 0" className="hatch-line" />
          </pattern>
        </defs>
        {first > 0 && (
          <text x={left / 2} y={top + cell / 2 + 4} textAnchor="middle" className="cell-index">
            …
          </text>
        )}
        {cells.map((j) => {
          const k = kind(j);
          const cx = x(j);
          return (
            <g key={j} className={`cell ${k}`}>
              <rect
                x={cx}
                y={top}
                width={cell}
                height={cell}
                fill={k === 'pad' ? `url(#${hatch})` : undefined}
              />
              {k === 'uncovered' && (
                <path
                  d={`M${cx + 5} ${top + 5} L${cx + cell - 5} ${top + cell - 5} M${cx + cell - 5} ${top + 5} L${cx + 5} ${top + cell - 5}`}
                  className="cross"
                />
              )}
              {(k === 'covered' || k === 'uncovered') && (
                <text
                  x={cx + cell / 2}
                  y={top + cell + 12}
                  textAnchor="middle"
                  className="cell-index"
                >
                  {j - a.padBegin}
                </text>
              )}
            </g>
          );
        })}
        {windows.map((o) => {
          const start = o * a.stride;
          const end = start + a.span; // exclusive, in padded cells
          const y = 2 + (o % levels) * LEVEL;
          const x0 = x(Math.max(start, first)) + 2;
          const x1 = x(end) - 2;
          const open = start < first; // clipped by the compressed view
          const taps = Array.from({ length: a.kernel }, (_, k) => start + k * a.dilation).filter(
            (t) => t >= first,
          );
          return (
            <g key={o} className="window">
              <title>{`output ${o}: padded cells ${start}–${end - 1}`}</title>
              <path d={`M${x0} ${open ? y : top - 1} L${x0} ${y} L${x1} ${y} L${x1} ${top - 1}`} />
              {a.dilation > 1 &&
                taps.map((t) => <circle key={t} cx={x(t) + cell / 2} cy={y} r={2} />)}
            </g>
          );
        })}
      </svg>
      <figcaption>
        {axis === 'h' ? 'height' : 'width'}: {a.out} windows over {a.padded} padded cells
        {first > 0 && <> (last {fmtInt(total - first)} cells drawn)</>}
      </figcaption>
    </figure>
  );
}
