// The CPU engine's gradients() and the health check's update/weight ratio against real PyTorch
// (src/core/testing/torch_train.py): after one engine step of SGD with momentum and weight decay
// on a small conv net with a frozen layer in the middle, every gradient equals float64 autograd's,
// the frozen layer has none, and ‖Δw‖ / ‖w‖ equals the ratio of torch.optim's own step.
import { beforeAll, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../../core/infer';
import { activation, conv2d, linear, pool2d, simple, type Network } from '../../core/layers';
import { toPyTorch } from '../../core/pytorch';
import { createRng } from '../../core/rng';
import { describeTorch, f32, f64, runTorch } from '../../core/testing/torch';
import { networkHealth } from '../../core/train/health';
import { optimizer } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import type { LayerGradients } from '../../train/engine';
import { createCpuEngine } from './cpuEngine';

const N = 4;
const network: Network = {
  input: { n: N, c: 2, h: 6, w: 6 },
  layers: [
    conv2d('conv', 3, 3, { padding: 1 }),
    activation('relu', 'relu'),
    pool2d('pool', 'maxPool2d', 2),
    simple('flat', 'flatten'),
    linear('fc1', 8),
    activation('tanh', 'tanh'),
    linear('out', 3),
  ],
};
const FROZEN = ['fc1'];
const config = optimizer('sgd', { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 });

const rng = createRng(21);
const x = Float32Array.from({ length: N * 2 * 36 }, () => rng.normal());
const labels = Int32Array.from([0, 2, 1, 2]);
const params: Record<string, LayerParams> = {};
for (const ls of inferShapes(network).layers) {
  const p = initLayerParams(ls as OkShape, 4);
  if (Object.keys(p).length > 0) params[ls.id] = p;
}

interface TorchOut {
  readonly f64: { readonly grads: Record<string, string>; readonly noGrad: string[] };
  readonly steps: { readonly after: Record<string, string> }[][];
}

/** ‖a − b‖ and ‖b‖ in float64, written out here. */
function norms(after: ArrayLike<number>, before: ArrayLike<number>): [number, number] {
  let d = 0;
  let w = 0;
  for (let i = 0; i < before.length; i++) {
    d += (after[i] - before[i]) ** 2;
    w += before[i] ** 2;
  }
  return [Math.sqrt(d), Math.sqrt(w)];
}

describeTorch('the CPU engine’s gradients and the measured update ratio equal PyTorch’s', () => {
  let torch: TorchOut;
  let got: Record<string, LayerGradients>;
  let before: Record<string, LayerParams>;
  let after: Record<string, LayerParams>;
  beforeAll(async () => {
    const res = runTorch({
      calls: [
        {
          module: 'torch_train',
          fn: 'step',
          args: {
            code: toPyTorch(network),
            dropSoftmax: false,
            layers: Object.entries(params).map(([id, p]) => ({
              id,
              params: Object.fromEntries(
                Object.entries(p).map(([k, v]) => [k, f32(v as Float32Array)]),
              ),
            })),
            frozen: FROZEN,
            batches: [{ x: f32(x), shape: [N, 2, 6, 6], labels: [...labels] }],
            optimizers: [{ config, steps: 1 }],
          },
        },
      ],
    }).calls[0];
    if (!res.ok) throw new Error(res.error);
    torch = res.value as TorchOut;
    const engine = await createCpuEngine({
      network,
      params,
      optimizer: config,
      loss: 'crossEntropy',
      frozen: FROZEN,
      seed: 0,
      maxBatch: N,
    });
    expect(await engine.gradients()).toEqual({}); // before any step
    before = await engine.parameters();
    await engine.step({ n: N, images: x, labels }, config.lr, { loss: true });
    got = await engine.gradients();
    after = await engine.parameters();
  }, 120_000);

  it('every gradient as float64 autograd; the frozen layer has none', () => {
    expect(Object.keys(got).sort()).toEqual(['conv', 'out']);
    expect(torch.f64.noGrad.sort()).toEqual(['fc1.bias', 'fc1.weight']);
    for (const [name, b64] of Object.entries(torch.f64.grads)) {
      const [id, field] = name.split('.') as [string, keyof LayerGradients];
      const want = f64(b64);
      const g = got[id][field]!;
      const scale = Math.max(...want.map(Math.abs));
      expect(scale, name).toBeGreaterThan(0);
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(g[i] - want[i]), `${name}[${i}]`).toBeLessThanOrEqual(1e-5 * scale);
    }
  });

  it('update/weight ratio ‖Δw‖/‖w‖ of each tensor as torch.optim’s step gives it', () => {
    const report = networkHealth({
      step: 1,
      layers: network.layers.map((l) => ({ id: l.id })),
      before,
      after,
      gradients: got,
    });
    const want = torch.steps[0][0].after;
    for (const layer of report.layers)
      for (const t of layer.tensors) {
        const w0 = params[layer.id][t.field]!;
        const [update, norm] = norms(f64(want[`${layer.id}.${t.field}`]), w0);
        const name = `${layer.id}.${t.field}`;
        if (layer.frozen) expect(t.update, name).toBe(0);
        else expect(t.update / update, name).toBeCloseTo(1, 4);
        // A bias starting at 0 has no ratio.
        if (norm === 0) expect(t.ratio, name).toBeNull();
        else if (!layer.frozen) expect(t.ratio! / (update / norm), name).toBeCloseTo(1, 4);
      }
    expect(report.layers.map((l) => l.frozen)).toEqual([false, true, false]);
    // The verdict reads the weights: conv's ratio is a number (its bias's is not).
    expect(report.layers[0].ratio).toBeGreaterThan(0);
  });
});
