// Checks a layer's own hyperparameters (before any shape is known): every count is a positive
// whole number, every padding a non-negative one, none past the app's limits (limits.ts).
// Returns every problem, in words, so one mistake never hides another (stride 0 and padding −1
// are both named).

import { LIMITS } from './limits';
import { ACTIVATIONS, type InputSpec, type Layer, type Pair } from './layers';
import { issue, type LayerIssue } from './shape';

type Check = (what: string, v: number, max: number) => LayerIssue | null;

const positive: Check = (what, v, max) => {
  if (!Number.isInteger(v) || v < 1)
    return issue('bad-param', `${what} must be a positive whole number, got ${v}`);
  if (v > max) return issue('too-large', `${what} ${v} is larger than the limit ${max}`);
  return null;
};

const nonNegative: Check = (what, v, max) => {
  if (!Number.isInteger(v) || v < 0)
    return issue('bad-param', `${what} must be a whole number ≥ 0, got ${v}`);
  if (v > max) return issue('too-large', `${what} ${v} is larger than the limit ${max}`);
  return null;
};

const pairChecks = (what: string, p: Pair, check: Check, max = LIMITS.window) => [
  check(`${what} height`, p[0], max),
  check(`${what} width`, p[1], max),
];

const present = (list: readonly (LayerIssue | null)[]): LayerIssue[] =>
  list.filter((x): x is LayerIssue => x !== null);

export function validateInput(input: InputSpec): LayerIssue[] {
  return present([
    positive('batch size', input.n, LIMITS.engineBatch),
    positive('input channels', input.c, LIMITS.inputChannels),
    positive('input height', input.h, LIMITS.inputSide),
    positive('input width', input.w, LIMITS.inputSide),
  ]);
}

const epsCheck = (eps: number) =>
  eps > 0 && eps <= LIMITS.eps && Number.isFinite(eps)
    ? null
    : issue(
        'bad-param',
        `epsilon must be a small positive number (at most ${LIMITS.eps}), got ${eps}`,
      );

export function validateLayer(layer: Layer): LayerIssue[] {
  switch (layer.kind) {
    case 'conv2d':
      return present([
        positive('output channels', layer.outChannels, LIMITS.channels),
        ...pairChecks('kernel', layer.kernel, positive),
        ...pairChecks('stride', layer.stride, positive),
        ...pairChecks('dilation', layer.dilation, positive),
        positive('groups', layer.groups, LIMITS.channels),
        ...(typeof layer.padding === 'string'
          ? [
              layer.padding === 'same' || layer.padding === 'valid'
                ? null
                : issue(
                    'bad-param',
                    `padding must be a number, 'same' or 'valid', got '${layer.padding}'`,
                  ),
            ]
          : pairChecks('padding', layer.padding, nonNegative)),
      ]);
    case 'maxPool2d':
    case 'avgPool2d':
      return present([
        ...pairChecks('kernel', layer.kernel, positive),
        ...pairChecks('stride', layer.stride, positive),
        ...pairChecks('padding', layer.padding, nonNegative),
      ]);
    case 'linear':
      return present([positive('output features', layer.outFeatures, LIMITS.features)]);
    case 'batchNorm':
    case 'layerNorm':
      return present([epsCheck(layer.eps)]);
    case 'dropout':
      return present([
        layer.p >= 0 && layer.p <= LIMITS.dropout
          ? null
          : issue(
              'bad-param',
              `dropout probability must be between 0 and ${LIMITS.dropout}, got ${layer.p}`,
            ),
      ]);
    case 'activation':
      return present([
        ACTIVATIONS.includes(layer.fn)
          ? null
          : issue('bad-param', `unknown activation '${layer.fn}'`),
        layer.alpha !== undefined && !(Math.abs(layer.alpha) <= LIMITS.alpha)
          ? issue(
              'bad-param',
              `leaky ReLU slope must be a number between −${LIMITS.alpha} and ${LIMITS.alpha}, got ${layer.alpha}`,
            )
          : null,
      ]);
    default:
      return [];
  }
}
