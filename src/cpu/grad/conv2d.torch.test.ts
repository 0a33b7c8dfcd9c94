// The conv2d and linear backward CPU twins against real PyTorch autograd
// (core/testing/torch_grad_conv.py), all cases answered by one python process: dx, dw, db of
// L = Σ f(x, w, b) · dy in float64 from the same float32 inputs, for seeded random
// configurations cycling through every padding mode × padding kind ('same' TensorFlow-style,
// 'valid', explicit) × true convolution, with random stride, dilation, groups (depthwise every
// tenth case) and bias, plus a few large-batch cases (the engine's batch, up to 256).

import { beforeAll, expect, it } from 'vitest';
import { conv2d as convLayer, type Padding, type PaddingMode } from '../../core/layers';
import { createRng, type Rng } from '../../core/rng';
import { convInfo, isIssue } from '../../core/shape';
import { numel, type Tensor } from '../../core/tensor';
import { describeTorch, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { agrees, arg } from '../testing/torchOps';
import { conv2dBackward } from './conv2d';
import { linearBackward } from './linear';

const rng = createRng(20250117);
const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const normals = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
const tensorOf = (shape: readonly number[]): Tensor => ({
  shape: [...shape],
  data: normals(numel(shape)),
});
const fmt = (s: readonly number[]) => `[${s.join(',')}]`;

interface GradCase {
  readonly label: string;
  readonly req: Record<string, unknown>;
  /** The CPU twin's gradients by the request's tensor name (x, weight, bias). */
  readonly cpu: () => Record<string, ArrayLike<number> | null>;
}

const MODES: readonly PaddingMode[] = ['zeros', 'replicate', 'reflect'];

function convCase(i: number, big = false): GradCase | null {
  const g = big ? 1 : int(rng, 1, 3);
  const depthwise = !big && i % 10 === 9;
  const cPer = depthwise ? 1 : int(rng, 1, 3);
  const mPer = int(rng, 1, 3);
  const n = big ? [64, 256, 32][i % 3] : int(rng, 1, 3);
  const x = tensorOf([n, g * cPer, int(rng, 1, big ? 8 : 9), int(rng, 1, big ? 8 : 9)]);
  const k: [number, number] = [int(rng, 1, 4), int(rng, 1, 4)];
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
  const info = convInfo(layer, x.shape);
  if (isIssue(info)) return null;
  const wShape = [g * mPer, cPer, k[0], k[1]];
  const w = normals(numel(wShape));
  const b = bias ? normals(g * mPer) : null;
  const dy = tensorOf([n, g * mPer, info.h.out, info.w.out]);
  return {
    label:
      `conv x=${fmt(x.shape)} w=${fmt(wShape)} s=${fmt(layer.stride)} d=${fmt(layer.dilation)} ` +
      `p=${typeof padding === 'string' ? padding : fmt(padding)} ${mode} g=${g}` +
      `${bias ? ' bias' : ''}${flip ? ' true-convolution' : ''}`,
    req: {
      ...arg('x', x.data, x.shape),
      ...arg('weight', w, wShape),
      ...(b ? arg('bias', b, [b.length]) : {}),
      ...arg('dy', dy.data, dy.shape),
      stride: layer.stride,
      dilation: layer.dilation,
      padding,
      mode,
      groups: g,
      flip,
    },
    cpu: () => {
      const r = conv2dBackward(x, w, dy, layer, { input: true, weight: true, bias });
      return { x: r.dx?.data ?? null, weight: r.dWeight, bias: r.dBias };
    },
  };
}

function linearCase(i: number): GradCase {
  const n = i % 20 === 19 ? 256 : int(rng, 1, 8);
  const f = int(rng, 1, 40);
  const o = int(rng, 1, 12);
  const bias = i % 3 !== 0;
  const x = tensorOf([n, f]);
  const w = normals(o * f);
  const b = bias ? normals(o) : null;
  const dy = tensorOf([n, o]);
  return {
    label: `linear x=${fmt(x.shape)} → ${o}${bias ? ' bias' : ''}`,
    req: {
      ...arg('x', x.data, x.shape),
      ...arg('weight', w, [o, f]),
      ...(b ? arg('bias', b, [o]) : {}),
      ...arg('dy', dy.data, dy.shape),
    },
    cpu: () => {
      const r = linearBackward(x, w, dy, { input: true, weight: true, bias });
      return { x: r.dx?.data ?? null, weight: r.dWeight, bias: r.dBias };
    },
  };
}

/** One case's answer from torch_grad_conv.py: gradients by tensor name, base64 float64. */
interface GradAnswer {
  readonly ok: boolean;
  readonly error?: string;
  readonly want: Record<string, string>;
  readonly want32: Record<string, string>;
}

function disagreement(c: GradCase, res: CallResult | undefined): string | null {
  const v = res?.ok ? (res.value as GradAnswer) : null;
  if (!res?.ok) return `${c.label}: the call failed: ${res?.error}`;
  if (!v!.ok) return `${c.label}: PyTorch failed: ${v!.error?.trim().split('\n').at(-1)}`;
  let got: Record<string, ArrayLike<number> | null>;
  try {
    got = c.cpu();
  } catch (e) {
    return `${c.label}: the CPU backward threw ${(e as Error).message}`;
  }
  for (const [name, b64] of Object.entries(v!.want)) {
    const want = f64(b64);
    const want32 = f64(v!.want32[name]);
    const mine = got[name];
    if (!mine) return `${c.label}: no d${name} from the CPU backward`;
    if (mine.length !== want.length)
      return `${c.label}: d${name} has ${mine.length} values, PyTorch ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      if (!agrees(mine[i], want[i]))
        return `${c.label}: d${name}[${i}] ${mine[i]}, PyTorch float64 ${want[i]} (float32 ${want32[i]})`;
    }
  }
  return null;
}

describeTorch('conv2d / linear backward against PyTorch autograd', () => {
  const conv: GradCase[] = [];
  for (let i = 0; conv.length < 360; i++) {
    const c = convCase(i);
    if (c) conv.push(c);
  }
  for (let i = 0; conv.length < 366; i++) {
    const c = convCase(i, true);
    if (c) conv.push(c);
  }
  const lin = Array.from({ length: 120 }, (_, i) => linearCase(i));
  let answers: { conv: CallResult[]; linear: CallResult[] };

  beforeAll(() => {
    const res = runTorch({
      calls: [
        { module: 'torch_grad_conv', fn: 'conv2d', args: { cases: conv.map((c) => c.req) } },
        { module: 'torch_grad_conv', fn: 'linear', args: { cases: lin.map((c) => c.req) } },
      ],
    });
    const list = (r: CallResult): CallResult[] => {
      if (!r.ok) throw new Error(`torch_grad_conv failed: ${r.error}`);
      return (r.value as unknown[]).map((value) => ({ ok: true, value }) as CallResult);
    };
    answers = { conv: list(res.calls[0]), linear: list(res.calls[1]) };
  }, 60_000);

  it('covers every padding mode × padding kind × true convolution, depthwise and batch 256', () => {
    const labels = conv.map((c) => c.label);
    for (const mode of MODES)
      for (const p of ['p=same', 'p=valid', 'p=['])
        for (const flip of [true, false])
          expect(
            labels.some(
              (l) => l.includes(` ${mode} `) && l.includes(p) && l.includes('true-conv') === flip,
            ),
            `${mode} ${p} flip=${flip}`,
          ).toBe(true);
    expect(labels.some((l) => l.startsWith('conv x=[256,'))).toBe(true);
  });

  it('conv2d: dx, dw, db agree with torch.autograd.grad in float64', () => {
    const bad = conv.map((c, i) => disagreement(c, answers.conv[i])).filter((s) => s !== null);
    expect(bad.slice(0, 5), `${bad.length} of ${conv.length} disagree`).toEqual([]);
  });

  it('linear: dx, dW, db agree with torch.autograd.grad in float64', () => {
    const bad = lin.map((c, i) => disagreement(c, answers.linear[i])).filter((s) => s !== null);
    expect(bad.slice(0, 5), `${bad.length} of ${lin.length} disagree`).toEqual([]);
  });
});
