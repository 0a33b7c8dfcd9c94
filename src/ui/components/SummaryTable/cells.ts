// Text of the summary table's computed cells.

import type { LayerShape } from '../../../core/infer';
import type { LayerRF } from '../../../core/receptiveField';

const pairText = (h: number, w: number) => `${h}×${w}`;

/** Why a flat layer's jump cell is empty (the core's LayerRF.flat). */
export const FLAT_JUMP_TITLE =
  'No jump: this layer has no rows or columns to step along (a flat vector, or one 1×1 ' +
  'position per channel). Each of its units sees the whole field, so no neighbour is a jump away.';

/** Size "5×5"; jump "2" or "2×1", or "—" for a flat layer (no neighbours to be a jump apart). */
export function rfText(rf: LayerRF | null, what: 'size' | 'jump'): string {
  if (!rf) return '—';
  if (what === 'jump' && rf.flat) return '—';
  if (what === 'jump')
    return rf.h.jump === rf.w.jump ? `${rf.h.jump}` : pairText(rf.h.jump, rf.w.jump);
  return pairText(rf.h.size, rf.w.size);
}

export type StatusLevel = 'ok' | 'warning' | 'error' | 'blocked';

/** The status cell: a few words, with the full sentences for the tooltip. */
export function statusText(ls: LayerShape): { level: StatusLevel; text: string; full: string } {
  switch (ls.status) {
    case 'ok':
      return ls.warnings.length > 0
        ? {
            level: 'warning',
            text: ls.warnings.map((w) => w.short).join('; '),
            full: ls.warnings.map((w) => w.message).join('. '),
          }
        : { level: 'ok', text: 'ok', full: 'ok' };
    case 'error':
      return {
        level: 'error',
        text: ls.errors.map((e) => e.message).join('; '),
        full: ls.errors.map((e) => e.message).join('. '),
      };
    case 'blocked':
      return { level: 'blocked', text: ls.message, full: ls.message };
  }
}
