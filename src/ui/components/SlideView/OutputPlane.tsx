import type { WindowInfo } from '../../../core/shape';
import { CellGrid } from './CellGrid';
import { cellSize, outputCrop } from './common';

interface Props {
  readonly info: WindowInfo;
  readonly current: number;
  readonly valueAt: (step: number) => number;
  readonly onPick: (step: number) => void;
}

/** The output plane filling in: positions up to the current one show their values. */
export function OutputPlane({ info, current, valueAt, onPick }: Props) {
  const wo = info.w.out;
  const oy = Math.floor(current / wo);
  const ox = current % wo;
  const crop = outputCrop(info, oy, ox);
  const marks = new Map([[`${oy},${ox}`, 'current']]);
  const cell = cellSize(Math.max(crop.rows[1] - crop.rows[0], crop.cols[1] - crop.cols[0]) + 1);
  return (
    <CellGrid
      rows={crop.rows}
      cols={crop.cols}
      cell={cell}
      at={(y, x) => {
        const i = y * wo + x;
        return { v: i <= current ? valueAt(i) : null };
      }}
      marks={marks}
      label="output map, filled up to the current position"
      testId="slide-output"
      onPick={(y, x) => onPick(y * wo + x)}
    />
  );
}
