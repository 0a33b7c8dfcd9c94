// The CPU training step of whole networks against real PyTorch autograd and torch.optim: each
// network is exported (toPyTorch), loaded with the app's parameters, run in train() mode on the
// same batch with F.cross_entropy (the final softmax dropped, as the app's train graph fuses it),
// and (src/core/testing/torch_train.py)
// - the loss and every parameter's gradient (trainForward / trainBackward) equal PyTorch's
//   float64 ones within 1e-4 · max(1, |g|), and within 1e-3 of the tensor's largest |g|;
// - batch norm's running statistics after the forward equal PyTorch's;
// - two CpuTrainer steps (two batches) of SGD with momentum, Nesterov SGD with clipping, Adam and
//   AdamW leave every parameter and buffer as two torch.optim steps of the float32 model do,
//   within 1e-5 relative (of the value before the step).
// Networks: LeNet-5 (the app's seeded init), a tiny ResNet block (conv → BN → ReLU, then a
// stride-2 conv → BN → ReLU → conv → BN branch added to a 1×1 stride-2 shortcut conv, ReLU,
// global average pool, linear) and random sequential / residual stacks of the layer vocabulary.
// A conv followed (through pooling only) by batch norm has no bias: the loss does not depend on
// it, so its gradient is 0 up to rounding, and Adam would amplify that rounding to a full step.
// One python process answers everything.

import { beforeAll, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../../core/infer';
import { activation, batchNorm, conv2d, linear, simple, type Network } from '../../core/layers';
import { lenet5 } from '../../core/presets/lenet5';
import { toPyTorch } from '../../core/pytorch';
import { createRng, type Rng } from '../../core/rng';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../../core/testing/torch';
import { optimizer, type OptimizerConfig } from '../../core/train/optim';
import { initLayerParams, type LayerParams } from '../../core/weights';
import { lossAndGrad } from '../grad/loss';
import { relMismatches } from '../testing/optimCompare';
import { describeNet, randomNetwork } from '../testing/randomTrainNetwork';
import { trainBackward } from './backward';
import { trainForward } from './forward';
import { trainGraph } from '../../core/train/graph';
import { copyParams, CpuTrainer } from './step';

const BATCH = 8;

/**
 * Each run's steps on as many batches. Adam with its default ε = 1e-8 takes one step only: an
 * element whose gradient cancels to below the float32 backward's error (a few of LeNet's 48,000
 * C5 weights: |g| ~ 1e-9 against 0.1) moves by ±η in a direction rounding picks, and the
 * network that step leaves behind differs enough to shift every later gradient; with ε = 1e-3
 * (above that error) Adam is well-conditioned and its second step, state carried, is compared.
 */
const OPTIMIZERS: readonly { name: string; config: OptimizerConfig; steps: number }[] = [
  {
    name: 'SGD momentum 0.9, weight decay 5e-4',
    config: optimizer('sgd', { lr: 0.05, momentum: 0.9, weightDecay: 5e-4 }),
    steps: 2,
  },
  {
    name: 'SGD Nesterov 0.9, weight decay 1e-3, clipped to norm 0.5',
    config: optimizer('sgd', {
      lr: 0.05,
      momentum: 0.9,
      nesterov: true,
      weightDecay: 1e-3,
      clipNorm: 0.5,
    }),
    steps: 2,
  },
  {
    name: 'Adam, weight decay 1e-4',
    config: optimizer('adam', { lr: 2e-3, weightDecay: 1e-4 }),
    steps: 1,
  },
  { name: 'AdamW', config: optimizer('adamw', { lr: 2e-3 }), steps: 1 },
  {
    name: 'Adam β (0.8, 0.95), ε 1e-3, weight decay 1e-3',
    config: optimizer('adam', { lr: 2e-3, betas: [0.8, 0.95], eps: 1e-3, weightDecay: 1e-3 }),
    steps: 2,
  },
  {
    name: 'AdamW ε 1e-3, weight decay 0.05',
    config: optimizer('adamw', { lr: 2e-3, eps: 1e-3, weightDecay: 0.05 }),
    steps: 2,
  },
];
const STEPS = Math.max(...OPTIMIZERS.map((o) => o.steps));

interface Batch {
  readonly x: Float32Array;
  readonly labels: Int32Array;
}

interface Case {
  readonly label: string;
  readonly network: Network;
  readonly params: Record<string, LayerParams>;
  readonly batches: readonly Batch[];
  /** The gradients the case must produce ('<layer>.<field>'), when spelled out. */
  readonly names?: readonly string[];
  /** Layers whose parameters are not trained. */
  readonly frozen: readonly string[];
}

// TORCH_TRAIN_SEED=<n> draws other batches and random networks, TORCH_TRAIN_NETS=<n> more of
// them (the defaults are what CI runs).
const SEED = Number(process.env.TORCH_TRAIN_SEED ?? 2024);
const RANDOM_NETS = Number(process.env.TORCH_TRAIN_NETS ?? 3);
const rng = createRng(SEED);
const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const normals = (r: Rng, n: number, scale = 1) =>
  Float32Array.from({ length: n }, () => r.normal() * scale);

const okLayers = (network: Network) => inferShapes(network).layers as OkShape[];
const classes = (network: Network) => okLayers(network).at(-1)!.shape[1];

function batches(network: Network): Batch[] {
  const { n, c, h, w } = network.input;
  const k = classes(network);
  return Array.from({ length: STEPS }, () => ({
    x: normals(rng, n * c * h * w),
    labels: Int32Array.from({ length: n }, () => int(rng, 0, k - 1)),
  }));
}

/** The app's seeded parameters; `perturb`: biases, γ, β and running statistics away from init. */
function seededParams(network: Network, seed: number, perturb: Rng | null) {
  const out: Record<string, LayerParams> = {};
  for (const ls of okLayers(network)) {
    const p = { ...initLayerParams(ls, seed) } as Record<string, Float32Array>;
    if (perturb) {
      for (const [k, v] of Object.entries(p)) {
        if (k === 'weight') continue;
        p[k] = v.map(() => {
          const u = perturb.next();
          return k === 'gamma' || k === 'runningVar' ? 0.5 + u : u - 0.5;
        });
      }
    }
    out[ls.id] = p as LayerParams;
  }
  return out;
}

function makeCase(
  label: string,
  network: Network,
  perturb: Rng | null,
  names?: readonly string[],
  frozen: readonly string[] = [],
): Case {
  return {
    label,
    network,
    params: seededParams(network, 3, perturb),
    batches: batches(network),
    names,
    frozen,
  };
}

const lenet: Network = { ...lenet5.network, input: { ...lenet5.network.input, n: BATCH } };

/** A tiny ResNet: stem, one downsampling basic block with a 1×1 stride-2 shortcut, head. */
const resnet: Network = {
  input: { n: BATCH, c: 3, h: 12, w: 12 },
  layers: [
    conv2d('stem', 8, 3, { padding: 1, bias: false }),
    batchNorm('bn0'),
    activation('r0', 'relu'),
    conv2d('c1', 16, 3, { stride: 2, padding: 1, bias: false }),
    batchNorm('bn1'),
    activation('r1', 'relu'),
    conv2d('c2', 16, 3, { padding: 1, bias: false }),
    batchNorm('bn2'),
    conv2d('down', 16, 1, { stride: 2, inputs: ['r0'] }),
    simple('sum', 'add', ['bn2', 'down']),
    activation('r2', 'relu'),
    simple('gap', 'globalAvgPool'),
    simple('flat', 'flatten'),
    linear('fc', 10),
  ],
};

const netRng = createRng(SEED + 1);
const randomCases = Array.from({ length: RANDOM_NETS }, (_, i) => {
  const net = randomNetwork(netRng, BATCH);
  return makeCase(`random ${i}: ${describeNet(net)}`, net, netRng);
});

const cases: Case[] = [
  makeCase('LeNet-5', lenet, null, [
    ...['c1', 'c3', 'c5', 'f6', 'output'].flatMap((id) => [`${id}.weight`, `${id}.bias`]),
  ]),
  makeCase('tiny ResNet block', resnet, null, [
    ...['stem', 'c1', 'c2'].map((id) => `${id}.weight`),
    ...['bn0', 'bn1', 'bn2'].flatMap((id) => [`${id}.gamma`, `${id}.beta`]),
    ...['down', 'fc'].flatMap((id) => [`${id}.weight`, `${id}.bias`]),
  ]),
  // The stem frozen (nothing above batch norm bn0 trains: no input gradient there) and bn1 in
  // the middle (gradients pass through it, its running statistics still move).
  makeCase(
    'tiny ResNet block, stem and bn1 frozen',
    resnet,
    null,
    [
      ...['c1', 'c2'].map((id) => `${id}.weight`),
      ...['bn0', 'bn2'].flatMap((id) => [`${id}.gamma`, `${id}.beta`]),
      ...['down', 'fc'].flatMap((id) => [`${id}.weight`, `${id}.bias`]),
    ],
    ['stem', 'bn1'],
  ),
  ...randomCases,
];

const TRAINED = new Set(['weight', 'bias', 'gamma', 'beta']);
const isTrained = (field: string) => TRAINED.has(field);

// ---- the CPU side ----------------------------------------------------------------------------

interface CpuGrads {
  readonly loss: number;
  readonly grads: Map<string, Float32Array>;
  /** Running statistics after the training forward, by '<layer>.<field>'. */
  readonly buffers: Map<string, Float32Array>;
}

function cpuGradients(c: Case): CpuGrads {
  const graph = trainGraph(inferShapes(c.network), 'crossEntropy', c.frozen);
  const params = copyParams(c.params);
  const { n, c: ch, h, w } = c.network.input;
  const { x, labels } = c.batches[0];
  const opts = { mode: 'training' as const, seed: 0, step: 0 };
  const fwd = trainForward(graph, { shape: [n, ch, h, w], data: x }, params, opts);
  const loss = lossAndGrad({ kind: 'crossEntropy' }, fwd.acts.get(graph.output.id)!, { labels });
  const grads = new Map<string, Float32Array>();
  for (const [id, pg] of trainBackward(graph, fwd, params, loss.grad, opts))
    for (const [field, g] of Object.entries(pg)) grads.set(`${id}.${field}`, g);
  const buffers = new Map<string, Float32Array>();
  for (const [id, p] of params)
    for (const field of ['runningMean', 'runningVar'] as const)
      if (p[field]) buffers.set(`${id}.${field}`, p[field]);
  return { loss: loss.loss, grads, buffers };
}

/** Every parameter and buffer after each step, and each step's loss. */
function cpuSteps(c: Case, config: OptimizerConfig, steps: number) {
  const trainer = new CpuTrainer({
    network: c.network,
    params: c.params,
    optimizer: config,
    loss: 'crossEntropy',
    frozen: c.frozen,
    seed: 0,
  });
  return c.batches.slice(0, steps).map((b) => {
    const { loss } = trainer.step(b.x, b.labels, b.labels.length, config.lr);
    return { loss, after: flat(trainer.parameters()) };
  });
}

function flat(params: Readonly<Record<string, LayerParams>>): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const [id, p] of Object.entries(params))
    for (const [field, v] of Object.entries(p)) out.set(`${id}.${field}`, v as Float32Array);
  return out;
}

// ---- the comparison --------------------------------------------------------------------------

/** The largest |x|. */
function maxAbs(xs: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]));
  return m;
}

/** The largest |a − b|. */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/**
 * A float32 backward's error scales with what its sums add up, not with each result: an element
 * whose batch sum cancels to a small value (or a tanh′ = 1 − y² near saturation, or a parameter
 * the loss barely depends on, such as a bias a later normalization nearly removes) keeps the
 * error of the large terms. So an element is held to 1e-4 · max(1, |g|) (the absolute bound),
 * and within that to 2e-5 of its tensor's largest |g| or, where PyTorch's own float32 backward
 * does worse on the same values, 10 times that one's largest error in the tensor. Measured: the
 * CPU within 3e-6 of the largest |g|, as PyTorch's float32.
 */
const GRAD_REL = 1e-4;
const GRAD_OF_MAX = 2e-5;
const TORCH32_FACTOR = 10;

/** The first few elements outside their tolerance. `err32`: PyTorch float32's largest error. */
function gradMismatches(got: ArrayLike<number>, want: ArrayLike<number>, err32: number): string[] {
  if (got.length !== want.length) return [`length ${got.length} ≠ ${want.length}`];
  const within = Math.max(GRAD_OF_MAX * maxAbs(want), TORCH32_FACTOR * err32);
  const bad: string[] = [];
  for (let i = 0; i < want.length && bad.length < 5; i++) {
    const err = Math.abs(got[i] - want[i]);
    const tol = Math.min(GRAD_REL * Math.max(1, Math.abs(want[i])), within);
    if (!(err <= tol)) bad.push(`[${i}] ${got[i]} vs ${want[i]} (tolerance ${tol})`);
  }
  return bad;
}

/** One parameter tensor's step, as the tolerance needs it. */
interface StepTerms {
  readonly config: OptimizerConfig;
  /** δ: the error the step's gradient may carry (absolute, the tensor's worst). */
  readonly delta: number;
  /** Per element, the largest |gₖ| of the steps so far (PyTorch's float64 gradients). */
  readonly g: ArrayLike<number>;
}

/**
 * The parameters after a step: each within its tolerance, the earlier steps' (what they left
 * behind carries over) plus this step's: 1e-5 of max(|before|, |after|, the tensor's largest
 * update) for the update's rounding, plus the gradient's error δ carried through the update, times
 * η: SGD's direction g + μ b (Nesterov) is off by at most 3 δ; Adam divides each gradient by its
 * own size, so its direction m̂ / (√v̂ + ε) is off by at most 4 δ / (g + ε) (first order, every gₖ
 * off by δ), and at most 3. An element whose gradient is below float32's resolution of its tensor
 * moves by ±η either way under Adam: there only the size of the step is checked.
 */
function stepCheck(
  got: ArrayLike<number>,
  want: ArrayLike<number>,
  before: ArrayLike<number>,
  carried: ArrayLike<number> | undefined,
  terms: StepTerms | null,
): { readonly bad: string[]; readonly tol: Float64Array } {
  const tol = new Float64Array(want.length);
  if (got.length !== want.length) return { bad: [`length ${got.length} ≠ ${want.length}`], tol };
  let update = 0;
  for (let i = 0; i < want.length; i++) update = Math.max(update, Math.abs(want[i] - before[i]));
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    tol[i] = (carried?.[i] ?? 0) + 1e-5 * Math.max(Math.abs(want[i]), Math.abs(before[i]), update);
    if (terms) {
      const { config, delta, g } = terms;
      const direction =
        config.kind === 'sgd' ? 3 * delta : Math.min(3, (4 * delta) / (g[i] + config.eps));
      tol[i] += config.lr * direction;
    }
    if (!(Math.abs(got[i] - want[i]) <= tol[i]) && bad.length < 5)
      bad.push(`[${i}] ${got[i]} vs ${want[i]}, ${before[i]} before (tolerance ${tol[i]})`);
  }
  return { bad, tol };
}

interface TorchStep {
  readonly loss: number;
  /** The gradients the step used (float64 autograd's, rounded to float32; clipped). */
  readonly grads: Record<string, string>;
  /** Per tensor, the largest error of PyTorch's float32 gradients at the same values. */
  readonly err32: Record<string, number>;
  readonly after: Record<string, string>;
}

interface TorchGrads {
  readonly loss: number;
  readonly grads: Record<string, string>;
  readonly noGrad: string[];
  readonly buffers: Record<string, string>;
}

interface TorchTrain {
  readonly f64: TorchGrads;
  readonly f32: TorchGrads;
  readonly steps: TorchStep[][];
}

function request(c: Case) {
  const layers = okLayers(c.network)
    .filter((ls) => Object.keys(c.params[ls.id]).length > 0)
    .map((ls) => ({
      id: ls.id,
      params: Object.fromEntries(
        Object.entries(c.params[ls.id]).map(([k, v]) => [k, f32(v as Float32Array)]),
      ),
    }));
  const { n, c: ch, h, w } = c.network.input;
  return {
    module: 'torch_train',
    fn: 'step',
    args: {
      code: toPyTorch(c.network),
      dropSoftmax: c.network.layers.at(-1)!.kind === 'softmax',
      layers,
      frozen: c.frozen,
      batches: c.batches.map((b) => ({ x: f32(b.x), shape: [n, ch, h, w], labels: [...b.labels] })),
      optimizers: OPTIMIZERS.map(({ config, steps }) => ({ config, steps })),
    },
  };
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describeTorch(
  'whole-network training steps on the CPU equal PyTorch autograd and torch.optim',
  () => {
    let results: CallResult[];
    beforeAll(() => {
      results = runTorch({ calls: cases.map(request) }).calls;
    }, 120_000);

    const torchOf = (i: number): TorchTrain => {
      const r = results[i];
      if (!r.ok) throw new Error(r.error);
      return r.value as TorchTrain;
    };

    it.each(cases.map((c, i) => [c.label, i] as const))(
      '%s: loss, every gradient, running statistics',
      (_label, i) => {
        const c = cases[i];
        const { f64: want, f32: want32 } = torchOf(i);
        const got = cpuGradients(c);
        expect(sorted(want.noGrad)).toEqual(
          sorted(
            c.frozen.flatMap((id) =>
              Object.keys(c.params[id])
                .filter(isTrained)
                .map((f) => `${id}.${f}`),
            ),
          ),
        );
        expect(sorted(got.grads.keys())).toEqual(sorted(Object.keys(want.grads)));
        if (c.names) expect(sorted(Object.keys(want.grads))).toEqual(sorted(c.names));
        expect(Math.abs(got.loss - want.loss)).toBeLessThan(1e-5 * Math.max(1, want.loss));
        // PyTorch's float32 model on the same values: the harness maps and loads them right.
        expect(Math.abs(want32.loss - want.loss)).toBeLessThan(1e-5 * Math.max(1, want.loss));
        for (const [name, b64] of Object.entries(want.grads)) {
          const g64 = f64(b64);
          const err32 = maxDiff(f64(want32.grads[name]), g64);
          expect(gradMismatches(got.grads.get(name)!, g64, err32), name).toEqual([]);
        }
        expect(sorted(got.buffers.keys())).toEqual(sorted(Object.keys(want.buffers)));
        for (const [name, b64] of Object.entries(want.buffers)) {
          const mismatches = relMismatches(got.buffers.get(name)!, f64(b64), {
            rel: 1e-5,
            floor: 1,
          });
          expect(mismatches, name).toEqual([]);
        }
      },
    );

    it.each(
      cases.flatMap((c, i) => OPTIMIZERS.map((o, k) => [c.label, o.steps, o.name, i, k] as const)),
    )('%s: %i step(s) of %s', (_label, _steps, _name, i, k) => {
      const c = cases[i];
      const { config, steps } = OPTIMIZERS[k];
      const want = torchOf(i).steps[k];
      const got = cpuSteps(c, config, steps);
      // The error of the CPU's gradients, measured on the first step's (checked above).
      const first = cpuGradients(c);
      const gradErr = new Map(
        Object.entries(torchOf(i).f64.grads).map(([name, b64]) => [
          name,
          maxDiff(first.grads.get(name)!, f64(b64)),
        ]),
      );
      expect(want.length).toBe(steps);
      let before = flat(c.params);
      const largest = new Map<string, Float64Array>();
      const carried = new Map<string, Float64Array>();
      want.forEach((step, s) => {
        expect(Math.abs(got[s].loss - step.loss), `step ${s + 1} loss`).toBeLessThan(
          1e-5 * Math.max(1, step.loss),
        );
        const after = got[s].after;
        expect(sorted(after.keys())).toEqual(sorted(Object.keys(step.after)));
        const deltas = new Map<string, number>();
        for (const [name, b64] of Object.entries(step.grads)) {
          const g = f64(b64).map(Math.abs);
          const m = largest.get(name);
          largest.set(name, m ? m.map((v, j) => Math.max(v, g[j])) : g);
          // Later steps' gradients are not measured: 4 times the first's error, or of PyTorch's
          // float32 error at the same values, or 5e-6 of max |g|.
          const err32 = 4 * step.err32[name];
          deltas.set(name, Math.max(4 * gradErr.get(name)!, err32, 5e-6 * maxAbs(g)));
        }
        for (const [name, b64] of Object.entries(step.after)) {
          const g = largest.get(name);
          const terms = g ? { config, delta: deltas.get(name)!, g } : null;
          const r = stepCheck(
            after.get(name)!,
            f64(b64),
            before.get(name)!,
            carried.get(name),
            terms,
          );
          expect(r.bad, `step ${s + 1}: ${name}`).toEqual([]);
          carried.set(name, r.tol);
        }
        before = after;
      });
    });
  },
);
