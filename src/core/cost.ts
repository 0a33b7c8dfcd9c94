// What each layer costs: learnable parameters, multiply-accumulates, activation memory, and the
// parameters a fully-connected layer would need to map the same input to the same output.

import type { Inference, LayerShape } from './infer';
import type { Shape } from './shape';

export const BYTES_PER_VALUE = 4; // float32

export interface LayerCost {
  readonly id: string;
  /** Learnable weights (kernel or matrix, gamma). */
  readonly weights: number;
  /** Learnable biases (bias vector, beta). */
  readonly biases: number;
  /** weights + biases */
  readonly params: number;
  /** Batch norm's running mean and variance: stored, not learned. */
  readonly buffers: number;
  /** Multiply-accumulates for the whole batch; layers without products count 0. */
  readonly macs: number;
  /** Bytes of this layer's output activations for the whole batch. */
  readonly activationBytes: number;
  /** Parameters of a dense layer from this layer's input to its output (one sample). */
  readonly denseParams: number;
}

export interface NetworkCost {
  readonly layers: ReadonlyMap<string, LayerCost>;
  readonly params: number;
  readonly buffers: number;
  readonly macs: number;
  readonly activationBytes: number;
}

/** Elements per sample (everything after the batch axis). */
export const perSample = (s: Shape): number => s.slice(1).reduce((a, b) => a * b, 1);

/** Parameters of a dense layer mapping `inputs` values to `outputs` values, with biases. */
export const denseParamCount = (inputs: number, outputs: number): number =>
  inputs * outputs + outputs;

export function layerCost(ls: LayerShape): LayerCost | null {
  if (ls.status !== 'ok') return null;
  const { layer, shape, inputShapes } = ls;
  const x = inputShapes[0];
  const n = shape[0];
  const outPer = perSample(shape);
  let weights = 0;
  let biases = 0;
  let buffers = 0;
  let macs = 0;
  switch (layer.kind) {
    case 'conv2d': {
      const perOut = (x[1] / layer.groups) * layer.kernel[0] * layer.kernel[1];
      weights = layer.outChannels * perOut;
      biases = layer.bias ? layer.outChannels : 0;
      macs = n * outPer * perOut;
      break;
    }
    case 'linear':
      weights = x[1] * layer.outFeatures;
      biases = layer.bias ? layer.outFeatures : 0;
      macs = n * x[1] * layer.outFeatures;
      break;
    case 'batchNorm':
      weights = x[1];
      biases = x[1];
      buffers = 2 * x[1];
      break;
    case 'layerNorm':
      if (layer.affine) {
        weights = perSample(x);
        biases = perSample(x);
      }
      break;
    default:
      break;
  }
  const inPer = inputShapes.reduce((sum, s) => sum + perSample(s), 0);
  return {
    id: ls.id,
    weights,
    biases,
    params: weights + biases,
    buffers,
    macs,
    activationBytes: n * outPer * BYTES_PER_VALUE,
    denseParams: denseParamCount(inPer, outPer),
  };
}

export function networkCost(inference: Inference): NetworkCost {
  const layers = new Map<string, LayerCost>();
  let params = 0;
  let buffers = 0;
  let macs = 0;
  let activationBytes = 0;
  for (const ls of inference.layers) {
    const c = layerCost(ls);
    if (!c) continue;
    layers.set(ls.id, c);
    params += c.params;
    buffers += c.buffers;
    macs += c.macs;
    activationBytes += c.activationBytes;
  }
  return { layers, params, buffers, macs, activationBytes };
}
