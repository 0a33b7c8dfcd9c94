// What the trainer's health check looks at in a network: the layers with parameters (in order,
// by the name the studio shows) and the ReLU layers whose outputs tell dead units, each with the
// name of the layer feeding it ("the units after C1").

import type { Network } from '../core/layers';

export interface HealthLayers {
  readonly layers: readonly { readonly id: string; readonly name: string }[];
  readonly relus: readonly { readonly id: string; readonly after: string }[];
}

const LEARNS = new Set(['conv2d', 'linear', 'batchNorm', 'layerNorm']);

export function healthLayers(network: Network): HealthLayers {
  const name = new Map(network.layers.map((l) => [l.id, l.name ?? l.id]));
  const layers = network.layers
    .filter((l) => LEARNS.has(l.kind))
    .map((l) => ({ id: l.id, name: name.get(l.id)! }));
  const relus = network.layers.flatMap((l, i) => {
    if (l.kind !== 'activation' || l.fn !== 'relu') return [];
    const from = l.inputs?.[0] ?? (i > 0 ? network.layers[i - 1].id : 'input');
    return [{ id: l.id, after: name.get(from) ?? from }];
  });
  return { layers, relus };
}
