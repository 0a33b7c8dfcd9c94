import { useState, type KeyboardEvent } from 'react';

export interface Cell {
  readonly y: number;
  readonly x: number;
}

const STEPS: Record<string, readonly [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * A keyboard cursor over an h×w map: the arrows move it (Home/End to the row's ends, PageUp/Down
 * to the first/last row), Enter or Space picks the cell under it, Escape hides it. The first key
 * shows it on `start` (the pinned unit), else on the top-left cell.
 */
export function useCellCursor(
  h: number,
  w: number,
  start: Cell | null,
  on: { readonly move: (cell: Cell) => void; readonly pick: (cell: Cell) => void },
) {
  const [cursor, setCursor] = useState<Cell | null>(null);
  const go = (cell: Cell) => {
    const c = { y: clamp(cell.y, h), x: clamp(cell.x, w) };
    setCursor(c);
    on.move(c);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const at = cursor ?? start ?? { y: 0, x: 0 };
    const step = STEPS[e.key];
    let next: Cell | null = null;
    if (step) next = cursor ? { y: at.y + step[0], x: at.x + step[1] } : at;
    else if (e.key === 'Home') next = { y: at.y, x: 0 };
    else if (e.key === 'End') next = { y: at.y, x: w - 1 };
    else if (e.key === 'PageUp') next = { y: 0, x: at.x };
    else if (e.key === 'PageDown') next = { y: h - 1, x: at.x };
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setCursor(at);
      on.pick(at);
      return;
    } else if (e.key === 'Escape' && cursor) {
      e.preventDefault();
      setCursor(null);
      return;
    }
    if (!next) return;
    e.preventDefault();
    go(next);
  };
  // A cursor left from a bigger map (the next channel can be smaller) is clamped to this one.
  const shown = cursor && { y: clamp(cursor.y, h), x: clamp(cursor.x, w) };
  return { cursor: shown, onKeyDown, hide: () => setCursor(null) };
}

const clamp = (v: number, n: number) => Math.min(n - 1, Math.max(0, v));
