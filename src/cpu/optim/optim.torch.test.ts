// The CPU optimizers against torch.optim (PyTorch 1.13, float32 parameters, foreach=False):
// one step of every optimizer variant (SGD plain, with momentum and dampening, Nesterov, weight
// decay; Adam; AdamW), each without clipping, with clipping that bites and with clipping that
// does not, on several parameter shapes at once (the clipping norm spans them all); then runs of
// seven steps that carry the state (momentum buffer, m, v, the step count) under a schedule,
// with a frozen tensor (never updated, no state, outside the clipping norm) and a tensor in a
// group with half the learning rate. All answered by one python process.

import { beforeAll, expect, it } from 'vitest';
import { createRng } from '../../core/rng';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import type { ScheduleConfig } from '../../core/train/schedule';
import { floorOf, relMismatches } from '../testing/optimCompare';
import { gradNorm } from './clip';
import { newParamState } from './state';
import { optimizerStep, type CpuParam } from './step';

const rng = createRng(31337);
const normals = (n: number, scale: number) =>
  Float32Array.from({ length: n }, () => rng.normal() * scale);
const numel = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

interface Spec {
  readonly shape: readonly number[];
  readonly data: Float32Array;
  /** One gradient per step. */
  readonly grads: readonly Float32Array[];
  readonly frozen?: boolean;
  readonly lrScale?: number;
}

interface Run {
  readonly name: string;
  readonly config: OptimizerConfig;
  readonly specs: readonly Spec[];
  readonly steps: number;
}

const SHAPES = [[3], [4, 3, 3, 3], [17], [2, 5], [1]];

const VARIANTS: readonly (readonly [string, OptimizerConfig])[] = [
  ['SGD plain', optimizer('sgd', { lr: 0.1 })],
  [
    'SGD momentum 0.9, dampening 0.25',
    optimizer('sgd', { lr: 0.05, momentum: 0.9, dampening: 0.25 }),
  ],
  ['SGD Nesterov 0.8', optimizer('sgd', { lr: 0.05, momentum: 0.8, nesterov: true })],
  ['SGD weight decay 0.05', optimizer('sgd', { lr: 0.1, weightDecay: 0.05 })],
  [
    'SGD momentum 0.5 + weight decay 0.01',
    optimizer('sgd', { lr: 0.1, momentum: 0.5, weightDecay: 0.01 }),
  ],
  ['Adam defaults', optimizer('adam')],
  [
    'Adam β=(0.8, 0.95) ε=0.1 λ=0.1',
    optimizer('adam', { lr: 0.01, betas: [0.8, 0.95], eps: 0.1, weightDecay: 0.1 }),
  ],
  ['AdamW defaults', optimizer('adamw')],
  [
    'AdamW β=(0.5, 0.9) ε=1e-3 λ=0.2',
    optimizer('adamw', { lr: 0.02, betas: [0.5, 0.9], eps: 1e-3, weightDecay: 0.2 }),
  ],
];

const SCHEDULES: readonly ScheduleConfig[] = [
  { kind: 'step', stepSize: 2, gamma: 0.5 },
  { kind: 'cosine', totalSteps: 6, minLr: 0 },
  { kind: 'cosine', totalSteps: 4, minLr: 0, warmup: { steps: 2, startFactor: 0.25 } },
  { kind: 'step', stepSize: 3, gamma: 0.1, warmup: { steps: 3, startFactor: 0.1 } },
  { kind: 'constant', warmup: { steps: 4, startFactor: 0.5 } },
];

function oneStepRuns(): Run[] {
  const runs: Run[] = [];
  for (const [name, base] of VARIANTS) {
    for (const clip of ['no clipping', 'clipping that bites', 'clipping that does not'] as const) {
      // Gradients of 0.01 to 10 per run: Adam's ε = 0.1 matters at the small end.
      const scale = 10 ** (rng.next() * 3 - 2);
      const specs = SHAPES.map((shape) => ({
        shape,
        data: normals(numel(shape), 1),
        grads: [normals(numel(shape), scale)],
      }));
      const norm = gradNorm(specs.map((s) => s.grads[0]));
      const clipNorm =
        clip === 'no clipping'
          ? undefined
          : clip === 'clipping that bites'
            ? 0.3 * norm
            : 10 * norm;
      runs.push({ name: `${name}, ${clip}`, config: { ...base, clipNorm }, specs, steps: 1 });
    }
  }
  return runs;
}

function multiStepRuns(): Run[] {
  return VARIANTS.map(([name, base], i) => {
    const steps = 7;
    const specs = SHAPES.map((shape, j) => ({
      shape,
      data: normals(numel(shape), 1),
      // Some steps' gradients exceed the clipping norm 1, some do not.
      grads: Array.from({ length: steps }, () =>
        normals(numel(shape), 10 ** (rng.next() * 2 - 1.5)),
      ),
      frozen: j === 2,
      lrScale: j === 1 ? 0.5 : 1,
    }));
    const schedule = SCHEDULES[i % SCHEDULES.length];
    return {
      name: `${name}, ${steps} steps, clipping at 1, ${schedule.kind}${schedule.warmup ? ' after a warm-up' : ''} schedule, one tensor frozen, one at half the lr`,
      config: { ...base, clipNorm: 1, schedule },
      specs,
      steps,
    };
  });
}

interface TorchRun {
  /** Per step: every parameter after it (float64 base64 of float32 values). */
  readonly params: string[][];
  /** Per step: every group's lr before it. */
  readonly lrs: number[][];
  readonly norms: (number | null)[];
  readonly state: Record<string, string | number>[];
}

const RUNS = [...oneStepRuns(), ...multiStepRuns()];

describeTorch('optimizers against torch.optim', () => {
  let answers: CallResult[] = [];
  beforeAll(() => {
    answers = runTorch({
      calls: RUNS.map((r) => ({
        module: 'torch_optim',
        fn: 'run',
        args: {
          config: r.config,
          steps: r.steps,
          params: r.specs.map((s) => ({
            data: f32(s.data),
            shape: s.shape,
            grads: s.grads.map((g) => f32(g)),
            frozen: s.frozen ?? false,
            lrScale: s.lrScale ?? 1,
          })),
        },
      })),
    }).calls;
  });

  it.each(RUNS.map((r, i) => [r.name, i] as const))('%s', (_, i) => {
    const run = RUNS[i];
    const answer = answers[i];
    if (!answer.ok) throw new Error(answer.error);
    const want = answer.value as TorchRun;
    const params: CpuParam[] = run.specs.map((s) => ({
      param: s.data.slice(),
      grad: s.grads[0],
      state: newParamState(),
      frozen: s.frozen,
      lrScale: s.lrScale,
    }));
    for (let k = 0; k < run.steps; k++) {
      const before = params.map((p) => p.param.slice());
      const report = optimizerStep(
        run.config,
        params.map((p, j) => ({ ...p, grad: run.specs[j].grads[k] })),
        k,
      );
      expect(want.lrs[k].length).toBe(params.length);
      want.lrs[k].forEach((lr, j) => {
        expect(report.lr * (params[j].lrScale ?? 1)).toBeCloseTo(lr, 12);
      });
      if (want.norms[k] === null) expect(report.norm).toBeNull();
      else
        expect(Math.abs(report.norm! - want.norms[k]!)).toBeLessThanOrEqual(1e-5 * want.norms[k]!);
      params.forEach((p, j) => {
        const bad = relMismatches(p.param, f64(want.params[k][j]), { rel: 1e-5, ref: before[j] });
        expect(bad, `step ${k + 1}, parameter ${j} [${run.specs[j].shape}]`).toEqual([]);
      });
    }
    params.forEach((p, j) => {
      const s = want.state[j];
      if (p.frozen) {
        expect(s, 'a frozen tensor has no state in torch').toEqual({});
        expect(p.state).toEqual(newParamState());
        expect(Array.from(p.param)).toEqual(Array.from(run.specs[j].data));
        return;
      }
      const pairs: [Float32Array | null, string | number | undefined][] =
        run.config.kind === 'sgd'
          ? [[p.state.momentum, s.momentum_buffer]]
          : [
              [p.state.m, s.exp_avg],
              [p.state.v, s.exp_avg_sq],
            ];
      for (const [got, b64] of pairs) {
        if (b64 === undefined) {
          expect(got, 'no buffer where torch keeps none').toBeNull();
          continue;
        }
        const w = f64(b64 as string);
        expect(relMismatches(got!, w, { rel: 1e-5, floor: floorOf(w) })).toEqual([]);
      }
      if (run.config.kind !== 'sgd') expect(p.state.step).toBe(s.step);
    });
  });
});
