// The schedules against torch.optim.lr_scheduler step by step: StepLR, CosineAnnealingLR (up to
// its T_max: PyTorch's rises again after it, this one holds the minimum), a LambdaLR of 1 for
// constant, each after a LinearLR warm-up chained by SequentialLR. PyTorch steps most of these
// recursively (lr ← lr · factor), this code in closed form: they agree to rounding.

import { beforeAll, expect, it } from 'vitest';
import { describeTorch, runTorch, type CallResult } from '../testing/torch';
import { learningRate, type ScheduleConfig } from './schedule';

const CASES: readonly (readonly [string, number, ScheduleConfig, number])[] = [
  ['constant', 0.1, { kind: 'constant' }, 5],
  ['step k=3 γ=0.5', 0.1, { kind: 'step', stepSize: 3, gamma: 0.5 }, 20],
  ['step k=1 γ=0.9', 0.03, { kind: 'step', stepSize: 1, gamma: 0.9 }, 30],
  ['cosine T=10 to 0', 1, { kind: 'cosine', totalSteps: 10, minLr: 0 }, 11],
  ['cosine T=37 to 1e-4', 0.01, { kind: 'cosine', totalSteps: 37, minLr: 1e-4 }, 38],
  [
    'warm-up 5 from 0.1, then constant',
    0.2,
    { kind: 'constant', warmup: { steps: 5, startFactor: 0.1 } },
    12,
  ],
  [
    'warm-up 3 from 1/3, then step k=2 γ=0.7',
    0.05,
    { kind: 'step', stepSize: 2, gamma: 0.7, warmup: { steps: 3, startFactor: 1 / 3 } },
    15,
  ],
  [
    'warm-up 4 from 0.01, then cosine T=20 to 1e-3',
    0.1,
    { kind: 'cosine', totalSteps: 20, minLr: 1e-3, warmup: { steps: 4, startFactor: 0.01 } },
    25,
  ],
  [
    'warm-up 1 from 0.5, then cosine T=3 to 0',
    1,
    { kind: 'cosine', totalSteps: 3, minLr: 0, warmup: { steps: 1, startFactor: 0.5 } },
    5,
  ],
];

describeTorch('learning-rate schedules against torch.optim.lr_scheduler', () => {
  let answers: CallResult[] = [];
  beforeAll(() => {
    answers = runTorch({
      calls: CASES.map(([, lr, schedule, steps]) => ({
        module: 'torch_optim',
        fn: 'schedule',
        args: { lr, schedule, steps },
      })),
    }).calls;
  });

  it.each(CASES.map((c, i) => [c[0], i] as const))('%s', (_, i) => {
    const [, lr, schedule, steps] = CASES[i];
    const answer = answers[i];
    if (!answer.ok) throw new Error(answer.error);
    const want = answer.value as number[];
    expect(want.length).toBe(steps);
    want.forEach((w, t) => {
      const got = learningRate({ lr, schedule }, t);
      expect(Math.abs(got - w), `t=${t}: ${got} vs torch ${w}`).toBeLessThanOrEqual(1e-9 * lr);
    });
  });
});
