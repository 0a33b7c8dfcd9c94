// The PyTorch export with its weights file, under real PyTorch: the script (toPyTorch) and its
// safetensors sidecar (pytorchWeightsFile) are written to a folder, the script is run as a user
// runs it — with --weights FILE, or with the file of the same name beside it — and its model on a
// fixed input equals the app's CPU forward with the same parameters within 1e-4·max(1, |ref|).
// The `safetensors` Python package is not needed (and not installed here).

import { afterAll, beforeAll, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { conv2d, simple, type Network } from '../core/layers';
import { getPreset } from '../core/presets';
import { toPyTorch } from '../core/pytorch';
import { pytorchStateDict, pytorchWeightsFile } from '../core/pytorchWeights';
import { createRng } from '../core/rng';
import { describeTorch, f32, f64, runTorch, type CallResult } from '../core/testing/torch';
import { initLayerParams, paramsFor, type LayerParams } from '../core/weights';
import { scaledError } from '../core/onnx/testing/fixtures';
import { forward } from './forward';
import { describeNet, randomNetwork } from './testing/randomTrainNetwork';

const rng = createRng(5);
const normals = (n: number) => Float32Array.from({ length: n }, () => rng.normal());

/**
 * A preset at another input side; `logits` drops a final softmax (seeded logits are large and
 * saturate it to 0s and a 1, where an error would hide).
 */
function presetAt(id: string, side?: number, logits = true): Network {
  const net = getPreset(id)!.network;
  const layers =
    logits && net.layers.at(-1)?.kind === 'softmax' ? net.layers.slice(0, -1) : net.layers;
  return { input: side ? { ...net.input, h: side, w: side } : net.input, layers };
}

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
  readonly params: Record<string, LayerParams>;
  readonly input: Float32Array;
  readonly want: Float32Array;
  readonly beside: boolean;
}

function makeCase(label: string, network: Network, seeded: boolean, beside: boolean): Case {
  const inference = inferShapes(network);
  const layers = inference.layers as OkShape[];
  const params = Object.fromEntries(
    layers.map((ls) => [ls.id, seeded ? paramsFor(ls, 1) : randomParams(ls)]),
  );
  const { n, c, h, w } = network.input;
  const input = normals(n * c * h * w);
  const out = forward(
    inference,
    { shape: [n, c, h, w], data: input },
    { params: (ls) => params[ls.id] },
  );
  return { label, network, params, input, want: out.get(layers.at(-1)!.id)!.data, beside };
}

const cases: Case[] = [
  makeCase('LeNet-5 (nn.Sequential), --weights', presetAt('lenet5', undefined, false), true, false),
  makeCase(
    'ResNet-18 at 32×32 (a class with skips), file beside',
    presetAt('resnet18', 32),
    true,
    true,
  ),
  makeCase(
    'MobileNet v1 at 32×32 (depthwise), --weights',
    presetAt('mobilenet_v1', 32),
    true,
    false,
  ),
  makeCase('Tiny VGG, file beside', presetAt('tinyvgg'), true, true),
  makeCase(
    "'same' stride 2 reflect: a pad module shifts the Sequential indices",
    {
      input: { n: 2, c: 3, h: 8, w: 9 },
      layers: [
        conv2d('a', 4, 3, {
          stride: 2,
          padding: 'same',
          paddingMode: 'reflect',
          trueConvolution: true,
        }),
        conv2d('b', 2, 3, { padding: 'same', paddingMode: 'replicate' }),
        simple('f', 'flatten'),
      ],
    },
    false,
    false,
  ),
  ...Array.from({ length: 4 }, (_, i) => {
    const net = randomNetwork(rng, 3);
    return makeCase(`random ${i}: ${describeNet(net)}`, net, false, i % 2 === 0);
  }),
];

let results: CallResult[] = [];
const measured: string[] = [];

describeTorch('PyTorch script + safetensors weights under real PyTorch', () => {
  beforeAll(() => {
    results = runTorch({
      calls: cases.map((c, i) => ({
        module: 'torch_sidecar',
        fn: 'run',
        args: {
          code: toPyTorch(c.network),
          weights: Buffer.from(pytorchWeightsFile(c.network, c.params)).toString('base64'),
          input: f32(c.input),
          shape: [c.network.input.n, c.network.input.c, c.network.input.h, c.network.input.w],
          beside: c.beside,
          cli: i === 0,
        },
      })),
    }).calls;
  }, 180_000);

  it.each(cases.map((c, i) => [c.label, i] as const))('%s', (_label, i) => {
    const c = cases[i];
    const r = results[i];
    if (!r.ok) throw new Error(r.error);
    const value = r.value as {
      printed: string[];
      output: string;
      cli?: { code: number; stdout: string; stderr: string };
    };
    const tensors = pytorchStateDict(c.network, c.params).length;
    const file = c.beside ? 'model.safetensors' : 'chosen.safetensors';
    expect(value.printed[0]).toBe(`loaded ${tensors} tensors from <dir>/${file}`);
    const err = scaledError(f64(value.output), c.want);
    measured.push(`${c.label.split(' ')[0]} ${err.toExponential(1)}`);
    expect(err).toBeLessThanOrEqual(1e-4);
    if (value.cli) {
      expect([value.cli.code, value.cli.stderr]).toEqual([0, '']);
      expect(value.cli.stdout.split('\n')[0]).toBe(
        `loaded ${tensors} tensors from <dir>/chosen.safetensors`,
      );
    }
  });

  afterAll(() => {
    if (process.env.ONNX_REPORT) console.warn(`PyTorch + weights vs CPU — ${measured.join('; ')}`);
  });

  it('state_dict names: Sequential indices (a pad module takes one), class attributes, batch norm as weight/bias/running_*', () => {
    const names = (c: Case) => pytorchStateDict(c.network, c.params).map((t) => t.name);
    expect(names(cases[0]).slice(0, 3)).toEqual(['0.weight', '0.bias', '3.weight']);
    expect(names(cases[4])).toEqual(['1.weight', '1.bias', '2.weight', '2.bias']);
    expect(names(cases[1]).slice(0, 5)).toEqual([
      'conv1.weight',
      'bn1.weight',
      'bn1.bias',
      'bn1.running_mean',
      'bn1.running_var',
    ]);
  });
});
