// The training benchmark's cases: a model at an input size and batch, with an optimizer.
//
// LeNet-5 at 28×28: the preset is made for 32×32 (C1 5×5 without padding: 32 → 28 → 14 → 10 → 5,
// and C5's 5×5 sees the whole 5×5 map). At 28×28 without padding C5 would get a 4×4 map, smaller
// than its kernel, so C1 gets padding 2, as in the classic MNIST variant: 28 → 28 → 14 → 10 → 5,
// the same shapes from S2 on, and the same parameters.

import { pair, type Network } from '../../src/core/layers';
import { getPreset } from '../../src/core/presets';
import { optimizer, type OptimizerConfig } from '../../src/core/train/optim';

export interface TrainCase {
  /** e.g. 'lenet5-32-sgd'. */
  readonly name: string;
  /** e.g. 'lenet5-32': the network at its input size. */
  readonly model: string;
  readonly description: string;
  /** The network with input.n = batch. */
  readonly network: Network;
  readonly batch: number;
  readonly optimizer: OptimizerConfig;
  /** Whether ConvNetJS runs the case (LeNet-5 only: it is the CPU peer for the small model). */
  readonly convnetjs: boolean;
  /** In `--quick` runs. */
  readonly quick: boolean;
}

function preset(id: string): Network {
  const p = getPreset(id);
  if (!p) throw new Error(`no preset '${id}'`);
  return p.network;
}

/** LeNet-5 at 28×28 with C1 padded by 2 (see the header), or the preset at 32×32. */
function lenet5(size: 28 | 32): Network {
  const net = preset('lenet5');
  if (size === 32) return net;
  return {
    input: { ...net.input, h: 28, w: 28 },
    layers: net.layers.map((l) =>
      l.id === 'c1' && l.kind === 'conv2d' ? { ...l, padding: pair(2) } : l,
    ),
  };
}

const withBatch = (net: Network, n: number): Network => ({ ...net, input: { ...net.input, n } });

const OPTIMIZERS: readonly { readonly tag: string; readonly config: OptimizerConfig }[] = [
  { tag: 'sgd', config: optimizer('sgd', { lr: 0.01, momentum: 0.9 }) },
  { tag: 'adam', config: optimizer('adam', { lr: 1e-3 }) },
];

const MODELS = [
  {
    model: 'lenet5-28',
    what: 'LeNet-5 at 1×28×28 (C1 padded by 2)',
    network: lenet5(28),
    batch: 64,
    convnetjs: true,
  },
  {
    model: 'lenet5-32',
    what: 'LeNet-5 at 1×32×32',
    network: lenet5(32),
    batch: 64,
    convnetjs: true,
  },
  {
    model: 'tinyvgg-64',
    what: 'Tiny VGG at 3×64×64',
    network: preset('tinyvgg'),
    batch: 32,
    convnetjs: false,
  },
];

export const TRAIN_CASES: readonly TrainCase[] = MODELS.flatMap((m) =>
  OPTIMIZERS.map(({ tag, config }) => ({
    name: `${m.model}-${tag}`,
    model: m.model,
    description: `${m.what}, batch ${m.batch}, ${describeOptimizer(config)}`,
    network: withBatch(m.network, m.batch),
    batch: m.batch,
    optimizer: config,
    convnetjs: m.convnetjs,
    quick: m.model === 'lenet5-32' && tag === 'sgd',
  })),
);

export function describeOptimizer(o: OptimizerConfig): string {
  return o.kind === 'sgd'
    ? `SGD lr ${o.lr} momentum ${o.momentum}`
    : `${o.kind === 'adam' ? 'Adam' : 'AdamW'} lr ${o.lr}`;
}

/** The cases named (exact names), else all of them, or those marked quick. */
export function selectCases(names: readonly string[] | null, quick: boolean): TrainCase[] {
  if (names) {
    const unknown = names.filter((n) => !TRAIN_CASES.some((c) => c.name === n));
    if (unknown.length) {
      throw new Error(
        `unknown case(s) ${unknown.join(', ')}; known: ${TRAIN_CASES.map((c) => c.name).join(', ')}`,
      );
    }
    return TRAIN_CASES.filter((c) => names.includes(c.name));
  }
  return TRAIN_CASES.filter((c) => !quick || c.quick);
}
