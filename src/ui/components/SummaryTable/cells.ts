// Text of the summary table's computed cells.

import type { LayerShape } from '../../../core/infer';
import type { LayerRF } from '../../../core/receptiveField';

const pairText = (h: number, w: number) => `${h}×${w}`;

/** "5×5", "212×212 (whole input)" for layers that see everything; jump "2" or "2×1". */
export function rfText(rf: LayerRF | null, what: 'size' | 'jump'): string {
  if (!rf) return '—';
  if (what === 'jump')
    return rf.h.jump === rf.w.jump ? `${rf.h.jump}` : pairText(rf.h.jump, rf.w.jump);
  const s = pairText(rf.h.size, rf.w.size);
  return rf.global ? `${s} (whole input)` : s;
}

export type StatusLevel = 'ok' | 'warning' | 'error' | 'blocked';

export function statusText(ls: LayerShape): { level: StatusLevel; text: string } {
  switch (ls.status) {
    case 'ok':
      return ls.warnings.length > 0
        ? { level: 'warning', text: ls.warnings.map((w) => w.message).join('. ') }
        : { level: 'ok', text: 'ok' };
    case 'error':
      return { level: 'error', text: ls.error.message };
    case 'blocked':
      return { level: 'blocked', text: ls.message };
  }
}
