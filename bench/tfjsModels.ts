// The TensorFlow.js peer: the same computation as one of our networks, built from its layer list
// with tfjs-core ops on the WebGPU backend. Weights are random tf tensors made once (resident on
// the GPU after the first run); every run uploads the input and reads the target back.
//
// Layout: TensorFlow.js is NHWC, we are NCHW. The input is uploaded as the same Float32Array
// (same bytes, interpreted as [N,H,W,C]), and flatten is a reshape of the NHWC tensor, so the
// values differ from ours, the amount of work does not: this is a timing peer, not a reference.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
import { dependencies, inferShapes, type OkShape } from '../src/core/infer';
import type { Layer, Network } from '../src/core/layers';

export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

export interface TfjsInfo {
  readonly adapter: string;
  readonly maxBinding: number;
}

let device: GPUDevice | null = null;
let lastError: string | null = null;

/** Selects the WebGPU backend; throws when TensorFlow.js cannot use it. */
export async function initTfjs(): Promise<TfjsInfo> {
  if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
  await tf.ready();
  const backend = tf.backend() as unknown as { device: GPUDevice };
  device = backend.device;
  device.addEventListener('uncapturederror', (event) => {
    lastError ??= (event as GPUUncapturedErrorEvent).error.message;
  });
  const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  return {
    adapter: [info?.vendor, info?.architecture].filter(Boolean).join(' ') || 'unknown adapter',
    maxBinding: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
  };
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** Deterministic values in [-scale, scale): cheap, and never denormal, NaN or infinite. */
function randomValues(n: number, scale: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = ((s >>> 0) / 2 ** 32 - 0.5) * 2 * scale;
  }
  return out;
}

export type Op = (x: tf.Tensor) => tf.Tensor;

export interface TfjsModel {
  /** Uploads the input, runs every op, reads the output back. */
  run(input: Float32Array): Promise<Float32Array>;
  dispose(): void;
}

/**
 * Builds the ops of `network` up to `upTo` (sequential networks only). Throws RefusedError when a
 * weight or activation tensor would not fit one WebGPU buffer binding of TensorFlow.js's device.
 */
export function buildTfjsModel(network: Network, upTo?: string): TfjsModel {
  if (!device) throw new Error('initTfjs() first');
  const maxBinding = Math.min(
    device.limits.maxStorageBufferBindingSize,
    device.limits.maxBufferSize,
  );
  const inference = inferShapes(network);
  const need = dependencies(inference, upTo);
  const layers = inference.layers.filter((l) => need.has(l.id));
  const weights: tf.Tensor[] = [];
  const param: Param = (shape, scale, what, id, positive = false) => {
    const bytes = 4 * shape.reduce((a, b) => a * b, 1);
    if (bytes > maxBinding) {
      throw new RefusedError(
        `TensorFlow.js: layer '${id}' needs ${mib(bytes)} for its ${what}, more than this device's maxStorageBufferBindingSize (${mib(maxBinding)})`,
      );
    }
    const values = randomValues(bytes / 4, scale, weights.length + 1);
    const t = tf.tensor(positive ? values.map(Math.abs) : values, shape);
    weights.push(t);
    return t;
  };
  const ops: Op[] = [];
  let prev = 'input';
  try {
    for (const ls of layers) {
      if (ls.status !== 'ok') throw new Error(`layer '${ls.id}' is not valid`);
      if (ls.inputs.length !== 1 || ls.inputs[0] !== prev) {
        throw new Error(`layer '${ls.id}': only sequential networks are supported`);
      }
      const outBytes = 4 * ls.shape.reduce((a, b) => a * b, 1);
      if (outBytes > maxBinding) {
        throw new RefusedError(
          `TensorFlow.js: layer '${ls.id}' needs ${mib(outBytes)} for its output, more than this device's maxStorageBufferBindingSize (${mib(maxBinding)})`,
        );
      }
      ops.push(opFor(ls, param));
      prev = ls.id;
    }
  } catch (e) {
    for (const w of weights) w.dispose();
    throw e;
  }
  const [n, c, h, w] = inference.inputShape;
  return {
    async run(input) {
      lastError = null;
      const out = tf.tidy(() =>
        ops.reduce<tf.Tensor>((x, op) => op(x), tf.tensor4d(input, [n, h, w, c])),
      );
      try {
        const data = (await out.data()) as Float32Array;
        if (lastError) throw new Error(`TensorFlow.js: the GPU reported: ${lastError}`);
        return data;
      } finally {
        out.dispose();
      }
    },
    dispose() {
      for (const t of weights) t.dispose();
    },
  };
}

export type Param = (
  shape: number[],
  scale: number,
  what: string,
  id: string,
  positive?: boolean,
) => tf.Tensor;

export function opFor(ls: OkShape, param: Param): Op {
  const layer: Layer = ls.layer;
  const x = ls.inputShapes[0];
  const id = ls.id;
  switch (layer.kind) {
    case 'conv2d': {
      if (layer.paddingMode !== 'zeros') throw new Error(`'${id}': padding mode not supported`);
      const cin = x[1];
      const [kh, kw] = layer.kernel;
      const depthwise = layer.groups > 1;
      if (depthwise && (layer.groups !== cin || layer.outChannels !== cin)) {
        throw new Error(`'${id}': grouped convolution (other than depthwise) not supported`);
      }
      const fanIn = (cin / layer.groups) * kh * kw;
      const filter = param(
        depthwise ? [kh, kw, cin, 1] : [kh, kw, cin, layer.outChannels],
        Math.sqrt(6 / fanIn),
        'weights',
        id,
      ) as tf.Tensor4D;
      const bias = layer.bias ? param([layer.outChannels], 0.1, 'bias', id) : undefined;
      const p = layer.padding;
      if (typeof p !== 'string' && p[0] !== p[1]) {
        throw new Error(`'${id}': unequal padding per axis not supported`);
      }
      const pad = typeof p === 'string' ? p : p[0];
      const args = {
        filter,
        strides: layer.stride as [number, number],
        pad,
        dilations: layer.dilation as [number, number],
        ...(bias ? { bias } : {}),
      };
      return depthwise
        ? (t) => tf.fused.depthwiseConv2d({ x: t as tf.Tensor4D, ...args })
        : (t) => tf.fused.conv2d({ x: t as tf.Tensor4D, ...args });
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const [ph, pw] = layer.padding;
      if (ph !== pw) throw new Error(`'${id}': unequal pooling padding not supported`);
      const pool = layer.kind === 'maxPool2d' ? tf.maxPool : tf.avgPool;
      const k = layer.kernel as [number, number];
      const s = layer.stride as [number, number];
      const pad = ph === 0 ? 'valid' : ph;
      const rounding = layer.ceilMode ? 'ceil' : undefined;
      return (t) => pool(t as tf.Tensor4D, k, s, pad, rounding);
    }
    case 'activation':
      switch (layer.fn) {
        case 'relu':
          return (t) => tf.relu(t);
        case 'relu6':
          return (t) => tf.relu6(t);
        case 'leakyRelu':
          return (t) => tf.leakyRelu(t, layer.alpha ?? 0.01);
        case 'sigmoid':
          return (t) => tf.sigmoid(t);
        case 'tanh':
          return (t) => tf.tanh(t);
        case 'silu':
          return (t) => tf.mul(t, tf.sigmoid(t));
        case 'identity':
          return (t) => t;
        default:
          throw new Error(`'${id}': activation ${layer.fn} not supported`);
      }
    case 'flatten':
      return (t) => tf.reshape(t, [t.shape[0], -1]);
    case 'linear': {
      const b = param([x[1], layer.outFeatures], Math.sqrt(6 / x[1]), 'weights', id) as tf.Tensor2D;
      const bias = layer.bias ? param([layer.outFeatures], 0.1, 'bias', id) : undefined;
      return (t) => tf.fused.matMul({ a: t as tf.Tensor2D, b, ...(bias ? { bias } : {}) });
    }
    case 'softmax':
      return (t) => tf.softmax(t);
    case 'globalAvgPool':
      return (t) => tf.mean(t, [1, 2], true);
    case 'batchNorm': {
      const ch = x[1];
      const [mean, variance] = [param([ch], 0.1, 'mean', id), param([ch], 1, 'var', id, true)];
      const [offset, scale] = [param([ch], 0.1, 'beta', id), param([ch], 0.1, 'gamma', id)];
      return (t) => tf.batchNorm(t, mean, variance, offset, scale, layer.eps);
    }
    default:
      throw new Error(`'${id}': ${layer.kind} layers are not supported by the TensorFlow.js peer`);
  }
}
