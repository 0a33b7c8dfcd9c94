// Optimizer configs from outside: PyTorch's defaults filled in, every bad field named in words
// with the value that was wrong, and the rules between fields.

import { describe, expect, it } from 'vitest';
import { DEFAULTS, optimizer, stateBuffers } from './optim';
import { optimizerRefusal, parseOptimizer } from './validate';

const refusal = (json: unknown) => {
  const r = parseOptimizer(json);
  return r.ok ? null : r.message;
};

describe('optimizer configs', () => {
  it('fills in PyTorch defaults', () => {
    expect(parseOptimizer({ kind: 'adamw', lr: 0.01 })).toEqual({
      ok: true,
      value: { ...DEFAULTS.adamw, lr: 0.01 },
    });
    expect(parseOptimizer({ kind: 'sgd', lr: 0.1 })).toEqual({
      ok: true,
      value: { kind: 'sgd', lr: 0.1, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
    });
    const r = parseOptimizer({
      kind: 'adam',
      lr: 1e-3,
      schedule: { kind: 'cosine', totalSteps: 10, warmup: { steps: 2 } },
    });
    expect(r.ok && r.value.schedule).toEqual({
      kind: 'cosine',
      totalSteps: 10,
      minLr: 0,
      warmup: { steps: 2, startFactor: 0 },
    });
  });

  it('accepts every default and built config', () => {
    for (const c of Object.values(DEFAULTS)) expect(optimizerRefusal(c)).toBeNull();
    expect(optimizerRefusal(optimizer('sgd', { momentum: 0.9, nesterov: true }))).toBeNull();
  });

  it.each([
    [{ kind: 'rmsprop', lr: 1 }, "optimizer: must be 'sgd', 'adam' or 'adamw' (got 'rmsprop')"],
    [{ kind: 'sgd', lr: -1 }, 'learning rate: must be greater than 0 (got -1)'],
    [{ kind: 'sgd', lr: 0 }, 'learning rate: must be greater than 0 (got 0)'],
    [{ kind: 'sgd', lr: Infinity }, 'learning rate: must be a finite number (got null)'],
    [{ kind: 'sgd' }, 'learning rate: is missing'],
    [{ kind: 'sgd', lr: 0.1, momentum: 1 }, 'momentum: must be less than 1 (got 1)'],
    [{ kind: 'sgd', lr: 0.1, dampening: 2 }, 'dampening: must be at most 1 (got 2)'],
    [{ kind: 'sgd', lr: 0.1, weightDecay: -0.1 }, 'weight decay: must be at least 0 (got -0.1)'],
    [
      { kind: 'sgd', lr: 0.1, clipNorm: 0 },
      'gradient clipping norm: must be greater than 0 (got 0)',
    ],
    [{ kind: 'adam', lr: 0.1, betas: [0.9, 1] }, 'β₂: must be less than 1 (got 1)'],
    [{ kind: 'adam', lr: 0.1, betas: [0.9] }, 'β₂: is missing'],
    [{ kind: 'adam', lr: 0.1, eps: 0 }, 'epsilon: must be greater than 0 (got 0)'],
    [{ kind: 'adam', lr: 0.1, momentum: 0.9 }, 'momentum: is not a setting of this optimizer'],
    [
      { kind: 'sgd', lr: 0.1, schedule: { kind: 'step', stepSize: 0, gamma: 0.5 } },
      'step size: must be at least 1 (got 0)',
    ],
    [
      { kind: 'sgd', lr: 0.1, schedule: { kind: 'step', stepSize: 2, gamma: 1.5 } },
      'decay factor γ: must be at most 1 (got 1.5)',
    ],
    [
      { kind: 'sgd', lr: 0.1, schedule: { kind: 'cosine', totalSteps: 2.5 } },
      'cosine length: must be a whole number (got 2.5)',
    ],
    [
      {
        kind: 'sgd',
        lr: 0.1,
        schedule: { kind: 'constant', warmup: { steps: 3, startFactor: 2 } },
      },
      'warm-up start factor: must be at most 1 (got 2)',
    ],
    [
      { kind: 'sgd', lr: 0.1, schedule: { kind: 'linear' } },
      "schedule: must be 'constant', 'step' or 'cosine' (got 'linear')",
    ],
  ])('%j → %s', (json, message) => {
    expect(refusal(json)).toBe(message);
  });

  it('ties fields together: Nesterov, AdamW decay factor, cosine minimum', () => {
    expect(refusal({ kind: 'sgd', lr: 0.1, nesterov: true })).toMatch(
      /^Nesterov momentum needs a momentum above 0 and no dampening/,
    );
    expect(
      refusal({ kind: 'sgd', lr: 0.1, nesterov: true, momentum: 0.9, dampening: 0.1 }),
    ).toMatch(/^Nesterov momentum needs/);
    expect(refusal({ kind: 'adamw', lr: 1, weightDecay: 1 })).toMatch(
      /learning rate × weight decay must stay below 1/,
    );
    expect(
      refusal({ kind: 'sgd', lr: 0.1, schedule: { kind: 'cosine', totalSteps: 5, minLr: 0.2 } }),
    ).toBe('minimum learning rate: must not exceed the learning rate 0.1 (got 0.2)');
  });

  it('counts state buffers: none for plain SGD, b with momentum, m and v for Adam(W)', () => {
    expect(stateBuffers(optimizer('sgd'))).toBe(0);
    expect(stateBuffers(optimizer('sgd', { momentum: 0.9 }))).toBe(1);
    expect(stateBuffers(optimizer('adam'))).toBe(2);
    expect(stateBuffers(optimizer('adamw'))).toBe(2);
  });
});
