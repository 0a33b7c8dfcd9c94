// Network edits as pure functions: each takes a network and returns a new one, never mutating.
// They keep the wiring sensible: a removed layer's consumers are re-pointed at its inputs, a new
// layer reads the one it is inserted after, a skip connection joins two tensors of equal shape.

import { resolvedInputs } from './graph';
import type { Inference } from './infer';
import {
  INPUT_ID,
  activation,
  batchNorm,
  conv2d,
  linear,
  pool2d,
  simple,
  type InputSpec,
  type Layer,
  type LayerKind,
  type Network,
} from './layers';

/** What the palette offers, in the order a network is usually built. */
export const PALETTE: readonly { kind: LayerKind; title: string; what: string }[] = [
  { kind: 'conv2d', title: 'Conv', what: 'slides learned filters over the input' },
  { kind: 'maxPool2d', title: 'Max pool', what: 'keeps the largest value of each window' },
  { kind: 'avgPool2d', title: 'Avg pool', what: 'averages each window' },
  { kind: 'globalAvgPool', title: 'Global pool', what: 'one average per channel' },
  { kind: 'batchNorm', title: 'Batch norm', what: 'normalizes each channel' },
  { kind: 'layerNorm', title: 'Layer norm', what: 'normalizes each sample' },
  { kind: 'activation', title: 'ReLU', what: 'a nonlinearity, applied to every value' },
  { kind: 'flatten', title: 'Flatten', what: 'C×H×W values in one row' },
  { kind: 'dropout', title: 'Dropout', what: 'zeroes random values while training' },
  { kind: 'linear', title: 'Linear', what: 'a fully connected layer' },
  { kind: 'softmax', title: 'Softmax', what: 'scores to probabilities' },
  { kind: 'add', title: 'Add (skip)', what: 'adds two tensors of the same shape' },
  { kind: 'concat', title: 'Concat', what: 'stacks channels of two tensors' },
];

const PREFIX: Record<LayerKind, string> = {
  conv2d: 'conv',
  maxPool2d: 'pool',
  avgPool2d: 'avgpool',
  globalAvgPool: 'gap',
  batchNorm: 'bn',
  layerNorm: 'ln',
  activation: 'relu',
  flatten: 'flatten',
  dropout: 'dropout',
  linear: 'fc',
  softmax: 'softmax',
  add: 'add',
  concat: 'concat',
};

/** The first free id of the form conv1, conv2, ... */
export function uniqueId(network: Network, prefix: string): string {
  const taken = new Set([INPUT_ID, ...network.layers.map((l) => l.id)]);
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** A fresh layer of a kind with the defaults a student expects (PyTorch's where it has them). */
export function newLayer(kind: LayerKind, id: string): Layer {
  switch (kind) {
    case 'conv2d':
      return conv2d(id, 8, 3);
    case 'maxPool2d':
    case 'avgPool2d':
      return pool2d(id, kind, 2);
    case 'batchNorm':
      return batchNorm(id);
    case 'layerNorm':
      return { id, kind: 'layerNorm', eps: 1e-5, affine: true };
    case 'activation':
      return activation(id, 'relu');
    case 'linear':
      return linear(id, 10);
    case 'dropout':
      return { id, kind: 'dropout', p: 0.5 };
    default:
      return simple(id, kind);
  }
}

const indexOf = (network: Network, id: string) => network.layers.findIndex((l) => l.id === id);

/** Index after which to insert for a selected id (the input, a layer, or nothing = the end). */
function insertionIndex(network: Network, afterId: string | null): number {
  if (afterId === INPUT_ID) return 0;
  const i = afterId === null ? -1 : indexOf(network, afterId);
  return i < 0 ? network.layers.length : i + 1;
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * The partner of a new add/concat reading `from`: the nearest earlier tensor an add can join
 * (same shape) or a concat can stack (same batch, height and width). Falls back to `from`'s own
 * input, which the inspector then explains if it does not fit.
 */
function partnerFor(
  kind: 'add' | 'concat',
  network: Network,
  inference: Inference | undefined,
  from: string,
): string {
  const idx = indexOf(network, from);
  const shapeOf = (id: string) => {
    if (id === INPUT_ID) return inference?.inputShape;
    const ls = inference?.byId.get(id);
    return ls?.status === 'ok' ? ls.shape : undefined;
  };
  const target = shapeOf(from);
  const candidates = [...network.layers.slice(0, Math.max(idx, 0)).map((l) => l.id)].reverse();
  candidates.push(INPUT_ID);
  if (target) {
    for (const id of candidates) {
      const s = shapeOf(id);
      if (!s) continue;
      if (
        kind === 'add'
          ? sameShape(s, target)
          : s.length === 4 &&
            target.length === 4 &&
            s[0] === target[0] &&
            s[2] === target[2] &&
            s[3] === target[3]
      )
        return id;
    }
  }
  return idx >= 0 ? resolvedInputs(network, idx)[0] : INPUT_ID;
}

/** Inserts a new layer of `kind` after `afterId` (null: at the end); returns it with its id. */
export function insertLayer(
  network: Network,
  kind: LayerKind,
  afterId: string | null,
  inference?: Inference,
): { network: Network; id: string } {
  const at = insertionIndex(network, afterId);
  const id = uniqueId(network, PREFIX[kind]);
  let layer = newLayer(kind, id);
  if (kind === 'add' || kind === 'concat') {
    const from = at === 0 ? INPUT_ID : network.layers[at - 1].id;
    layer = { ...layer, inputs: [from, partnerFor(kind, network, inference, from)] };
  }
  const layers = [...network.layers];
  layers.splice(at, 0, layer);
  return { network: { ...network, layers }, id };
}

/** Removes a layer; whatever read it now reads what it read, so the rest stays wired. */
export function removeLayer(network: Network, id: string): Network {
  const idx = indexOf(network, id);
  if (idx < 0) return network;
  const replacement = resolvedInputs(network, idx);
  const next = network.layers[idx + 1];
  const layers = network.layers.flatMap((l, i): Layer[] => {
    if (i === idx) return [];
    if (l.inputs?.includes(id)) {
      return [{ ...l, inputs: l.inputs.flatMap((s) => (s === id ? replacement : [s])) }];
    }
    // The next layer read the removed one implicitly; keep it reading the same tensor.
    if (l === next && !l.inputs?.length) {
      const previous = idx === 0 ? INPUT_ID : network.layers[idx - 1].id;
      if (replacement.length !== 1 || replacement[0] !== previous)
        return [{ ...l, inputs: replacement }];
    }
    return [l];
  });
  return { ...network, layers };
}

/** A copy of a layer right after it (reading it, when the original read its predecessor). */
export function duplicateLayer(network: Network, id: string): { network: Network; id: string } {
  const idx = indexOf(network, id);
  if (idx < 0) return { network, id };
  const original = network.layers[idx];
  const copyId = uniqueId(network, PREFIX[original.kind]);
  const copy: Layer = { ...original, id: copyId };
  delete (copy as { name?: string }).name;
  const layers = [...network.layers];
  layers.splice(idx + 1, 0, copy);
  return { network: { ...network, layers }, id: copyId };
}

/** Moves a layer to position `to` in the list (clamped); implicit inputs follow the new order. */
export function moveLayer(network: Network, id: string, to: number): Network {
  const from = indexOf(network, id);
  if (from < 0) return network;
  const target = Math.max(0, Math.min(network.layers.length - 1, to));
  if (target === from) return network;
  const layers = [...network.layers];
  const [layer] = layers.splice(from, 1);
  layers.splice(target, 0, layer);
  return { ...network, layers };
}

/** Replaces some fields of one layer (the kind and id stay). */
export function updateLayer(network: Network, id: string, patch: Partial<Layer>): Network {
  const idx = indexOf(network, id);
  if (idx < 0) return network;
  const layers = [...network.layers];
  layers[idx] = { ...layers[idx], ...patch, id, kind: layers[idx].kind } as Layer;
  return { ...network, layers };
}

export function setInputSpec(network: Network, patch: Partial<InputSpec>): Network {
  return { ...network, input: { ...network.input, ...patch } };
}
