// What an optimizer keeps per parameter tensor between steps, on the CPU: the parameter's own
// step count and its buffers, created on its first update (as torch.optim creates them lazily),
// so a frozen parameter that never steps has none.

export interface ParamState {
  /** t: updates this parameter has had (its Adam bias corrections use it). */
  step: number;
  /** SGD's momentum buffer b (μ > 0 only). */
  momentum: Float32Array | null;
  /** Adam's first moment m (torch's exp_avg). */
  m: Float32Array | null;
  /** Adam's second moment v (torch's exp_avg_sq). */
  v: Float32Array | null;
}

export const newParamState = (): ParamState => ({ step: 0, momentum: null, m: null, v: null });

/** Throws unless the gradient (and any state buffer) matches the parameter's length. */
export function checkLengths(what: string, param: Float32Array, grad: Float32Array): void {
  if (grad.length !== param.length) {
    throw new RangeError(
      `${what}: the gradient holds ${grad.length} values, the parameter ${param.length}`,
    );
  }
}
