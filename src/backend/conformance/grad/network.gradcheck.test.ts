// Whole networks end to end: the CPU training step's parameter gradients (forward in training
// mode, cross-entropy, backward through every layer, a residual add summing two paths) against
// central differences of an independent float64 forward (src/backend/conformance/reference,
// which shares no code with src/cpu), on a small residual network with every kind of layer.
import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../../../core/infer';
import {
  activation,
  conv2d,
  linear,
  pool2d,
  simple,
  type Layer,
  type Network,
} from '../../../core/layers';
import { createRng } from '../../../core/rng';
import { initLayerParams, type LayerParams } from '../../../core/weights';
import { centralDifferences } from '../reference/finiteDiff';
import * as ref from '../reference/ops';
import { crossEntropy } from '../reference/train';
import { lossAndGrad } from '../../../cpu/grad/loss';
import { trainBackward } from '../../../cpu/train/backward';
import { trainForward } from '../../../cpu/train/forward';
import { trainGraph } from '../../../core/train/graph';

const N = 3;
const layers: Layer[] = [
  conv2d('a', 4, 3, { padding: 1 }),
  activation('ra', 'relu'),
  conv2d('b', 4, 3, { padding: 1, paddingMode: 'reflect' }),
  { id: 'bn', kind: 'batchNorm', eps: 1e-5 },
  simple('sum', 'add', ['ra', 'bn']),
  pool2d('mp', 'maxPool2d', 2),
  { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: true },
  conv2d('c', 3, 3, { stride: 2, padding: 'same', paddingMode: 'replicate', groups: 1 }),
  activation('g', 'gelu'),
  pool2d('ap', 'avgPool2d', 2, { stride: 1, padding: 1, ceilMode: true }),
  activation('t', 'tanh'),
  simple('f', 'flatten'),
  linear('fc', 5),
  simple('sm', 'softmax'),
];
const network: Network = { input: { n: N, c: 2, h: 8, w: 8 }, layers };

/** The same network in float64 through the reference ops; BN with the batch's statistics. */
function refLoss(
  x: ref.Ref,
  p: ReadonlyMap<string, Record<string, Float64Array>>,
  labels: Int32Array,
): number {
  const inf = inferShapes(network);
  const acts = new Map<string, ref.Ref>([['input', x]]);
  for (const ls of inf.layers as OkShape[]) {
    if (ls.id === 'sm') break; // cross-entropy takes the logits
    const ins = ls.inputs.map((i) => acts.get(i)!);
    const q = p.get(ls.id) ?? {};
    const l = ls.layer;
    const y = ((): ref.Ref => {
      switch (l.kind) {
        case 'conv2d':
          return ref.conv2d(ins[0], q.weight, q.bias ?? null, l);
        case 'maxPool2d':
        case 'avgPool2d':
          return ref.pool2d(ins[0], l);
        case 'batchNorm':
          return ref.batchNorm(
            ins[0],
            { gamma: q.gamma, beta: q.beta, runningMean: q.runningMean, runningVar: q.runningVar },
            l.eps,
            'training',
          );
        case 'layerNorm':
          return ref.layerNorm(ins[0], q.gamma ?? null, q.beta ?? null, l.eps);
        case 'activation':
          return ref.activation(ins[0], l.fn, l.alpha ?? 0.01);
        case 'flatten':
          return ref.flatten(ins[0]);
        case 'linear':
          return ref.linear(ins[0], q.weight, q.bias ?? null, l.outFeatures);
        case 'add':
          return ref.add(ins);
        default:
          throw new Error(`not in this test: ${l.kind}`);
      }
    })();
    acts.set(ls.id, y);
  }
  return crossEntropy(acts.get('fc')!, labels);
}

describe('whole-network gradients against float64 central differences', () => {
  it('a residual network with conv (reflect, replicate, same, stride), BN (training), LN, max/avg pool, gelu, tanh, linear', () => {
    const rng = createRng(42);
    const inf = inferShapes(network);
    const graph = trainGraph(inf, 'crossEntropy', []);
    expect(graph.output.id).toBe('fc'); // the final softmax is fused into the loss
    const params = new Map<string, LayerParams>();
    for (const ls of inf.layers as OkShape[]) {
      const p = initLayerParams(ls, 7) as Record<string, Float32Array>;
      // Non-trivial γ, β so their gradients are tested on something other than 1 and 0.
      for (const k of ['gamma', 'beta', 'bias'] as const)
        if (p[k]) p[k] = p[k].map(() => (k === 'gamma' ? 0.5 + rng.next() : rng.next() - 0.5));
      if (Object.keys(p).length) params.set(ls.id, p as LayerParams);
    }
    // Inputs and labels; values away from relu's and max pooling's kinks are the likely case.
    const x = Float32Array.from({ length: N * 2 * 64 }, () => rng.normal());
    const labels = Int32Array.from({ length: N }, (_, i) => i % 5);
    const opts = { mode: 'training' as const, seed: 1, step: 0 };
    // The analytic gradients (BN's running statistics move in place: keep a copy for the ref).
    const p64 = new Map(
      [...params].map(([id, p]) => [
        id,
        Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Float64Array.from(v)])),
      ]),
    );
    const fwd = trainForward(graph, { shape: [N, 2, 8, 8], data: x }, params, opts);
    const loss = lossAndGrad({ kind: 'crossEntropy' }, fwd.acts.get('fc')!, { labels });
    const grads = trainBackward(graph, fwd, params, loss.grad, opts);
    const x64: ref.Ref = { shape: [N, 2, 8, 8], data: Float64Array.from(x) };
    expect(loss.loss).toBeCloseTo(refLoss(x64, p64, labels), 5);

    const checked: string[] = [];
    for (const [id, pg] of grads) {
      for (const [field, analytic] of Object.entries(pg) as [string, Float32Array][]) {
        const values = p64.get(id)![field];
        const numeric = centralDifferences(values, () => refLoss(x64, p64, labels), 1e-4);
        let worst = 0;
        for (let i = 0; i < values.length; i++) {
          const err = Math.abs(analytic[i] - numeric[i]) / Math.max(1e-3, Math.abs(numeric[i]));
          worst = Math.max(worst, Math.min(err, Math.abs(analytic[i] - numeric[i]) / 1e-4));
        }
        expect(worst, `${id}.${field}`).toBeLessThan(1e-3);
        checked.push(`${id}.${field}`);
      }
    }
    expect(checked.sort()).toEqual(
      [
        'a.bias',
        'a.weight',
        'b.bias',
        'b.weight',
        'bn.beta',
        'bn.gamma',
        'c.bias',
        'c.weight',
        'fc.bias',
        'fc.weight',
        'ln.beta',
        'ln.gamma',
      ].sort(),
    );
  }, 120_000);
});
