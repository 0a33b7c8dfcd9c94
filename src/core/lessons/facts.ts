// What a lesson's question looks at: the network and its analysis, and the few view facts a
// student changes by interacting (selection, step, pinned unit, modes, training). Built from the
// store by state/lessonActions.ts; plain data here, so every check is a pure function.

import type { NetworkCost } from '../cost';
import type { Inference, OkShape } from '../infer';
import type { UnitRef } from '../unitField';

export interface LessonFacts {
  readonly inference: Inference;
  readonly cost: NetworkCost;
  readonly selected: string | null;
  readonly inspector: 'maps' | 'steps';
  /** The step view's position. */
  readonly step: number;
  readonly unit: UnitRef | null;
  readonly batchNorm: 'inference' | 'training';
  /** Steps trained in the studio (this run), and whether a transfer comparison ran. */
  readonly trainedSteps: number;
  readonly compared: boolean;
}

/** A layer's settings and output shape, when it computes. */
export function layerOf(f: LessonFacts, id: string): OkShape | null {
  const ls = f.inference.byId.get(id);
  return ls && ls.status === 'ok' ? ls : null;
}
