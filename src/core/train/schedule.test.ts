// The schedules by hand-worked values: each expected number below is worked out from the
// formula in the comment beside it, not from the code under test.

import { describe, expect, it } from 'vitest';
import { learningRate, type ScheduleConfig } from './schedule';

const lrs = (lr: number, schedule: ScheduleConfig | undefined, steps: number) =>
  Array.from({ length: steps }, (_, t) => learningRate({ lr, schedule }, t));

const expectAll = (got: number[], want: number[]) => {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g, `t=${i}`).toBeCloseTo(want[i], 9));
};

describe('learning-rate schedules by hand', () => {
  it('no schedule and constant: η₀ at every step', () => {
    expectAll(lrs(0.1, undefined, 4), [0.1, 0.1, 0.1, 0.1]);
    expectAll(lrs(0.1, { kind: 'constant' }, 3), [0.1, 0.1, 0.1]);
  });

  it('step k=3 γ=0.5 from 0.1: 0.1 ×3, 0.05 ×3, 0.025', () => {
    expectAll(
      lrs(0.1, { kind: 'step', stepSize: 3, gamma: 0.5 }, 7),
      [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025],
    );
  });

  it('cosine T=4 from 1 to 0: (1 + cos(πt/4)) / 2, then held at the minimum', () => {
    // cos(π/4) = √2/2: (1 + 0.7071067812) / 2 = 0.8535533906; (1 − 0.7071067812) / 2 = 0.1464466094
    expectAll(
      lrs(1, { kind: 'cosine', totalSteps: 4, minLr: 0 }, 7),
      [1, 0.8535533906, 0.5, 0.1464466094, 0, 0, 0],
    );
  });

  it('cosine T=2 from 1.1 to 0.1: 1.1, 0.1 + 1.0 · (1 + 0) / 2 = 0.6, 0.1', () => {
    expectAll(lrs(1.1, { kind: 'cosine', totalSteps: 2, minLr: 0.1 }, 4), [1.1, 0.6, 0.1, 0.1]);
  });

  it('warm-up from 0 over 4 steps to 0.4, then constant: 0, 0.1, 0.2, 0.3, 0.4 …', () => {
    const s: ScheduleConfig = { kind: 'constant', warmup: { steps: 4, startFactor: 0 } };
    expectAll(lrs(0.4, s, 6), [0, 0.1, 0.2, 0.3, 0.4, 0.4]);
    expect(learningRate({ lr: 0.4, schedule: s }, 1000)).toBe(0.4);
  });

  it('warm-up from ½ over 2 steps, then step k=1 γ=0.1 starting afresh: 0.5, 0.75, 1, 0.1, 0.01', () => {
    const s: ScheduleConfig = {
      kind: 'step',
      stepSize: 1,
      gamma: 0.1,
      warmup: { steps: 2, startFactor: 0.5 },
    };
    expectAll(lrs(1, s, 5), [0.5, 0.75, 1, 0.1, 0.01]);
  });

  it('warm-up from ¼ over 1 step, then cosine T=2 from 2 to 0: 0.5, 2, 1, 0, 0', () => {
    const s: ScheduleConfig = {
      kind: 'cosine',
      totalSteps: 2,
      minLr: 0,
      warmup: { steps: 1, startFactor: 0.25 },
    };
    expectAll(lrs(2, s, 5), [0.5, 2, 1, 0, 0]);
  });

  it('refuses a negative or fractional step', () => {
    expect(() => learningRate({ lr: 1 }, -1)).toThrow(/whole number ≥ 0/);
    expect(() => learningRate({ lr: 1 }, 1.5)).toThrow(/whole number ≥ 0/);
  });
});
