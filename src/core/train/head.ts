// The classifier's head: the layer that decides how many classes a network outputs — the last
// linear layer (or convolution) before nothing but softmax, activations, dropout, flattening,
// pooling or normalization. Transfer learning replaces it with one for the new classes.

import type { Layer, Network } from '../layers';

const PASS_THROUGH = new Set([
  'softmax',
  'activation',
  'dropout',
  'flatten',
  'globalAvgPool',
  'pool2d',
  'batchNorm',
  'layerNorm',
]);

export function classifierHead(network: Network): Layer | null {
  for (let i = network.layers.length - 1; i >= 0; i--) {
    const layer = network.layers[i];
    if (layer.kind === 'linear' || layer.kind === 'conv2d') return layer;
    if (!PASS_THROUGH.has(layer.kind)) return null;
  }
  return null;
}

/** The network with its head giving `classes` outputs (null: it has no head to replace). */
export function withHead(network: Network, classes: number): Network | null {
  const head = classifierHead(network);
  if (!head) return null;
  const layers = network.layers.map((l) => {
    if (l !== head) return l;
    if (l.kind === 'linear') return { ...l, outFeatures: classes };
    if (l.kind === 'conv2d') return { ...l, outChannels: classes };
    return l;
  });
  return { ...network, layers };
}

/**
 * The layers transfer learning locks: every convolution before the last one (LeNet-5: c1, c3) —
 * the early, general features (edges, strokes) — while the last convolution, the dense layers and
 * the new head learn the new classes.
 */
export function earlyConvolutions(network: Network): string[] {
  const convs = network.layers.filter((l) => l.kind === 'conv2d' && l !== classifierHead(network));
  return convs.slice(0, -1).map((l) => l.id);
}
