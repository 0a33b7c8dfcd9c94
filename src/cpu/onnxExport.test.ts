// The exported ONNX file computes what the app computes: every preset (seeded weights, hand-set
// ones where the preset has them) and random networks of every layer kind are exported, run by
// ONNX Runtime (onnxruntime-node, its CPU provider) and held against the CPU forward pass within
// 1e-4·max(1, |ref|). AlexNet, GoogLeNet, ResNet-18 and MobileNet run at their own size, the
// others at a small input their layers allow (see FULL_SIZE); the exported file of each is also
// read back by the importer.

import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { activation, conv2d, pool2d, simple, type Layer, type Network } from '../core/layers';
import { LIMITS } from '../core/limits';
import { exportOnnx } from '../core/onnx/exportModel';
import { tryImportOnnx } from '../core/onnx/importModel';
import { scaledError } from '../core/onnx/testing/fixtures';
import { PRESETS } from '../core/presets';
import type { Preset } from '../core/presets/preset';
import { createRng } from '../core/rng';
import { initLayerParams, paramsFor, type LayerParams } from '../core/weights';
import { forward } from './forward';
import { describeNet, randomNetwork } from './testing/randomTrainNetwork';

const rng = createRng(11);
const normals = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/**
 * Presets run at their own input size (each under ~10 s here: export, ONNX Runtime, CPU forward).
 * VGG-16 would take ~30 s at 224×224 (553 MB of weights, 15 G multiply-accumulates on the CPU
 * reference), so it and the rest run at the smallest input their layers allow. ResNet-50 too:
 * at 224×224 its seeded residual stream grows to logits of ~5,000, and the two float32 sums
 * (ORT's and the CPU reference's) then differ by ~2.6e-4·|ref| at the smaller logits (2e-5 of
 * the largest) — rounding, not a wrong op; at 16×16 they agree to 1e-7.
 */
const FULL_SIZE = new Set(['alexnet', 'googlenet', 'resnet18', 'mobilenet_v1']);

/**
 * Without a final softmax: seeded logits are large, the softmax saturates to 0s and a 1, and any
 * error would hide in it (the random networks and the first extra case test the softmax).
 */
const logits = (net: Network): Network =>
  net.layers.at(-1)?.kind === 'softmax' ? { ...net, layers: net.layers.slice(0, -1) } : net;

/** The smallest of these input sides at which the preset's layers all still fit. */
function smallInput(p: Preset): Network {
  if (p.input) return p.network; // typed lecture input: keep its size
  for (const side of [16, 24, 32, 48, 64, 96, 128, 160, 224]) {
    if (side >= p.network.input.h) break;
    const net = { ...p.network, input: { ...p.network.input, h: side, w: side } };
    if (inferShapes(net).valid) return net;
  }
  return p.network;
}

/** Random values for every parameter a layer has (running variances positive). */
function randomParams(ls: OkShape): LayerParams {
  const init = initLayerParams(ls, 0) as Record<string, Float32Array>;
  return Object.fromEntries(
    Object.entries(init).map(([k, v]) => [
      k,
      k === 'runningVar' ? normals(v.length).map((x) => Math.abs(x) + 0.2) : normals(v.length),
    ]),
  );
}

interface Case {
  readonly label: string;
  readonly network: Network;
  readonly params: (ls: OkShape) => LayerParams;
}

async function runBoth(c: Case) {
  const inference = inferShapes(c.network);
  const layers = inference.layers as OkShape[];
  const params = Object.fromEntries(layers.map((ls) => [ls.id, c.params(ls)]));
  const { n, c: ch, h, w } = c.network.input;
  const input = { shape: [n, ch, h, w], data: normals(n * ch * h * w) };
  const want = forward(inference, input, { params: (ls) => params[ls.id] }).get(layers.at(-1)!.id)!;
  const t0 = performance.now();
  const bytes = exportOnnx(c.network, params);
  const session = await ort.InferenceSession.create(bytes);
  const res = await session.run({ input: new ort.Tensor('float32', input.data, input.shape) });
  await session.release();
  const got = res.output;
  return {
    bytes,
    want,
    got,
    err: scaledError(got.data as Float32Array, want.data),
    ms: performance.now() - t0,
  };
}

/** A 3×3 ceil-mode pooling of the input, flattened (for joining several). */
const overhang = (
  id: string,
  kind: 'maxPool2d' | 'avgPool2d',
  stride: number,
  padding: number,
  countIncludePad: boolean,
): Layer[] => [
  pool2d(id, kind, 3, { stride, padding, ceilMode: true, countIncludePad, inputs: ['input'] }),
  simple(`${id}f`, 'flatten'),
];

const measured: string[] = [];

describe('ONNX export under ONNX Runtime equals the CPU forward', () => {
  it.each(PRESETS.map((p) => [p.id, p] as const))(
    'preset %s',
    async (_id, p) => {
      const network = logits(FULL_SIZE.has(p.id) ? p.network : smallInput(p));
      const params = (ls: OkShape) => paramsFor(ls, 1, p.weights?.[ls.id]);
      const { bytes, want, got, err, ms } = await runBoth({ label: p.id, network, params });
      expect(got.dims).toEqual(want.shape);
      const peak = want.data.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      measured.push(
        `${p.id}@${network.input.h}: ${err.toExponential(1)} (max |ref| ${peak.toExponential(1)}, ${(bytes.length / 1e6).toFixed(1)} MB, ${ms.toFixed(0)} ms)`,
      );
      expect(err).toBeLessThanOrEqual(1e-4);
      // Our own files open again, but for arrays past LIMITS.arrayLength (VGG's and AlexNet's
      // dense layers), which the app holds in no network: refused, naming the tensor.
      const back = tryImportOnnx(bytes);
      const big = inferShapes(network).layers.some(
        (ls) => ls.status === 'ok' && (params(ls).weight?.length ?? 0) > LIMITS.arrayLength,
      );
      if (big)
        expect(back.ok ? '' : back.message).toMatch(
          /values; the app holds at most 4,194,304 in one array/,
        );
      else if (!back.ok) throw new Error(back.message);
      else
        expect(back.value.network.layers.map((l) => l.kind)).toEqual(
          network.layers.map((l) => l.kind),
        );
    },
    60_000,
  );

  const extra: Network[] = [
    {
      input: { n: 2, c: 3, h: 7, w: 6 },
      layers: [
        conv2d('c', 4, 3, {
          padding: 'same',
          stride: 2,
          paddingMode: 'reflect',
          trueConvolution: true,
        }),
        simple('sm', 'softmax'),
        activation('id', 'identity'),
        activation('lr', 'leakyRelu', { alpha: -0.3 }),
        { id: 'd', kind: 'dropout', p: 0.3 },
        simple('sum', 'add', ['c', 'lr', 'd']),
      ],
    },
    {
      // Ceil-mode windows hanging off the end (PyTorch's pooling_output_shape), where ONNX's
      // own ceil formula keeps one more window: every pooling kind, each flattened, joined.
      input: { n: 1, c: 2, h: 2, w: 5 },
      layers: [
        ...overhang('p', 'avgPool2d', 2, 0, true),
        ...overhang('q', 'maxPool2d', 3, 1, true),
        ...overhang('r', 'avgPool2d', 2, 1, false),
        ...overhang('t', 'avgPool2d', 3, 1, true),
        ...overhang('u', 'avgPool2d', 3, 1, false),
        simple('all', 'concat', ['pf', 'qf', 'rf', 'tf', 'uf']),
      ],
    },
  ];
  const random = Array.from({ length: 30 }, () => randomNetwork(rng, 3));
  it.each([...extra, ...random].map((n, i) => [`${i}: ${describeNet(n)}`, n] as const))(
    '%s',
    async (_label, network) => {
      const { want, got, err } = await runBoth({ label: '', network, params: randomParams });
      expect(got.dims).toEqual(want.shape);
      expect(err).toBeLessThanOrEqual(1e-4);
    },
  );

  afterAll(() => {
    if (process.env.ONNX_REPORT) console.warn(`ORT vs CPU — ${measured.join('; ')}`);
  });
});
