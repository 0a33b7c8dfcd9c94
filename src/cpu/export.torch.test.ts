// The exported PyTorch script computes what the app computes: each network is exported, run by
// real PyTorch in float64 with the app's own weights and input loaded into it, and held against
// the CPU forward pass. Covers the true convolution (TrueConv2d, also against F.conv2d with the
// kernel flipped), TensorFlow-style 'same' with stride > 1 in every padding mode (an explicit
// ZeroPad2d / ReplicationPad2d / ReflectionPad2d first), and random stacks of every layer kind.

import { beforeAll, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import {
  activation,
  ACTIVATIONS,
  batchNorm,
  conv2d as convLayer,
  linear as linearLayer,
  pool2d as poolLayer,
  simple,
  type Layer,
  type Network,
  type PaddingMode,
} from '../core/layers';
import { toPyTorch } from '../core/pytorch';
import { createRng, type Rng } from '../core/rng';
import type { Tensor } from '../core/tensor';
import { f32, f64, runTorch, describeTorch, type TorchResponse } from '../core/testing/torch';
import { initLayerParams, type LayerParams } from '../core/weights';
import { forward } from './forward';
import { agrees, arg } from './testing/torchOps';

const rng = createRng(7);
const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
const normals = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/** Random values for every parameter the layer has (running variances positive). */
function randomParams(ls: OkShape): LayerParams {
  const init = initLayerParams(ls, 0) as Record<string, Float32Array>;
  return Object.fromEntries(
    Object.entries(init).map(([k, v]) => [
      k,
      k === 'runningVar' ? normals(v.length).map((x) => Math.abs(x) + 0.2) : normals(v.length),
    ]),
  );
}

interface Exported {
  readonly label: string;
  readonly network: Network;
  readonly code: string;
  readonly input: Tensor;
  /** The CPU forward's output (the last layer's). */
  readonly cpu: Tensor;
  /** Per module with parameters, in declaration order: name → base64 float32. */
  readonly params: Record<string, string>[];
}

function exported(label: string, network: Network): Exported {
  const inference = inferShapes(network);
  if (!inference.valid) throw new Error(`${label}: invalid network`);
  const layers = inference.layers as OkShape[];
  const params = new Map(layers.map((ls) => [ls.id, randomParams(ls)]));
  const { n, c, h, w } = network.input;
  const input = { shape: [n, c, h, w], data: normals(n * c * h * w) };
  const acts = forward(inference, input, { params: (ls) => params.get(ls.id)! });
  return {
    label,
    network,
    code: toPyTorch(network),
    input,
    cpu: acts.get(layers.at(-1)!.id)!,
    params: layers
      .map((ls) => Object.entries(params.get(ls.id)!))
      .filter((entries) => entries.length > 0)
      .map((entries) => Object.fromEntries(entries.map(([k, v]) => [k, f32(v as Float32Array)]))),
  };
}

const net = (c: number, h: number, w: number, layers: Layer[], n = 1): Network => ({
  input: { n, c, h, w },
  layers,
});

const MODES: readonly PaddingMode[] = ['zeros', 'replicate', 'reflect'];

/** One true convolution per padding case, with an F.conv2d(flipped kernel) reference. */
const trueConvs = [
  ...MODES.map((mode) => ['explicit 1', mode, { padding: 1 }] as const),
  ...MODES.map((mode) => ['same, stride 2', mode, { padding: 'same', stride: 2 }] as const),
  ['same, stride 1, even kernel', 'reflect', { padding: 'same', kernel: 4 }] as const,
  ['valid, dilation 2, no bias', 'zeros', { padding: 'valid', dilation: 2, bias: false }] as const,
  [
    'depthwise, same, stride [2, 3]',
    'replicate',
    { padding: 'same', stride: [2, 3], groups: 4 },
  ] as const,
].map(([what, mode, o]) => {
  const layer = convLayer('tc', 4, 'kernel' in o ? o.kernel : [3, 2], {
    ...o,
    paddingMode: mode,
    trueConvolution: true,
  });
  return exported(`true convolution ${what} ${mode}`, net(4, 8, 7, [layer], 2));
});

/** TensorFlow-style 'same' with stride > 1: asymmetric padding in every mode, in a graph too. */
const sameStrided = MODES.flatMap((mode) => [
  exported(
    `same stride 2 ${mode}`,
    net(3, 8, 9, [convLayer('c', 2, 3, { stride: 2, padding: 'same', paddingMode: mode })]),
  ),
  exported(
    `same stride 3, kernel 2×4, ${mode}, in a graph`,
    net(2, 7, 10, [
      convLayer('a', 3, [2, 4], { stride: 3, padding: 'same', paddingMode: mode }),
      convLayer('b', 3, 1, { stride: 3, inputs: ['input'] }),
      simple('sum', 'add', ['a', 'b']),
      simple('cat', 'concat', ['sum', 'a']),
    ]),
  ),
]);

/** Random stacks of every layer kind, each kept only while the network stays valid. */
function randomLayer(r: Rng, id: string): Layer {
  switch (int(r, 0, 5)) {
    case 0:
    case 1:
      return convLayer(id, int(r, 1, 4), [int(r, 1, 3), int(r, 1, 3)], {
        stride: [int(r, 1, 2), int(r, 1, 2)],
        dilation: [int(r, 1, 2), 1],
        padding: pick(r, ['same', 'valid', [1, 0], [1, 1]] as const),
        paddingMode: pick(r, MODES),
        groups: pick(r, [1, 1, 2]),
        bias: r.next() < 0.7,
        trueConvolution: r.next() < 0.5,
      });
    case 2: {
      const k = int(r, 1, 3);
      return poolLayer(id, pick(r, ['maxPool2d', 'avgPool2d'] as const), k, {
        stride: int(r, 1, 3),
        padding: int(r, 0, k >> 1),
        ceilMode: r.next() < 0.5,
        countIncludePad: r.next() < 0.5,
      });
    }
    case 3:
      return activation(id, pick(r, ACTIVATIONS), { alpha: 0.1 });
    case 4:
      return batchNorm(id, pick(r, [1e-5, 1e-3]));
    default:
      return { id, kind: 'layerNorm', eps: 1e-5, affine: r.next() < 0.5 };
  }
}

const stacks = Array.from({ length: 40 }, (_, i) => {
  const input = { n: int(rng, 1, 2), c: int(rng, 1, 4), h: int(rng, 2, 9), w: int(rng, 2, 9) };
  const layers: Layer[] = [];
  for (let j = 0; j < 5; j++) {
    const candidate = [...layers, randomLayer(rng, `l${j}`)];
    if (inferShapes({ input, layers: candidate }).valid) layers.push(candidate.at(-1)!);
  }
  if (i % 2 === 0) {
    layers.push(simple('flat', 'flatten'), linearLayer('fc', int(rng, 1, 5)));
    if (i % 4 === 0) layers.push(simple('sm', 'softmax'));
  }
  return exported(`random stack ${i}: ${layers.map((l) => l.kind).join(' → ')}`, { input, layers });
});

/** Ceil-mode pooling whose window is larger than the input (PyTorch's pooling_output_shape). */
const overhanging = [
  exported(
    'max 3×3 stride 3 ceil on 1×1',
    net(2, 1, 1, [poolLayer('p', 'maxPool2d', 3, { ceilMode: true })]),
  ),
  exported(
    'avg 3×3 stride 2 ceil on 2×2, then on 3×3 padded 1 without counting the padding',
    net(2, 2, 2, [
      poolLayer('p', 'avgPool2d', 3, { stride: 2, ceilMode: true }),
      convLayer('c', 3, 1),
      poolLayer('q', 'avgPool2d', 3, {
        stride: 2,
        ceilMode: true,
        padding: 1,
        countIncludePad: false,
      }),
    ]),
  ),
];

const all = [...trueConvs, ...sameStrided, ...overhanging, ...stacks];

/** The first element where two results disagree (conformance tolerance), as a line, or null. */
function differs(what: string, got: ArrayLike<number>, want: ArrayLike<number>): string | null {
  if (got.length !== want.length) return `${what}: ${got.length} values, expected ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    if (!agrees(got[i], want[i])) return `${what}: at ${i} ${got[i]} vs ${want[i]}`;
  }
  return null;
}

describeTorch('exported scripts under real PyTorch compute what the CPU forward computes', () => {
  let res: TorchResponse;
  beforeAll(() => {
    res = runTorch({
      scripts: all.map((e) => ({ code: e.code, input: f32(e.input.data), params: e.params })),
      // F.conv2d with the flipped kernel, the true convolution's definition, per true conv case.
      ops: trueConvs.map((e) => {
        const layer = e.network.layers[0] as Extract<Layer, { kind: 'conv2d' }>;
        const [cout, cin] = [layer.outChannels, e.input.shape[1] / layer.groups];
        return {
          op: 'conv2d',
          ...arg('x', e.input.data, e.input.shape),
          ...arg('weight', fromB64(e.params[0].weight), [cout, cin, ...layer.kernel]),
          ...(e.params[0].bias ? arg('bias', fromB64(e.params[0].bias), [cout]) : {}),
          stride: layer.stride,
          dilation: layer.dilation,
          padding: layer.padding,
          mode: layer.paddingMode,
          groups: layer.groups,
          flip: true,
        };
      }),
    });
  }, 120_000);

  it.each(all.map((e, i) => [e.label, i] as const))('%s', (_label, i) => {
    const e = all[i];
    const run = res.scripts[i];
    expect([run.ok, run.error]).toEqual([true, undefined]);
    expect(differs('PyTorch vs CPU', e.cpu.data, f64(run.output!))).toBeNull();
    if (i < trueConvs.length) {
      const ref = res.ops[i];
      expect([ref.ok, ref.error]).toEqual([true, undefined]);
      expect(
        differs('TrueConv2d vs F.conv2d(flipped)', f64(run.output!), f64(ref.want!)),
      ).toBeNull();
      expect(e.code).toContain('TrueConv2d(');
    }
  });

  it('the cases reach what they are for: TrueConv2d, and explicit pad modules of every mode', () => {
    const pads = ['nn.ZeroPad2d((', 'nn.ReplicationPad2d((', 'nn.ReflectionPad2d(('];
    const missing = pads.filter((pad) => !all.some((e) => e.code.includes(pad)));
    expect(missing).toEqual([]);
    expect(stacks.filter((e) => e.code.includes('TrueConv2d(')).length).toBeGreaterThan(5);
  });
});

/** The float32 values of a base64 parameter back (the request carries them encoded). */
function fromB64(b64: string): Float32Array {
  const bytes = Buffer.from(b64, 'base64');
  return new Float32Array(Uint8Array.from(bytes).buffer);
}
