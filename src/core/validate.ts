// Checks a layer's own hyperparameters (before any shape is known): every count is a positive
// whole number, every padding a non-negative one. Returns the first problem, in words.

import { ACTIVATIONS, type InputSpec, type Layer, type Pair } from './layers';
import { issue, type LayerIssue } from './shape';

/** Hard ceiling on any one dimension, so a typo cannot ask for a terabyte tensor. */
export const MAX_DIM = 65536;

function positive(what: string, v: number): LayerIssue | null {
  if (!Number.isInteger(v) || v < 1)
    return issue('bad-param', `${what} must be a positive whole number, got ${v}`);
  if (v > MAX_DIM) return issue('too-large', `${what} ${v} is larger than the limit ${MAX_DIM}`);
  return null;
}

function nonNegative(what: string, v: number): LayerIssue | null {
  if (!Number.isInteger(v) || v < 0)
    return issue('bad-param', `${what} must be a whole number ≥ 0, got ${v}`);
  if (v > MAX_DIM) return issue('too-large', `${what} ${v} is larger than the limit ${MAX_DIM}`);
  return null;
}

const pairCheck = (what: string, p: Pair, check: typeof positive): LayerIssue | null =>
  check(`${what} height`, p[0]) ?? check(`${what} width`, p[1]);

export function validateInput(input: InputSpec): LayerIssue | null {
  return (
    positive('batch size', input.n) ??
    positive('input channels', input.c) ??
    positive('input height', input.h) ??
    positive('input width', input.w)
  );
}

export function validateLayer(layer: Layer): LayerIssue | null {
  switch (layer.kind) {
    case 'conv2d':
      return (
        positive('output channels', layer.outChannels) ??
        pairCheck('kernel', layer.kernel, positive) ??
        pairCheck('stride', layer.stride, positive) ??
        pairCheck('dilation', layer.dilation, positive) ??
        positive('groups', layer.groups) ??
        (typeof layer.padding === 'string'
          ? layer.padding === 'same' || layer.padding === 'valid'
            ? null
            : issue(
                'bad-param',
                `padding must be a number, 'same' or 'valid', got '${layer.padding}'`,
              )
          : pairCheck('padding', layer.padding, nonNegative))
      );
    case 'maxPool2d':
    case 'avgPool2d':
      return (
        pairCheck('kernel', layer.kernel, positive) ??
        pairCheck('stride', layer.stride, positive) ??
        pairCheck('padding', layer.padding, nonNegative)
      );
    case 'linear':
      return positive('output features', layer.outFeatures);
    case 'batchNorm':
    case 'layerNorm':
      return layer.eps > 0 && Number.isFinite(layer.eps)
        ? null
        : issue('bad-param', `epsilon must be a small positive number, got ${layer.eps}`);
    case 'activation':
      if (!ACTIVATIONS.includes(layer.fn))
        return issue('bad-param', `unknown activation '${layer.fn}'`);
      if (layer.alpha !== undefined && !Number.isFinite(layer.alpha)) {
        return issue('bad-param', `leaky ReLU slope must be a number, got ${layer.alpha}`);
      }
      return null;
    default:
      return null;
  }
}
