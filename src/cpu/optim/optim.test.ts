// The CPU optimizers by hand-worked values (these run without PyTorch; optim.torch.test.ts
// holds them against torch.optim): SGD's first momentum step, Nesterov, coupled decay; Adam's
// first step (a step of η along sign(g) when ε is tiny) and AdamW's decoupled decay; clipping
// by the global norm; frozen tensors and group factors; refusals.

import { describe, expect, it } from 'vitest';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import { clipGradNorm, gradNorm } from './clip';
import { newParamState } from './state';
import { optimizerStep, type CpuParam } from './step';

const f = Math.fround;
const param = (values: number[], grad: number[], extra: Partial<CpuParam> = {}): CpuParam => ({
  param: Float32Array.from(values),
  grad: Float32Array.from(grad),
  state: newParamState(),
  ...extra,
});
/** Steps with the same gradient each time; returns the parameter after each. */
function run(config: OptimizerConfig, p: CpuParam, steps: number): number[][] {
  return Array.from({ length: steps }, (_, k) => {
    optimizerStep(config, [p], k);
    return Array.from(p.param);
  });
}

describe('CPU optimizers by hand', () => {
  it('SGD: p − η g', () => {
    expect(run(optimizer('sgd', { lr: 0.5 }), param([1, -2], [2, 4]), 2)).toEqual([
      [0, -4],
      [-1, -6],
    ]);
  });

  it('SGD momentum 0.5, dampening 0.5: b = g on the first step, then 0.5 b + 0.5 g', () => {
    // g = 1: b = 1, 1, 1 (0.5 + 0.5); p = 10 − 1, − 1, − 1
    const p = param([10], [1]);
    expect(run(optimizer('sgd', { lr: 1, momentum: 0.5, dampening: 0.5 }), p, 3)).toEqual([
      [9],
      [8],
      [7],
    ]);
    expect(Array.from(p.state.momentum!)).toEqual([1]);
  });

  it('SGD Nesterov 0.5: d = g + μ b; b = 1, 1.5, 1.75 for g = 1', () => {
    // d = 1.5, 1.75, 1.875: p = 10 − 1.5 = 8.5, 6.75, 4.875
    const p = param([10], [1]);
    expect(run(optimizer('sgd', { lr: 1, momentum: 0.5, nesterov: true }), p, 3)).toEqual([
      [8.5],
      [6.75],
      [4.875],
    ]);
  });

  it('SGD weight decay 0.5: d = g + 0.5 p', () => {
    // p = 2, g = 1: d = 2, p = 2 − 0.25 · 2 = 1.5
    expect(run(optimizer('sgd', { lr: 0.25, weightDecay: 0.5 }), param([2], [1]), 1)).toEqual([
      [1.5],
    ]);
  });

  it('Adam, first step: m̂ = g, v̂ = g², so p − η g / (|g| + ε)', () => {
    const p = param([1, 1, 1], [2, -0.5, 0]);
    run(optimizer('adam', { lr: 0.1, eps: 1e-8 }), p, 1);
    expect(p.param[0]).toBeCloseTo(0.9, 6);
    expect(p.param[1]).toBeCloseTo(1.1, 6);
    expect(p.param[2]).toBe(1); // m = 0: no step
    expect(p.state.step).toBe(1);
    expect(Array.from(p.state.m!)).toEqual([0.2, -0.05, 0].map(f));
  });

  it('Adam ε = 1 outside the root: p − η g / (|g| + 1)', () => {
    const p = param([0], [3]);
    run(optimizer('adam', { lr: 1, eps: 1 }), p, 1);
    expect(p.param[0]).toBeCloseTo(-0.75, 6); // 3 / (3 + 1), not 3 / √(9 + 1)
  });

  it('Adam couples weight decay into g, AdamW shrinks p by 1 − ηλ first', () => {
    // g = 0, p = 2, λ = 0.5, η = 0.1. Adam: g' = 1, step −η · 1/(1 + ε) → 1.9.
    // AdamW: p = 2 · (1 − 0.05) = 1.9, then g = 0 moves nothing.
    const adam = param([2], [0]);
    run(optimizer('adam', { lr: 0.1, weightDecay: 0.5 }), adam, 1);
    expect(adam.param[0]).toBeCloseTo(1.9, 6);
    const adamw = param([2], [0]);
    run(optimizer('adamw', { lr: 0.1, weightDecay: 0.5 }), adamw, 1);
    expect(adamw.param[0]).toBe(f(2 * f(0.95)));
  });

  it('clipping: N over all tensors = 13 for [3, 4] and [12]; κ = c / (N + 1e-6)', () => {
    const grads = [Float32Array.from([3, 4]), Float32Array.from([12])];
    expect(gradNorm(grads)).toBe(13);
    const { scale } = clipGradNorm(grads, 6.5);
    expect(scale).toBeCloseTo(6.5 / (13 + 1e-6), 7);
    expect(clipGradNorm(grads, 100).scale).toBe(1);
    // SGD η = 1 with c = 6.5: each gradient halved (to rounding).
    const a = param([0, 0], [3, 4]);
    const b = param([0], [12]);
    const report = optimizerStep(optimizer('sgd', { lr: 1, clipNorm: 6.5 }), [a, b], 0);
    expect(report.norm).toBe(13);
    expect(Array.from(a.param).map((x) => +x.toFixed(5))).toEqual([-1.5, -2]);
    expect(b.param[0]).toBeCloseTo(-6, 5);
  });

  it('a frozen tensor: untouched, no state, outside the norm; a group factor scales η', () => {
    const live = param([1], [3], { lrScale: 2 });
    const frozen = param([5], [400], { frozen: true });
    const report = optimizerStep(optimizer('sgd', { lr: 0.1, clipNorm: 100 }), [live, frozen], 0);
    expect(report.norm).toBe(3);
    expect(live.param[0]).toBe(f(1 - f(0.2) * 3));
    expect(frozen.param[0]).toBe(5);
    expect(frozen.state).toEqual(newParamState());
  });

  it('refuses a gradient of another length', () => {
    expect(() => optimizerStep(optimizer('adam'), [param([1, 2], [1])], 0)).toThrow(
      /gradient holds 1 values, the parameter 2/,
    );
  });
});
