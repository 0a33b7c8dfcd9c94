// conv2d backward on the GPU against its CPU twin (src/cpu/grad/conv2d.ts), with the forward
// conformance tolerance 1e-4·max(1, |cpu|): 300 random configurations of every option (stride,
// dilation, explicit / 'same' / 'valid' padding, zeros / replicate / reflect, groups and
// depthwise, bias, true convolution), each on a random kernel pick (input_direct / input_gemm,
// weight_direct / weight_gemm with 1–4 splits) so every entry point sees every option; fixed
// real-network layer shapes at batch 8–64 on the kernels chosen by shape (the gemm paths
// included); the kernel choice itself; and the argument checks.
// The real layers take dy as a mean loss gives it, scaled by 1/N: a float32 sum of P unit-scale
// products is off by about eps·P/√6 (3e-4 at P = N·H_out·W_out = 32·32·32, measured 1.7e-4 on
// a weight gradient of 0.54), beyond the tolerance's absolute floor of 1e-4, while the CPU twin
// sums in float64. The random configurations (P ≤ 363) stay at unit scale.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conv2d as convLayer,
  type Conv2dLayer,
  type Padding,
  type PaddingMode,
} from '../../../core/layers';
import { convInfo, isIssue, type WindowInfo } from '../../../core/shape';
import type { Tensor } from '../../../core/tensor';
import { conv2dBackward } from '../../../cpu/grad/conv2d';
import { randomArray, randomTensor } from '../../../cpu/testing/helpers';
import { closeTo } from '../../testing/compare';
import { gpuConvBackward, type Need } from '../../testing/gradConv';
import { requireGpu } from '../../testing/nodeGpu';
import {
  chooseInputGradKernel,
  chooseWeightGradKernel,
  conv2dBackwardProgram,
  weightGradSplits,
  type Conv2dBackwardBuffers,
  type Conv2dBackwardOptions,
} from './conv2d';

interface Case {
  readonly name: string;
  readonly x: Tensor;
  readonly weight: Float32Array;
  readonly dy: Tensor;
  readonly layer: Conv2dLayer;
  readonly info: WindowInfo;
}

/** dyScale: 1/N for the real layers, as a mean loss delivers dy (see the header). */
function makeCase(
  name: string,
  xShape: readonly number[],
  layer: Conv2dLayer,
  seed: number,
  dyScale = 1,
): Case {
  const info = convInfo(layer, xShape);
  if (isIssue(info)) throw new Error(`${name}: ${info.message}`);
  const cinG = info.inChannels / info.groups;
  return {
    name,
    x: randomTensor(xShape, seed),
    weight: randomArray(info.outChannels * cinG * info.h.kernel * info.w.kernel, seed + 1),
    dy: randomTensor([info.batch, info.outChannels, info.h.out, info.w.out], seed + 2, dyScale),
    layer,
    info,
  };
}

/** The GPU's gradients against the CPU twin's; the first few mismatches in words. */
async function compare(c: Case, need: Need, opts: Conv2dBackwardOptions = {}): Promise<string[]> {
  const gpu = await requireGpu();
  const want = conv2dBackward(c.x, c.weight, c.dy, c.layer, need);
  const got = await gpuConvBackward(gpu, c.x, c.weight, c.dy, c.layer, c.info, need, opts);
  const bad: string[] = [];
  const check = (what: string, g: Float32Array | null, w: ArrayLike<number> | null) => {
    if ((g === null) !== (w === null)) bad.push(`${what}: gpu ${g === null ? 'none' : 'some'}`);
    else if (g && w) bad.push(...closeTo(g, w, 1e-4, 3, ['gpu', 'cpu']).map((s) => `${what}${s}`));
  };
  check('dx', got.dx, want.dx?.data ?? null);
  check('dw', got.dWeight, want.dWeight);
  check('db', got.dBias, want.dBias);
  return bad.map((s) => `${c.name} ${JSON.stringify(opts)}: ${s}`);
}

const ALL: Need = { input: true, weight: true, bias: true };

describe('conv2d backward (GPU) ≡ CPU twin', () => {
  it('x=[1,1,3,3] k=2 on every kernel', async () => {
    const c = makeCase('x=[1,1,3,3] k=2', [1, 1, 3, 3], convLayer('c', 1, 2), 1);
    for (const inputKernel of ['direct', 'gemm'] as const)
      for (const weightKernel of ['direct', 'gemm'] as const)
        expect(await compare(c, ALL, { inputKernel, weightKernel })).toEqual([]);
  });
});

// ---- 300 random configurations ----------------------------------------------------------------

const MODES: readonly PaddingMode[] = ['zeros', 'replicate', 'reflect'];
const pair = (min: number, max: number) =>
  fc.tuple(fc.integer({ min, max }), fc.integer({ min, max }));

const randomCase = fc
  .record({
    n: fc.integer({ min: 1, max: 3 }),
    g: fc.integer({ min: 1, max: 3 }),
    cPer: fc.integer({ min: 1, max: 4 }),
    mPer: fc.integer({ min: 1, max: 4 }),
    depthwise: fc.integer({ min: 0, max: 5 }).map((v) => v === 0),
    h: fc.integer({ min: 1, max: 11 }),
    w: fc.integer({ min: 1, max: 11 }),
    kernel: pair(1, 4),
    stride: pair(1, 3),
    dilation: pair(1, 3),
    padding: fc.oneof(pair(0, 3), fc.constantFrom('same', 'valid')) as fc.Arbitrary<Padding>,
    mode: fc.constantFrom(...MODES),
    bias: fc.boolean(),
    flip: fc.boolean(),
    need: fc.record({ input: fc.boolean(), weight: fc.boolean() }),
    inputKernel: fc.constantFrom('direct' as const, 'gemm' as const),
    weightKernel: fc.constantFrom('direct' as const, 'gemm' as const),
    splits: fc.integer({ min: 1, max: 4 }),
    seed: fc.integer(),
  })
  .map((r) => {
    const cPer = r.depthwise ? 1 : r.cPer;
    const layer = convLayer('c', r.g * r.mPer, r.kernel, {
      stride: r.stride,
      dilation: r.dilation,
      padding: r.padding,
      paddingMode: r.mode,
      groups: r.g,
      bias: r.bias,
      trueConvolution: r.flip,
    });
    return { ...r, layer, xShape: [r.n, r.g * cPer, r.h, r.w] };
  })
  .filter((r) => !isIssue(convInfo(r.layer, r.xShape)));

describe('conv2d backward (GPU) ≡ CPU twin: random configurations', () => {
  it('300 configurations × random kernels, splits and needs', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(randomCase, async (r) => {
        const c = makeCase(
          `x=[${r.xShape}] m=${r.layer.outChannels} k=${r.kernel} s=${r.stride} d=${r.dilation} ` +
            `p=${r.padding} ${r.mode} g=${r.g} bias=${r.bias} flip=${r.flip}`,
          r.xShape,
          r.layer,
          r.seed,
        );
        const need = { ...r.need, bias: r.bias };
        const opts = { inputKernel: r.inputKernel, weightKernel: r.weightKernel, splits: r.splits };
        const bad = await compare(c, need, opts);
        runs++;
        if (bad.length) throw new Error(bad.join('\n'));
      }),
      { numRuns: 300 },
    );
    expect(runs).toBeGreaterThanOrEqual(300);
  }, 300_000);
});

// ---- real layer shapes, kernels chosen by shape -----------------------------------------------

describe('conv2d backward (GPU) ≡ CPU twin: real layers at training batches', () => {
  const cases: [string, number[], Conv2dLayer][] = [
    ['LeNet conv1 [64,1,32,32] k5→6', [64, 1, 32, 32], convLayer('c', 6, 5)],
    ['LeNet conv2 [64,6,14,14] k5→16', [64, 6, 14, 14], convLayer('c', 16, 5)],
    ['LeNet C5 [32,16,5,5] k5→120', [32, 16, 5, 5], convLayer('c', 120, 5)],
    [
      'Tiny VGG [32,10,32,32] k3→10 same',
      [32, 10, 32, 32],
      convLayer('c', 10, 3, { padding: 'same' }),
    ],
    ['VGG block [8,64,16,16] k3→64 p1', [8, 64, 16, 16], convLayer('c', 64, 3, { padding: 1 })],
    [
      'ResNet down [8,64,14,14] k3 s2→128 p1, no bias',
      [8, 64, 14, 14],
      convLayer('c', 128, 3, { stride: 2, padding: 1, bias: false }),
    ],
    [
      'ResNet 1×1 s2 [8,64,14,14]→128',
      [8, 64, 14, 14],
      convLayer('c', 128, 1, { stride: 2, bias: false }),
    ],
    [
      'MobileNet dw [8,32,28,28] k3 s2 same',
      [8, 32, 28, 28],
      convLayer('c', 32, 3, { stride: 2, padding: 'same', groups: 32 }),
    ],
    [
      'grouped reflect d2 flip [16,32,12,12] k3→64 g2',
      [16, 32, 12, 12],
      convLayer('c', 64, 3, {
        padding: 2,
        dilation: 2,
        paddingMode: 'reflect',
        groups: 2,
        trueConvolution: true,
      }),
    ],
  ];
  it.each(cases)('%s', async (name, xShape, layer) => {
    const c = makeCase(name, xShape, layer, 7, 1 / xShape[0]);
    expect(await compare(c, { input: true, weight: true, bias: layer.bias })).toEqual([]);
  });

  it('the big layers pick the gemm kernels (so the cases above test them)', async () => {
    const gpu = await requireGpu();
    const pick = (i: number) => {
      const info = convInfo(cases[i][2], cases[i][1]) as WindowInfo;
      return [chooseInputGradKernel(info, gpu.limits), chooseWeightGradKernel(info, gpu.limits)];
    };
    expect(pick(0)).toEqual(['direct', 'direct']); // LeNet conv1: 1 input channel, 150 weights
    expect(pick(1)).toEqual(['direct', 'gemm']); // LeNet conv2: 6 input channels, 2,400 weights
    // LeNet C5: a 1×1 output from a 5×5 input (one tap in 25 reads a cell), 48,000 weights
    expect(pick(2)).toEqual(['direct', 'gemm']);
    expect(pick(4)).toEqual(['gemm', 'gemm']);
    expect(pick(5)).toEqual(['gemm', 'gemm']); // stride 2: a quarter of the taps
    expect(pick(7)).toEqual(['direct', 'direct']); // depthwise
    expect(pick(8)).toEqual(['gemm', 'gemm']);
  });

  it('weight_gemm splits its reduction only where the tiles are few and the positions many', () => {
    const vgg = convInfo(cases[4][2], cases[4][1]) as WindowInfo; // 8·16·16 = 2048 positions
    expect(weightGradSplits(vgg, 9)).toBe(4); // at most 2048 / 512 ranges
    expect(weightGradSplits(vgg, 64)).toBe(1);
  });
});

describe('conv2d backward (GPU): arguments', () => {
  it('refuses a dy or dx of the wrong shape, a short gradient buffer, a bias gradient without bias', async () => {
    const gpu = await requireGpu();
    const layer = convLayer('c', 2, 3, { bias: false });
    const info = convInfo(layer, [1, 1, 5, 5]) as WindowInfo;
    const buf = (n: number) => gpu.buffers.acquire(n * 4, 0x80 | 0x8, 'test.args');
    // 16 values: a size class of its own (the pool rounds sizes up to classes)
    const bufs = [buf(25), buf(18), buf(18), buf(25), buf(16), buf(2)];
    const [x, w, dy, dx, dw, db] = bufs;
    const base: Conv2dBackwardBuffers = {
      x: { buffer: x, shape: [1, 1, 5, 5] },
      weight: w,
      dy: { buffer: dy, shape: [1, 2, 3, 3] },
      dx: { buffer: dx, shape: [1, 1, 5, 5] },
      dWeight: null,
      dBias: null,
    };
    try {
      const run = (b: Partial<Conv2dBackwardBuffers>) => () =>
        conv2dBackwardProgram(gpu, { ...base, ...b }, layer, info);
      expect(run({ dy: { buffer: dy, shape: [1, 2, 4, 4] } })).toThrow(
        /output gradient is \[1, 2, 4, 4\]/,
      );
      expect(run({ dx: { buffer: dx, shape: [1, 1, 4, 4] } })).toThrow(/input gradient is/);
      expect(run({ dWeight: dw })).toThrow(/weight gradient buffer holds 16 values, needs 18/);
      expect(run({ dBias: db })).toThrow(/no bias/);
    } finally {
      for (const b of bufs) gpu.buffers.release(b);
    }
  });
});
