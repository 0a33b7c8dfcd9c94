// The optimizer kernels against their CPU twin (which optim.torch.test.ts holds against
// torch.optim): 300 random configurations of SGD (momentum, dampening, Nesterov, weight decay),
// Adam and AdamW, with and without clipping, under schedules, over 1–3 steps (state carried),
// with frozen tensors and group factors; then exact cases: a tensor past the clipping kernel's
// grid (every invocation loops), NaN gradients under clipping, frozen tensors left untouched,
// reset() over stale state, and a step that allocates nothing.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../../core/rng';
import { optimizer, type OptimizerConfig } from '../../../core/train/optim';
import type { ScheduleConfig } from '../../../core/train/schedule';
import { floorOf, relMismatches } from '../../../cpu/testing/optimCompare';
import { STORAGE, type Gpu } from '../../gpu';
import { closeTo } from '../../testing/compare';
import { requireGpu } from '../../testing/nodeGpu';
import { cpuSteps, gpuSteps, readBuffers, type ParamSpec, type Side } from '../../testing/optim';
import { encode } from '../program';
import { GpuOptimizer } from './optimizer';

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
const normals = (r: Rng, n: number, scale: number) =>
  Float32Array.from({ length: n }, () => r.normal() * scale);

const SCHEDULES: readonly (ScheduleConfig | undefined)[] = [
  undefined,
  { kind: 'step', stepSize: 1, gamma: 0.5 },
  { kind: 'cosine', totalSteps: 2, minLr: 0, warmup: { steps: 1, startFactor: 0.3 } },
];

function randomConfig(r: Rng): OptimizerConfig {
  const lr = 10 ** (-3 + r.next() * 2.5);
  const clipNorm = r.next() < 0.5 ? undefined : 10 ** (-1.5 + r.next() * 2);
  const schedule = pick(r, SCHEDULES);
  const kind = pick(r, ['sgd', 'adam', 'adamw'] as const);
  if (kind === 'sgd') {
    const momentum = pick(r, [0, 0.5, 0.9]);
    const nesterov = momentum > 0 && r.next() < 0.4;
    return optimizer('sgd', {
      lr,
      momentum,
      nesterov,
      dampening: nesterov ? 0 : pick(r, [0, 0.3]),
      weightDecay: pick(r, [0, 0.01, 0.1]),
      clipNorm,
      schedule,
    });
  }
  return optimizer(kind, {
    lr,
    betas: pick(r, [
      [0.9, 0.999],
      [0.5, 0.9],
      [0, 0.99],
    ] as const),
    eps: pick(r, [1e-8, 1e-3, 0.1]),
    weightDecay: pick(r, [0, 0.01, 0.2]),
    clipNorm,
    schedule,
  });
}

function randomSpecs(r: Rng, steps: number): ParamSpec[] {
  const n = 1 + Math.floor(r.next() * 4);
  return Array.from({ length: n }, () => {
    const count =
      r.next() < 0.1 ? 1 + Math.floor(r.next() * 20_000) : 1 + Math.floor(r.next() * 700);
    const gscale = 10 ** (-2 + r.next() * 3);
    return {
      data: normals(r, count, 1),
      grads: Array.from({ length: steps }, () => normals(r, count, gscale)),
      frozen: r.next() < 0.2,
      lrScale: pick(r, [1, 1, 0.5, 2]),
    };
  });
}

/** Every mismatch between the sides, in words ([] when they agree). */
function compare(
  config: OptimizerConfig,
  specs: readonly ParamSpec[],
  gpu: Side,
  cpu: Side,
): string[] {
  const clipped = config.clipNorm !== undefined;
  // 1e-5 relative to |x| or, for a parameter, to its value before the steps. A state element
  // (b, m) can cancel to about 0 from terms as large as the tensor's largest, and a one-ulp
  // difference in those terms (a fused multiply-add on one side) is then large relative to it:
  // there the scale is 1 % of the tensor's largest |x|. With clipping, N is a float32 sum in
  // another order on each side, so κ differs by rounding: 1e-4 · max(1, |x|).
  const near = (got: Float32Array, want: Float32Array, ref?: Float32Array) =>
    clipped
      ? closeTo(got, want, 1e-4)
      : relMismatches(got, want, {
          rel: 1e-5,
          ref,
          floor: ref ? floorOf(want) : 10 * floorOf(want),
        });
  const bad: string[] = [];
  specs.forEach((s, j) => {
    for (const m of near(gpu.params[j], cpu.params[j], s.data)) bad.push(`param ${j}: ${m}`);
    expect(gpu.states[j].length, `state buffers of tensor ${j}`).toBe(cpu.states[j].length);
    gpu.states[j].forEach((st, k) => {
      for (const m of near(st, cpu.states[j][k])) bad.push(`param ${j} state ${k}: ${m}`);
    });
  });
  if (clipped) {
    const [n, scale] = gpu.clip!;
    const [wn, wscale] = cpu.clip!;
    if (!(Math.abs(n - wn) <= 1e-5 * wn)) bad.push(`norm ${n} vs ${wn}`);
    if (!(Math.abs(scale - wscale) <= 1e-5 * wscale)) bad.push(`scale ${scale} vs ${wscale}`);
  }
  return bad;
}

async function check(
  gpu: Gpu,
  config: OptimizerConfig,
  specs: readonly ParamSpec[],
  steps: number,
) {
  const got = await gpuSteps(gpu, config, specs, steps);
  const want = cpuSteps(config, specs, steps);
  return { got, want, bad: compare(config, specs, got, want) };
}

describe('optimizers on the GPU against the CPU twin: properties', () => {
  it('300 random configurations (SGD variants, Adam, AdamW; clipping; schedules; 1–3 steps)', async () => {
    const gpu = await requireGpu();
    const inUse = gpu.buffers.inUse;
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (seed) => {
        const r = createRng(seed);
        const config = randomConfig(r);
        const steps = 1 + Math.floor(r.next() * 3);
        const specs = randomSpecs(r, steps);
        const { bad } = await check(gpu, config, specs, steps);
        expect(
          bad,
          JSON.stringify({ config, steps, counts: specs.map((s) => s.data.length) }),
        ).toEqual([]);
      }),
      { numRuns: 300 },
    );
    expect(gpu.buffers.inUse).toBe(inUse);
  });
});

describe('optimizers on the GPU: exact cases', () => {
  it('x=[70000] + [300]: clipping past 64 workgroups × 256 (each invocation loops), Adam, 2 steps', async () => {
    const gpu = await requireGpu();
    const r = createRng(7);
    const specs = [70_000, 300].map((n) => ({
      data: normals(r, n, 1),
      grads: [normals(r, n, 0.1), normals(r, n, 0.1)],
    }));
    const config = optimizer('adam', { lr: 0.01, clipNorm: 1 });
    const { got, want, bad } = await check(gpu, config, specs, 2);
    expect(bad).toEqual([]);
    expect(got.clip![1], 'the clipping bites').toBeLessThan(0.1);
    expect(want.clip![1]).toBeLessThan(0.1);
  });

  it.each([optimizer('sgd', { momentum: 0.9, clipNorm: 1 }), optimizer('adamw', { clipNorm: 1 })])(
    'a NaN gradient under clipping makes every parameter NaN, as in PyTorch ($kind)',
    async (config) => {
      const gpu = await requireGpu();
      const grad = Float32Array.from([1, NaN, 2]);
      const specs = [
        { data: Float32Array.from([1, 2, 3]), grads: [grad] },
        { data: Float32Array.from([4, 5]), grads: [Float32Array.from([0.5, 0.5])] },
      ];
      const { got, want } = await check(gpu, config, specs, 1);
      expect(Number.isNaN(got.clip![0]) && Number.isNaN(got.clip![1])).toBe(true);
      for (const side of [got, want]) {
        for (const p of side.params) expect(Array.from(p).every(Number.isNaN)).toBe(true);
      }
    },
  );

  it('frozen tensors: no dispatch, no state, left as they were, outside the clipping norm', async () => {
    const gpu = await requireGpu();
    const r = createRng(3);
    const specs = [
      { data: normals(r, 10, 1), grads: [normals(r, 10, 1)] },
      { data: normals(r, 5, 1), grads: [normals(r, 5, 100)], frozen: true },
    ];
    const config = optimizer('sgd', { lr: 0.1, momentum: 0.9, clipNorm: 0.5 });
    let dispatches = 0;
    const got = await gpuSteps(gpu, config, specs, 1, (opt) => {
      dispatches = opt.recorded.dispatches.length;
      expect(opt.states.map((s) => s.index)).toEqual([0]);
    });
    expect(dispatches, 'one partial sum, the finish, one update').toBe(3);
    expect(Array.from(got.params[1])).toEqual(Array.from(specs[1].data));
    expect(got.states[1]).toEqual([]);
    const norm = Math.hypot(...specs[0].grads[0]);
    expect(Math.abs(got.clip![0] - norm)).toBeLessThanOrEqual(1e-5 * norm);
  });

  it.each([
    optimizer('adam', { lr: 0.05 }),
    optimizer('sgd', { lr: 0.1, momentum: 0.9, dampening: 0.5 }),
  ])('reset(): the next step ignores the old state, as a first step ($kind)', async (config) => {
    const gpu = await requireGpu();
    const r = createRng(5);
    const data = normals(r, 300, 1);
    const [a, b] = [normals(r, 300, 1), normals(r, 300, 1)];
    const q = gpu.device.queue;
    const param = gpu.buffers.acquire(data.byteLength, STORAGE, 'test.p');
    const grad = gpu.buffers.acquire(data.byteLength, STORAGE, 'test.g');
    const opt = new GpuOptimizer(gpu, config, [{ param, grad, count: data.length }]);
    const step = (g: Float32Array) => {
      q.writeBuffer(grad, 0, g);
      opt.prepareStep();
      const enc = gpu.device.createCommandEncoder();
      const pass = enc.beginComputePass();
      encode(pass, opt.recorded.dispatches);
      pass.end();
      q.submit([enc.finish()]);
    };
    q.writeBuffer(param, 0, data);
    step(a);
    step(a);
    opt.reset();
    expect(opt.steps).toBe(0);
    q.writeBuffer(param, 0, data);
    step(b);
    const s = opt.states[0];
    const bufs = [param, s.momentum ?? s.m!, ...(s.v ? [s.v] : [])];
    const got = await readBuffers(
      gpu,
      bufs.map((buffer) => ({ buffer, count: data.length })),
    );
    opt.release();
    gpu.buffers.release(param);
    gpu.buffers.release(grad);
    const want = cpuSteps(config, [{ data, grads: [b] }], 1);
    expect(
      compare(
        config,
        [{ data, grads: [b] }],
        { ...want, params: [got[0]], states: [got.slice(1)] },
        want,
      ),
    ).toEqual([]);
  });

  it('steps of the same shapes allocate nothing, and release returns every buffer', async () => {
    const gpu = await requireGpu();
    const r = createRng(11);
    const specs = [40, 7, 300].map((n) => ({
      data: normals(r, n, 1),
      grads: Array.from({ length: 5 }, () => normals(r, n, 1)),
    }));
    const before = gpu.buffers.inUse;
    const live: number[] = [];
    await gpuSteps(gpu, optimizer('adam', { clipNorm: 1 }), specs, 5, () =>
      live.push(gpu.buffers.live),
    );
    expect(new Set(live).size, `live buffers after each step: ${live.join(', ')}`).toBe(1);
    expect(gpu.buffers.inUse).toBe(before);
  });
});
