// The parameters a network computes with when it has a base set (shipped trained weights, an
// imported model) and the student's own edits over it: per layer, the edits' fields replace the
// base's (a typed weight is an edit over the trained weight); a layer re-initialized from its
// own seed drops the base. Memoized by reference, so an unchanged pair gives the same object and
// the backends' per-layer caches (keyed by the FixedWeights object) keep working.

import type { FixedWeights } from '../presets/preset';

export type WeightSet = Readonly<Record<string, FixedWeights>>;

const cache = new WeakMap<WeightSet, WeakMap<WeightSet, WeightSet>>();
const NONE: WeightSet = Object.freeze({});

export function mergeWeights(
  base: WeightSet | undefined,
  own: WeightSet | undefined,
): WeightSet | undefined {
  if (!base) return own;
  const key = own ?? NONE;
  let inner = cache.get(base);
  const hit = inner?.get(key);
  if (hit) return hit;
  const out: Record<string, FixedWeights> = { ...base };
  for (const [id, mine] of Object.entries(own ?? {})) {
    const under = base[id];
    // Re-initialized from a seed: the layer's random weights, not the trained ones.
    out[id] = !under || mine.seed !== undefined ? mine : { ...under, ...mine };
  }
  if (!inner) cache.set(base, (inner = new WeakMap()));
  inner.set(key, out);
  return out;
}
