// The benchmark suite: single conv2d layers (as one-layer networks) and whole networks, each with
// its FLOP count (2 × multiply-accumulates of the layers actually computed).

import { layerCost } from '../src/core/cost';
import { dependencies, inferShapes } from '../src/core/infer';
import { conv2d, type Network } from '../src/core/layers';
import { getPreset } from '../src/core/presets';

export interface BenchCase {
  readonly name: string;
  readonly kind: 'conv2d' | 'network';
  /** One line for the table and the JSON. */
  readonly description: string;
  readonly network: Network;
  /** Compute only up to this layer (and its ancestors); unset: the whole network. */
  readonly upTo?: string;
  /** The layer read back after every run: upTo, else the last layer. */
  readonly target: string;
  readonly flops: number;
  /** Left out of `--quick` runs. */
  readonly slow?: boolean;
  /**
   * A stand-in for another case: in a run that does not name it in `--cases`, its GPU paths run
   * only when that case lacks one of its two GPU timings (refused, failed).
   */
  readonly fallbackFor?: string;
}

interface ConvSpec {
  readonly name: string;
  readonly c: number;
  readonly hw: number;
  readonly out: number;
  readonly k: number;
  readonly stride?: number;
  readonly dilation?: number;
  readonly depthwise?: boolean;
}

/** 'same'-style padding: (k − 1) / 2 × dilation, i.e. 1 for k3, 2 for k3 dilation 2, 0 for k1. */
const CONVS: readonly ConvSpec[] = [
  { name: 'conv-3x224-k3-64', c: 3, hw: 224, out: 64, k: 3 },
  { name: 'conv-64x56-k3-64', c: 64, hw: 56, out: 64, k: 3 },
  { name: 'conv-128x28-k3-128', c: 128, hw: 28, out: 128, k: 3 },
  { name: 'conv-256x14-k3-256', c: 256, hw: 14, out: 256, k: 3 },
  { name: 'conv-512x7-k3-512', c: 512, hw: 7, out: 512, k: 3 },
  { name: 'conv-256x28-k1-512', c: 256, hw: 28, out: 512, k: 1 },
  { name: 'dwconv-32x112-k3', c: 32, hw: 112, out: 32, k: 3, depthwise: true },
  { name: 'conv-64x56-k3s2-128', c: 64, hw: 56, out: 128, k: 3, stride: 2 },
  { name: 'conv-64x56-k3d2-64', c: 64, hw: 56, out: 64, k: 3, dilation: 2 },
];

/** FLOPs (2 × MACs) of the layers a run computes. */
export function flopsOf(network: Network, upTo?: string): number {
  const inference = inferShapes(network);
  const need = dependencies(inference, upTo);
  let macs = 0;
  for (const ls of inference.layers) {
    if (need.has(ls.id)) macs += layerCost(ls)?.macs ?? 0;
  }
  return 2 * macs;
}

function convCase(s: ConvSpec): BenchCase {
  const stride = s.stride ?? 1;
  const dilation = s.dilation ?? 1;
  const padding = ((s.k - 1) / 2) * dilation;
  const network: Network = {
    input: { n: 1, c: s.c, h: s.hw, w: s.hw },
    layers: [conv2d('c', s.out, s.k, { stride, padding, dilation, groups: s.depthwise ? s.c : 1 })],
  };
  const extras = [
    stride > 1 ? ` stride ${stride}` : '',
    dilation > 1 ? ` dilation ${dilation}` : '',
    s.depthwise ? ' depthwise' : '',
  ].join('');
  return {
    name: s.name,
    kind: 'conv2d',
    description: `x=[${s.c},${s.hw},${s.hw}] k${s.k}${extras} pad ${padding} → ${s.out}`,
    network,
    target: 'c',
    flops: flopsOf(network),
  };
}

function networkCase(
  name: string,
  presetId: string,
  opts: { upTo?: string; slow?: boolean; note?: string; fallbackFor?: string } = {},
): BenchCase {
  const preset = getPreset(presetId);
  if (!preset) throw new Error(`no preset '${presetId}'`);
  const network = preset.network;
  const { c, h, w } = network.input;
  const target = opts.upTo ?? network.layers[network.layers.length - 1].id;
  return {
    name,
    kind: 'network',
    description: `${preset.title} at ${c}×${h}×${w}${opts.note ?? ''}`,
    network,
    ...(opts.upTo ? { upTo: opts.upTo } : {}),
    target,
    flops: flopsOf(network, opts.upTo),
    ...(opts.slow ? { slow: true } : {}),
    ...(opts.fallbackFor ? { fallbackFor: opts.fallbackFor } : {}),
  };
}

export function allCases(): BenchCase[] {
  return [
    ...CONVS.map(convCase),
    networkCase('lenet5', 'lenet5'),
    networkCase('tinyvgg', 'tinyvgg'),
    networkCase('vgg16', 'vgg16', { slow: true }),
    networkCase('vgg16-features', 'vgg16', {
      upTo: 'pool5',
      slow: true,
      note: ', features only (up to pool5)',
      fallbackFor: 'vgg16',
    }),
  ];
}

/** The cases a run asks for: `--cases` names (exact), else all but the slow ones when quick. */
export function selectCases(names: readonly string[] | null, quick: boolean): BenchCase[] {
  const all = allCases();
  if (names && names.length > 0) {
    const unknown = names.filter((n) => !all.some((c) => c.name === n));
    if (unknown.length > 0) {
      throw new Error(
        `unknown case(s) ${unknown.join(', ')}; known: ${all.map((c) => c.name).join(', ')}`,
      );
    }
    return all.filter((c) => names.includes(c.name));
  }
  return quick ? all.filter((c) => !c.slow) : all;
}
