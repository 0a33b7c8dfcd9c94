// Every CPU op against torch.nn.functional on a few hundred seeded random configurations, all
// answered by one python process: conv2d with every option (stride, dilation, zeros / replicate
// / reflect padding, explicit, 'valid' and TensorFlow-style 'same' padding (F.pad, then conv),
// groups and depthwise, bias, true convolution), max and average pooling (ceil mode,
// count_include_pad, padding; PyTorch's winner indices), global average pooling, batch norm in
// inference and training mode, layer norm with and without affine, all eight activations on
// edge values (±∞, NaN, ±3e38, −0, large |x|), linear and softmax.

import { beforeAll, expect, it } from 'vitest';
import {
  ACTIVATIONS,
  conv2d as convLayer,
  pool2d as poolLayer,
  type Padding,
  type PaddingMode,
} from '../core/layers';
import { createRng, type Rng } from '../core/rng';
import { convInfo, isIssue, poolInfo } from '../core/shape';
import { numel, type Tensor } from '../core/tensor';
import { describeTorch, runTorch, type OpResult } from '../core/testing/torch';
import { activation } from './activation';
import { batchNorm } from './batchNorm';
import { conv2d } from './conv2d';
import { globalAvgPool } from './globalAvgPool';
import { layerNorm } from './layerNorm';
import { linear } from './linear';
import { pool2d } from './pool2d';
import { softmax } from './softmax';
import { arg, disagreement, type OpCase } from './testing/torchOps';

const rng = createRng(20240611);
const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
const normals = (n: number, scale = 1, shift = 0) =>
  Float32Array.from({ length: n }, () => rng.normal() * scale + shift);
const tensorOf = (shape: readonly number[], data = normals(numel(shape))): Tensor => ({
  shape: [...shape],
  data,
});
const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

/** float32 values where ops break: infinities, NaN, near-overflow, signed zero, large |x|. */
const EDGES = [
  Infinity,
  -Infinity,
  NaN,
  3e38,
  -3e38,
  3.4028234663852886e38,
  -3.4028234663852886e38,
  0,
  -0,
  1e-30,
  -1e-30,
  1,
  -1,
  5.9,
  6,
  6.1,
  20,
  -20,
  88.7,
  -88.7,
  100,
  -100,
  1e4,
  -1e4,
  1e10,
  -1e10,
];

// ---- conv2d -------------------------------------------------------------------------------

const MODES: readonly PaddingMode[] = ['zeros', 'replicate', 'reflect'];

function convCase(i: number): OpCase | null {
  const g = int(rng, 1, 3);
  const depthwise = i % 10 === 9;
  const cPer = depthwise ? 1 : int(rng, 1, 3);
  const mPer = int(rng, 1, 2);
  const x = tensorOf([int(rng, 1, 2), g * cPer, int(rng, 1, 9), int(rng, 1, 9)]);
  const k: [number, number] = [int(rng, 1, 4), int(rng, 1, 4)];
  // Cycle through every padding mode × padding kind × true convolution.
  const mode = MODES[i % 3];
  const kind = ['same', 'valid', 'explicit'][Math.floor(i / 3) % 3];
  const padding: Padding =
    kind === 'explicit' ? [int(rng, 0, 2), int(rng, 0, 2)] : (kind as 'same' | 'valid');
  const flip = Math.floor(i / 9) % 2 === 1;
  const bias = rng.next() < 0.7;
  const layer = convLayer('c', g * mPer, k, {
    stride: [int(rng, 1, 3), int(rng, 1, 3)],
    dilation: [int(rng, 1, 2), int(rng, 1, 2)],
    padding,
    paddingMode: mode,
    groups: g,
    bias,
    trueConvolution: flip,
  });
  if (isIssue(convInfo(layer, x.shape))) return null;
  const wShape = [g * mPer, cPer, k[0], k[1]];
  const w = normals(numel(wShape));
  const b = bias ? normals(g * mPer) : null;
  return {
    label:
      `conv x=${fmt(x.shape)} w=${fmt(wShape)} s=${fmt(layer.stride)} d=${fmt(layer.dilation)} ` +
      `p=${typeof padding === 'string' ? padding : fmt(padding)} ${mode} g=${g}` +
      `${bias ? ' bias' : ''}${flip ? ' true-convolution' : ''}`,
    req: {
      op: 'conv2d',
      ...arg('x', x.data, x.shape),
      ...arg('weight', w, wShape),
      ...(b ? arg('bias', b, [b.length]) : {}),
      stride: layer.stride,
      dilation: layer.dilation,
      padding,
      mode,
      groups: g,
      flip,
    },
    cpu: () => conv2d(x, w, b, layer, { trueConvolution: flip }),
  };
}

// ---- pooling ------------------------------------------------------------------------------

function poolCase(i: number): OpCase | null {
  const max = i % 2 === 0;
  const ceil = Math.floor(i / 2) % 2 === 1;
  const includePad = Math.floor(i / 4) % 2 === 1;
  const x = tensorOf([int(rng, 1, 2), int(rng, 1, 3), int(rng, 1, 9), int(rng, 1, 9)]);
  // Now and then a NaN or an infinity: NaN wins a max window, as in PyTorch.
  if (i % 7 === 0) x.data[int(rng, 0, x.data.length - 1)] = pick(rng, [NaN, Infinity, -Infinity]);
  const k: [number, number] = [int(rng, 1, 4), int(rng, 1, 4)];
  const stride: [number, number] = [int(rng, 1, 4), int(rng, 1, 4)];
  const padding: [number, number] = [int(rng, 0, k[0] >> 1), int(rng, 0, k[1] >> 1)];
  const kind = max ? 'maxPool2d' : 'avgPool2d';
  const layer = poolLayer('p', kind, k, {
    stride,
    padding,
    ceilMode: ceil,
    countIncludePad: includePad,
  });
  if (isIssue(poolInfo(layer, x.shape))) return null;
  return {
    label:
      `${kind} x=${fmt(x.shape)} k=${fmt(k)} s=${fmt(stride)} p=${fmt(padding)}` +
      `${ceil ? ' ceil' : ''}${!max && !includePad ? ' count_include_pad=False' : ''}`,
    req: { op: kind, ...arg('x', x.data, x.shape), kernel: k, stride, padding, ceil, includePad },
    cpu: () => pool2d(x, layer).out,
    argmax: () => pool2d(x, layer).argmax,
  };
}

// ---- normalization ------------------------------------------------------------------------

function batchNormCase(i: number): OpCase | null {
  const training = i % 2 === 1;
  const c = int(rng, 1, 4);
  const shape =
    i % 4 < 2 ? [int(rng, 1, 3), c, int(rng, 1, 5), int(rng, 1, 5)] : [int(rng, 1, 6), c];
  const count = numel(shape) / c;
  if (training && count < 2) return null; // PyTorch refuses one value per channel too
  // Large offsets now and then: the mean must not be lost to cancellation.
  const x = tensorOf(shape, normals(numel(shape), pick(rng, [1, 3]), pick(rng, [0, 0, 50])));
  const p = {
    gamma: normals(c),
    beta: normals(c),
    runningMean: normals(c),
    runningVar: Float32Array.from(normals(c), (v) => Math.abs(v) + 0.1),
  };
  const eps = pick(rng, [1e-5, 1e-3, 0.1]);
  return {
    label: `batchNorm ${training ? 'training' : 'inference'} x=${fmt(shape)} eps=${eps}`,
    req: {
      op: 'batchNorm',
      ...arg('x', x.data, shape),
      ...arg('gamma', p.gamma, [c]),
      ...arg('beta', p.beta, [c]),
      ...arg('runningMean', p.runningMean, [c]),
      ...arg('runningVar', p.runningVar, [c]),
      training,
      eps,
    },
    cpu: () => batchNorm(x, p, eps, training ? 'training' : 'inference').out,
  };
}

function layerNormCase(i: number): OpCase {
  const affine = i % 2 === 0;
  const shape = pick(rng, [
    [int(rng, 1, 3), int(rng, 1, 4), int(rng, 1, 5), int(rng, 1, 5)],
    [int(rng, 1, 3), int(rng, 1, 12)],
    [int(rng, 1, 3), int(rng, 1, 3), int(rng, 1, 6)],
  ]);
  const x = tensorOf(shape, normals(numel(shape), 2, pick(rng, [0, 20])));
  const per = shape.slice(1);
  const gamma = affine ? normals(numel(per)) : null;
  const beta = affine ? normals(numel(per)) : null;
  const eps = pick(rng, [1e-5, 1e-2]);
  return {
    label: `layerNorm x=${fmt(shape)} eps=${eps}${affine ? ' affine' : ''}`,
    req: {
      op: 'layerNorm',
      ...arg('x', x.data, shape),
      ...(gamma && beta ? { ...arg('gamma', gamma, per), ...arg('beta', beta, per) } : {}),
      eps,
    },
    cpu: () => layerNorm(x, gamma, beta, eps),
  };
}

// ---- activations, global pooling, linear, softmax ------------------------------------------

function activationCases(): OpCase[] {
  const values = Float32Array.from([...EDGES, ...normals(60, 5)]);
  const x = tensorOf([1, values.length], values);
  return ACTIVATIONS.flatMap((fn) =>
    (fn === 'leakyRelu' ? [0.01, 0.2, -0.5, 1, 0] : [undefined]).map((alpha) => ({
      label: `${fn}${alpha === undefined ? '' : ` alpha=${alpha}`} on edge values`,
      req: { op: 'activation', ...arg('x', x.data, x.shape), fn, alpha: alpha ?? 0.01 },
      cpu: () => activation(x, fn, alpha),
    })),
  );
}

function globalAvgPoolCase(): OpCase {
  const x = tensorOf([int(rng, 1, 2), int(rng, 1, 4), int(rng, 1, 9), int(rng, 1, 9)]);
  return {
    label: `globalAvgPool x=${fmt(x.shape)}`,
    req: { op: 'globalAvgPool', ...arg('x', x.data, x.shape) },
    cpu: () => globalAvgPool(x),
  };
}

function linearCase(): OpCase {
  const [n, f, o] = [int(rng, 1, 3), int(rng, 1, 24), int(rng, 1, 10)];
  const x = tensorOf([n, f]);
  const w = normals(o * f);
  const b = rng.next() < 0.7 ? normals(o) : null;
  return {
    label: `linear x=[${n},${f}] → ${o}${b ? ' bias' : ''}`,
    req: {
      op: 'linear',
      ...arg('x', x.data, x.shape),
      ...arg('weight', w, [o, f]),
      ...(b ? arg('bias', b, [o]) : {}),
    },
    cpu: () => linear(x, w, b),
  };
}

function softmaxCase(i: number): OpCase {
  const shape = i % 2 === 0 ? [int(rng, 1, 3), int(rng, 1, 10)] : [1, int(rng, 1, 5), 2, 3];
  // Large logits (exp overflows without the max shift) and, now and then, edge values.
  const x = tensorOf(shape, normals(numel(shape), pick(rng, [1, 30, 1e3])));
  if (i % 3 === 0) x.data[int(rng, 0, x.data.length - 1)] = pick(rng, EDGES);
  return {
    label: `softmax x=${fmt(shape)}`,
    req: { op: 'softmax', ...arg('x', x.data, shape) },
    cpu: () => softmax(x),
  };
}

// ---- the run ------------------------------------------------------------------------------

const valid = (make: (i: number) => OpCase | null, want: number): OpCase[] => {
  const out: OpCase[] = [];
  for (let i = 0; out.length < want; i++) {
    const c = make(i);
    if (c) out.push(c);
  }
  return out;
};

const groups: Record<string, OpCase[]> = {
  conv2d: valid(convCase, 180),
  'max and average pooling': valid(poolCase, 160),
  'batch norm': valid(batchNormCase, 50),
  'layer norm': valid(layerNormCase, 30),
  activations: activationCases(),
  'global average pooling': valid(globalAvgPoolCase, 10),
  linear: valid(linearCase, 20),
  softmax: valid(softmaxCase, 30),
};

describeTorch('CPU ops against torch.nn.functional (float64)', () => {
  const all = Object.values(groups).flat();
  let answers = new Map<OpCase, OpResult>();
  beforeAll(() => {
    const res = runTorch({ ops: all.map((c) => c.req) }).ops;
    answers = new Map(all.map((c, i) => [c, res[i]]));
  }, 120_000);

  it('the pooling cases reach ceil-mode windows larger than the padded input', () => {
    const overhanging = groups['max and average pooling'].filter((c) => {
      const { xShape, kernel, padding } = c.req as unknown as Record<string, number[]>;
      return c.req.ceil && [0, 1].some((a) => kernel[a] > xShape[2 + a] + 2 * padding[a]);
    });
    expect(overhanging.length).toBeGreaterThan(5);
  });

  it.each(Object.entries(groups).map(([name, cases]) => [name, cases.length, cases] as const))(
    '%s: %i configurations',
    (_name, _n, cases) => {
      const wrong = cases.map((c) => disagreement(c, answers.get(c)!)).filter((d) => d !== null);
      expect(wrong.slice(0, 8)).toEqual([]);
    },
  );
});
