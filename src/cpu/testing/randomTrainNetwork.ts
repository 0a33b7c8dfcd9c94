// Random trainable networks for the whole-network checks against PyTorch
// (src/cpu/train/network.torch.test.ts): sequential, residual and concat blocks of every layer
// kind with random settings, a dense tail, each kept only where shape inference accepts it.

import { inferShapes, type OkShape } from '../../core/infer';
import {
  activation,
  batchNorm,
  conv2d,
  linear,
  pool2d,
  simple,
  type Layer,
  type Network,
} from '../../core/layers';
import type { Rng } from '../../core/rng';

const int = (r: Rng, min: number, max: number) => min + Math.floor(r.next() * (max - min + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
const okLayers = (network: Network) => inferShapes(network).layers as OkShape[];

// ---- the generator -------------------------------------------------------------------------

const MODES = ['zeros', 'reflect', 'replicate'] as const;
const FNS = ['relu', 'leakyRelu', 'tanh', 'gelu', 'silu', 'sigmoid', 'relu6'] as const;

function randomLayer(r: Rng, id: string): Layer {
  switch (int(r, 0, 6)) {
    case 0:
    case 1:
      return conv2d(id, int(r, 2, 5), [int(r, 1, 3), int(r, 1, 3)], {
        stride: [int(r, 1, 2), int(r, 1, 2)],
        dilation: [int(r, 1, 2), 1],
        padding: pick(r, ['same', 'valid', [1, 0], [1, 1]] as const),
        paddingMode: pick(r, MODES),
        groups: pick(r, [1, 1, 2]),
        bias: r.next() < 0.8,
        trueConvolution: r.next() < 0.3,
      });
    case 2: {
      const k = int(r, 2, 3);
      return pool2d(id, pick(r, ['maxPool2d', 'avgPool2d'] as const), k, {
        stride: int(r, 1, 2),
        padding: int(r, 0, k >> 1),
        ceilMode: r.next() < 0.5,
        countIncludePad: r.next() < 0.5,
      });
    }
    case 3:
      return batchNorm(id, pick(r, [1e-5, 1e-3]));
    case 4:
      return { id, kind: 'layerNorm', eps: 1e-5, affine: r.next() < 0.7 };
    case 5:
      return { id, kind: 'dropout', p: 0 };
    default:
      return activation(id, pick(r, FNS), { alpha: 0.1 });
  }
}

/** conv(3, stride s) → BN → act → conv(3) → BN, plus the input or a 1×1 stride-s conv; add; act. */
function residualBlock(r: Rng, id: string, from: string, channels: number): Layer[] {
  const s = int(r, 1, 2);
  const out = r.next() < 0.5 ? channels : int(r, 2, 6);
  const fn = pick(r, FNS);
  const mode = pick(r, MODES);
  const skip = s === 1 && out === channels ? from : `${id}sc`;
  return [
    conv2d(`${id}a`, out, 3, { stride: s, padding: 'same', paddingMode: mode, bias: false }),
    batchNorm(`${id}bna`),
    activation(`${id}ra`, fn, { alpha: 0.1 }),
    conv2d(`${id}b`, out, 3, { padding: 1, paddingMode: mode, bias: false }),
    batchNorm(`${id}bnb`),
    ...(skip === from ? [] : [conv2d(skip, out, 1, { stride: s, inputs: [from] })]),
    simple(`${id}sum`, 'add', [`${id}bnb`, skip]),
    activation(`${id}rs`, fn, { alpha: 0.1 }),
  ];
}

/** Inception-like: a 1×1 conv, a 3×3 conv and a 3×3 max pool of the input, concatenated; act. */
function concatBlock(r: Rng, id: string, from: string): Layer[] {
  const mode = pick(r, MODES);
  return [
    conv2d(`${id}p`, int(r, 1, 3), 1, { inputs: [from] }),
    conv2d(`${id}q`, int(r, 1, 3), 3, { padding: 'same', paddingMode: mode, inputs: [from] }),
    pool2d(`${id}m`, 'maxPool2d', 3, { stride: 1, padding: 1, inputs: [from] }),
    simple(`${id}cat`, 'concat', [`${id}p`, `${id}q`, `${id}m`]),
    activation(`${id}r`, pick(r, FNS), { alpha: 0.1 }),
  ];
}

/** After the flatten: maybe a hidden linear layer (then batch norm, layer norm or neither; act). */
function denseTail(r: Rng): Layer[] {
  const tail: Layer[] = [simple('flat', 'flatten')];
  if (r.next() < 0.5) {
    const norm = pick(r, ['batchNorm', 'layerNorm', 'none'] as const);
    tail.push(linear('hidden', int(r, 4, 8), norm !== 'batchNorm'));
    if (norm === 'batchNorm') tail.push(batchNorm('hbn'));
    if (norm === 'layerNorm') tail.push({ id: 'hln', kind: 'layerNorm', eps: 1e-5, affine: true });
    tail.push(activation('hact', pick(r, FNS), { alpha: 0.1 }));
  }
  return [...tail, linear('fc', int(r, 3, 6))];
}

/**
 * Whether a layer's per-channel shift reaches a batch norm through pooling / dropout only (the
 * batch norm removes it: a gradient of 0 up to rounding).
 */
function shiftRemoved(layers: readonly Layer[], i: number): boolean {
  for (let j = i + 1; j < layers.length; j++) {
    const l = layers[j];
    if (l.inputs && l.inputs[0] !== layers[j - 1].id) return false;
    if (l.kind === 'batchNorm') return true;
    if (!['maxPool2d', 'avgPool2d', 'dropout'].includes(l.kind)) return false;
  }
  return false;
}

/** A random trainable network of at most `batch` samples (three or more). */
export function randomNetwork(r: Rng, batch: number): Network {
  // Three or more samples: batch norm over [2, F] normalizes each pair to ±1 (x̂ degenerate, its
  // gradient all cancellation).
  const input = { n: int(r, 3, batch), c: int(r, 1, 3), h: int(r, 7, 11), w: int(r, 7, 11) };
  const layers: Layer[] = [];
  const valid = (ls: Layer[]) => inferShapes({ input, layers: ls }).valid;
  for (let b = 0; b < 6; b++) {
    const last = layers.length ? okLayers({ input, layers }).at(-1)! : null;
    const from = last?.id ?? 'input';
    const shape = last?.shape ?? [input.n, input.c, input.h, input.w];
    const u = r.next();
    const block =
      u < 0.25
        ? residualBlock(r, `b${b}`, from, shape[1])
        : u < 0.35
          ? concatBlock(r, `b${b}`, from)
          : [randomLayer(r, `l${b}`)];
    const candidate = [...layers, ...block];
    // Batch norm after batch norm (through pooling) would make the first one's β inert.
    const inert = candidate.some((l, i) => l.kind === 'batchNorm' && shiftRemoved(candidate, i));
    if (!inert && valid(candidate)) layers.push(...block);
  }
  const fixed = layers.map((l, i) =>
    l.kind === 'conv2d' && l.bias && shiftRemoved(layers, i) ? { ...l, bias: false } : l,
  );
  fixed.push(...denseTail(r));
  if (r.next() < 0.5) fixed.push(simple('sm', 'softmax'));
  return { input, layers: fixed };
}

export const describeNet = (net: Network) => net.layers.map((l) => l.kind).join(' → ');
