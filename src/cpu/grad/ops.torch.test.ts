// Every CPU backward against real PyTorch autograd (torch.autograd.grad in float64 from the same
// float32 inputs, src/core/testing/torch_grad_ops.py), on seeded random configurations, in one
// python process: max pooling (ties included: PyTorch routes to the first maximum too) and
// average pooling (padding, ceil mode, count_include_pad), global average pooling, batch norm in
// training mode (dx, dγ, dβ, and the running statistics after the forward, nn.BatchNorm2d/1d) and
// with frozen statistics, layer norm (affine and not), the eight activations at their kinks (0,
// −0, 6) and at ±∞, softmax, add, concat, flatten, dropout with its mask, cross-entropy
// (F.cross_entropy: loss, gradient, the argmax accuracy) and MSE (F.mse_loss).

import { beforeAll, expect, it } from 'vitest';
import { ACTIVATIONS, pool2d as poolLayer } from '../../core/layers';
import { createRng, type Rng } from '../../core/rng';
import { isIssue, poolInfo } from '../../core/shape';
import { numel, type Tensor } from '../../core/tensor';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { pool2d } from '../pool2d';
import { softmax } from '../softmax';
import { agrees, arg } from '../testing/torchOps';
import { activationBackward } from './activation';
import { addBackward } from './add';
import { batchNormBackward, batchNormTrain, frozenStats } from './batchNorm';
import { concatBackward } from './concat';
import { dropoutBackward, dropoutMask } from './dropout';
import { flattenBackward } from './flatten';
import { globalAvgPoolBackward } from './globalAvgPool';
import { layerNormBackward, layerNormTrain } from './layerNorm';
import { mseLoss, softmaxCrossEntropy } from './loss';
import { pool2dBackward } from './pool2d';
import { softmaxBackward } from './softmax';

const rng = createRng(20260101);
const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)];
const normals = (n: number, scale = 1) =>
  Float32Array.from({ length: n }, () => rng.normal() * scale);
const T = (shape: readonly number[], data = normals(numel(shape))): Tensor => ({
  shape: [...shape],
  data,
});
const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

interface Answer {
  readonly grads: Record<string, string>;
  readonly runningMean?: string;
  readonly runningVar?: string;
  readonly loss?: number;
  readonly correct?: number;
}

interface GradCase {
  readonly label: string;
  readonly req: Record<string, unknown> & { readonly op: string };
  /** The CPU side's values by name, to hold against PyTorch's answer of the same name. */
  readonly got: () => Record<string, ArrayLike<number>>;
  /** Scalars (loss, correct count, running statistics) checked apart. */
  readonly extra?: (a: Answer) => string | null;
}

function compare(
  label: string,
  name: string,
  got: ArrayLike<number>,
  want: Float64Array,
): string | null {
  if (got.length !== want.length)
    return `${label}: ${name} has ${got.length} values, PyTorch ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!agrees(got[i], want[i])) return `${label}: ${name}[${i}] = ${got[i]}, PyTorch ${want[i]}`;
  }
  return null;
}

const cases: GradCase[] = [];

// ---- pooling ------------------------------------------------------------------------------

for (let i = 0; i < 60; i++) {
  const kind = i % 2 ? 'maxPool2d' : 'avgPool2d';
  const shape = [int(rng, 1, 2), int(rng, 1, 3), int(rng, 1, 9), int(rng, 1, 9)];
  const kernel: [number, number] = [int(rng, 1, 4), int(rng, 1, 4)];
  const layer = poolLayer('p', kind, kernel, {
    stride: [int(rng, 1, 3), int(rng, 1, 3)],
    padding: [int(rng, 0, kernel[0] >> 1), int(rng, 0, kernel[1] >> 1)],
    ceilMode: rng.next() < 0.5,
    countIncludePad: rng.next() < 0.5,
  });
  if (isIssue(poolInfo(layer, shape))) continue;
  const ties = i % 4 === 1;
  const x = T(shape, ties ? normals(numel(shape), 1.5).map(Math.round) : undefined);
  const { out, argmax } = pool2d(x, layer);
  const dy = normals(out.data.length);
  cases.push({
    label: `${kind} x=${fmt(shape)} k=${layer.kernel} s=${layer.stride} p=${layer.padding}${layer.ceilMode ? ' ceil' : ''}${layer.countIncludePad ? ' incl' : ''}${ties ? ' ties' : ''}`,
    req: {
      op: kind,
      ...arg('x', x.data, shape),
      dy: f32(dy),
      kernel: layer.kernel,
      stride: layer.stride,
      padding: layer.padding,
      ceil: layer.ceilMode,
      includePad: layer.countIncludePad,
    },
    got: () => ({ x: pool2dBackward({ shape: out.shape, data: dy }, shape, layer, argmax).data }),
  });
}

for (let i = 0; i < 10; i++) {
  const shape = [int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 6), int(rng, 1, 6)];
  const dy = normals(shape[0] * shape[1]);
  cases.push({
    label: `globalAvgPool x=${fmt(shape)}`,
    req: { op: 'globalAvgPool', ...arg('x', normals(numel(shape)), shape), dy: f32(dy) },
    got: () => ({
      x: globalAvgPoolBackward({ shape: [shape[0], shape[1], 1, 1], data: dy }, shape).data,
    }),
  });
}

// ---- normalization ------------------------------------------------------------------------

for (let i = 0; i < 40; i++) {
  const shape =
    i % 2
      ? [int(rng, 2, 8), int(rng, 1, 6)]
      : [int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 4), int(rng, 1, 4)];
  if (numel(shape) / shape[1] < 2) continue;
  const C = shape[1];
  const training = i % 5 !== 4;
  const eps = pick([1e-5, 1e-3, 0.1]);
  const x = T(shape, normals(numel(shape), 2));
  const p = {
    gamma: normals(C),
    beta: normals(C),
    runningMean: normals(C),
    runningVar: normals(C).map((v) => 0.2 + v * v),
  };
  const dy = normals(numel(shape));
  const train = batchNormTrain(x, p, eps);
  const saved = training ? train : frozenStats(p.runningMean, p.runningVar, eps);
  cases.push({
    label: `batchNorm ${training ? 'training' : 'frozen'} x=${fmt(shape)} eps=${eps}`,
    req: {
      op: 'batchNorm',
      ...arg('x', x.data, shape),
      gamma: f32(p.gamma),
      beta: f32(p.beta),
      runningMean: f32(p.runningMean),
      runningVar: f32(p.runningVar),
      eps,
      training,
      dy: f32(dy),
    },
    got: () => {
      const g = batchNormBackward(
        { shape, data: dy },
        x,
        p.gamma,
        saved,
        training ? 'training' : 'inference',
      );
      return { x: g.dx.data, gamma: g.dgamma, beta: g.dbeta };
    },
    extra: (a) =>
      training
        ? (compare('batchNorm', 'running mean', train.runningMean, f64(a.runningMean!)) ??
          compare('batchNorm', 'running var', train.runningVar, f64(a.runningVar!)))
        : null,
  });
}

for (let i = 0; i < 30; i++) {
  const shape =
    i % 2
      ? [int(rng, 1, 4), int(rng, 2, 12)]
      : [int(rng, 1, 3), int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 4)];
  const S = numel(shape.slice(1));
  const affine = i % 3 !== 2;
  const x = T(shape, normals(numel(shape), 2));
  const gamma = affine ? normals(S) : null;
  const beta = affine ? normals(S) : null;
  const dy = normals(numel(shape));
  cases.push({
    label: `layerNorm x=${fmt(shape)}${affine ? ' affine' : ''}`,
    req: {
      op: 'layerNorm',
      ...arg('x', x.data, shape),
      ...(affine
        ? { ...arg('gamma', gamma!, shape.slice(1)), ...arg('beta', beta!, shape.slice(1)) }
        : {}),
      eps: 1e-5,
      dy: f32(dy),
    },
    got: (): Record<string, ArrayLike<number>> => {
      const g = layerNormBackward(
        { shape, data: dy },
        x,
        gamma,
        layerNormTrain(x, gamma, beta, 1e-5),
      );
      return affine ? { x: g.dx.data, gamma: g.dgamma!, beta: g.dbeta! } : { x: g.dx.data };
    },
  });
}

// ---- elementwise and structural ------------------------------------------------------------

/** Where PyTorch's choices show: the kinks and ±∞ (NaN inputs differ on purpose: see activation.ts). */
const KINKS = [
  0,
  -0,
  6,
  -6,
  5.999,
  6.001,
  1e-30,
  -1e-30,
  Infinity,
  -Infinity,
  3e38,
  -3e38,
  30,
  -30,
];
for (const fn of ACTIVATIONS) {
  for (let i = 0; i < 5; i++) {
    const n = int(rng, 1, 40);
    const x = Float32Array.from([...KINKS, ...normals(n, 4)]);
    const dy = normals(x.length);
    const alpha = pick([0.01, 0.2, -0.5, 1.5]);
    cases.push({
      label: `${fn} alpha=${alpha} n=${x.length}`,
      req: { op: 'activation', ...arg('x', x, [x.length]), dy: f32(dy), fn, alpha },
      got: () => ({
        x: activationBackward(
          { shape: [x.length], data: dy },
          { shape: [x.length], data: x },
          fn,
          alpha,
        ).data,
      }),
    });
  }
}

for (let i = 0; i < 20; i++) {
  const shape =
    i % 2
      ? [int(rng, 1, 4), int(rng, 1, 30)]
      : [int(rng, 1, 2), int(rng, 1, 6), int(rng, 1, 4), int(rng, 1, 4)];
  const x = T(shape, normals(numel(shape), 3));
  const dy = normals(numel(shape));
  cases.push({
    label: `softmax x=${fmt(shape)}`,
    req: { op: 'softmax', ...arg('x', x.data, shape), dy: f32(dy) },
    got: () => ({ x: softmaxBackward({ shape, data: dy }, softmax(x)).data }),
  });
}

for (let i = 0; i < 20; i++) {
  const isConcat = i % 2 === 0;
  const N = int(rng, 1, 2);
  const rest = pick([[], [2, 3], [1, 1]]);
  const channels = Array.from({ length: int(rng, isConcat ? 1 : 2, 3) }, () =>
    isConcat ? int(rng, 1, 4) : 3,
  );
  const shapes = channels.map((C) => [N, C, ...rest]);
  const total = isConcat ? channels.reduce((a, b) => a + b, 0) : 3;
  const dy = normals(N * total * numel(rest));
  const dyT = { shape: [N, total, ...rest], data: dy };
  cases.push({
    label: `${isConcat ? 'concat' : 'add'} ${shapes.map(fmt).join(' ')}`,
    req: {
      op: isConcat ? 'concat' : 'add',
      xs: shapes.map((s) => f32(normals(numel(s)))),
      shapes,
      dy: f32(dy),
    },
    got: () => {
      const dxs = isConcat ? concatBackward(dyT, channels) : addBackward(dyT, channels.length);
      return Object.fromEntries(dxs.map((d, k) => [`x${k}`, d.data]));
    },
  });
}

for (let i = 0; i < 5; i++) {
  const shape = [int(rng, 1, 3), int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 4)];
  const dy = normals(numel(shape));
  cases.push({
    label: `flatten x=${fmt(shape)}`,
    req: { op: 'flatten', ...arg('x', normals(numel(shape)), shape), dy: f32(dy) },
    got: () => ({
      x: flattenBackward({ shape: [shape[0], numel(shape.slice(1))], data: dy }, shape).data,
    }),
  });
}

for (let i = 0; i < 10; i++) {
  const n = int(rng, 1, 200);
  const p = pick([0, 0.1, 0.5, 0.9, 0.99]);
  const [seed, step] = [int(rng, 0, 1e9), int(rng, 0, 1e6)];
  const dy = normals(n);
  cases.push({
    label: `dropout n=${n} p=${p} seed=${seed} step=${step}`,
    req: {
      op: 'dropout',
      ...arg('x', normals(n), [n]),
      mask: f32(dropoutMask(n, p, seed, step)),
      p,
      dy: f32(dy),
    },
    got: () => ({ x: dropoutBackward({ shape: [n], data: dy }, p, seed, step).data }),
  });
}

// ---- losses -------------------------------------------------------------------------------

for (let i = 0; i < 30; i++) {
  const [N, K] = [int(rng, 1, 16), int(rng, 1, 20)];
  const shape = i % 3 === 0 ? [N, K, 1, 1] : [N, K];
  const ties = i % 4 === 1;
  const z = ties ? normals(N * K, 1.5).map(Math.round) : normals(N * K, pick([0.1, 3, 30]));
  const labels = Array.from({ length: N }, () => int(rng, 0, K - 1));
  const got = softmaxCrossEntropy({ shape, data: z }, labels);
  cases.push({
    label: `crossEntropy z=${fmt(shape)}${ties ? ' ties' : ''}`,
    req: { op: 'crossEntropy', ...arg('z', z, shape), labels },
    got: () => ({ z: got.grad.data }),
    extra: (a) =>
      !agrees(got.loss, a.loss!)
        ? `crossEntropy: loss ${got.loss}, PyTorch ${a.loss}`
        : got.correct !== a.correct
          ? `crossEntropy: ${got.correct} correct, PyTorch ${a.correct}`
          : null,
  });
}

for (let i = 0; i < 10; i++) {
  const shape =
    i % 2
      ? [int(rng, 1, 8), int(rng, 1, 10)]
      : [int(rng, 1, 2), int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 4)];
  const y = normals(numel(shape), 2);
  const t = normals(numel(shape), 2);
  const got = mseLoss({ shape, data: y }, { shape, data: t });
  cases.push({
    label: `mse y=${fmt(shape)}`,
    req: { op: 'mse', ...arg('y', y, shape), target: f32(t) },
    got: () => ({ y: got.grad.data }),
    extra: (a) => (agrees(got.loss, a.loss!) ? null : `mse: loss ${got.loss}, PyTorch ${a.loss}`),
  });
}

describeTorch('CPU backward passes against PyTorch autograd (float64)', () => {
  let answers: CallResult;
  beforeAll(() => {
    const res = runTorch({
      calls: [
        { module: 'torch_grad_ops', fn: 'backward', args: { cases: cases.map((c) => c.req) } },
      ],
    });
    answers = res.calls[0];
  }, 120_000);

  it(`${cases.length} configurations of every op agree`, () => {
    if (!answers.ok) throw new Error(answers.error);
    const list = answers.value as (({ ok: true } & Answer) | { ok: false; error: string })[];
    expect(list).toHaveLength(cases.length);
    const bad: string[] = [];
    cases.forEach((c, i) => {
      const a = list[i];
      if (!a.ok) {
        bad.push(`${c.label}: PyTorch failed: ${a.error.trim().split('\n').at(-1)}`);
        return;
      }
      let got: Record<string, ArrayLike<number>>;
      try {
        got = c.got();
      } catch (e) {
        bad.push(`${c.label}: the CPU backward threw ${(e as Error).message}`);
        return;
      }
      for (const [name, values] of Object.entries(got)) {
        const want = a.grads[name];
        const d =
          want === undefined
            ? `${c.label}: PyTorch has no ${name}`
            : compare(c.label, `d${name}`, values, f64(want));
        if (d) bad.push(d);
      }
      const e = c.extra?.(a);
      if (e) bad.push(`${c.label}: ${e}`);
    });
    expect(bad.slice(0, 10)).toEqual([]);
  });

  it('covers every op', () => {
    const ops = new Set(cases.map((c) => c.req.op));
    expect([...ops].sort()).toEqual(
      [
        'activation',
        'add',
        'avgPool2d',
        'batchNorm',
        'concat',
        'crossEntropy',
        'dropout',
        'flatten',
        'globalAvgPool',
        'layerNorm',
        'maxPool2d',
        'mse',
        'softmax',
      ].sort(),
    );
  });
});
