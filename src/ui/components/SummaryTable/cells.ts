// Text of the summary table's computed cells.

import type { LayerShape } from '../../../core/infer';
import type { LayerRF } from '../../../core/receptiveField';

const pairText = (h: number, w: number) => `${h}×${w}`;

/** Size "5×5"; jump "2" or "2×1". */
export function rfText(rf: LayerRF | null, what: 'size' | 'jump'): string {
  if (!rf) return '—';
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
