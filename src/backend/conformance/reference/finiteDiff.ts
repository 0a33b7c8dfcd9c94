// Numerical gradients for the gradient checks of the backward passes: central differences of a
// float64 loss, perturbing one value at a time. Shares no code with the analytic backward passes
// (src/cpu/grad, src/gpu/programs/grad). Test support: production code never imports it.

/**
 * ∂L/∂values[i] ≈ (L(v + h·e_i) − L(v − h·e_i)) / 2h for every i, h = step · max(1, |v_i|).
 * `loss` reads `values` (which this perturbs in place and restores). The truncation error is
 * O(h²·L'''); for a loss linear in each single value (conv, linear: L = Σ f(θ)·dy) it is zero,
 * leaving float64 rounding, about 1e-16·Σ|terms| / h.
 */
export function centralDifferences(
  values: Float64Array,
  loss: () => number,
  step = 1e-3,
): Float64Array {
  const grad = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const h = step * Math.max(1, Math.abs(v));
    values[i] = v + h;
    const up = loss();
    values[i] = v - h;
    const down = loss();
    values[i] = v;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** Σ_i y[i] · dy[i] in float64: the scalar whose gradient an upstream gradient dy describes. */
export function dotLoss(y: ArrayLike<number>, dy: ArrayLike<number>): number {
  if (y.length !== dy.length) throw new RangeError(`dotLoss: ${y.length} ≠ ${dy.length} values`);
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i] * dy[i];
  return s;
}
