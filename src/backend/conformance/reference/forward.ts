// The whole-network float64 reference: the request's layers in topological order through the ops
// of ops.ts, with the weights both backends use (backend/params.ts, from the core's seeded
// initialization or the request's fixed weights). Test support: production never imports it.

import { dependencies, inferShapes } from '../../../core/infer';
import { INPUT_ID } from '../../../core/layers';
import type { ForwardRequest } from '../../backend';
import { layerParams } from '../../params';
import * as op from './ops';
import type { Ref } from './ops';

/** Every computed layer's output (upTo and its ancestors), by layer id. */
export function referenceForward(request: ForwardRequest): Map<string, Ref> {
  const inference = inferShapes(request.network);
  const need = dependencies(inference, request.upTo);
  const params = layerParams(request);
  const out = new Map<string, Ref>();
  const input: Ref = { shape: request.input.shape, data: Float64Array.from(request.input.data) };
  for (const ls of inference.layers) {
    if (!need.has(ls.id)) continue;
    if (ls.status !== 'ok') throw new Error(`reference: layer '${ls.id}' is not computable`);
    const ins = ls.inputs.map((id) => (id === INPUT_ID ? input : out.get(id)!));
    const x = ins[0];
    const p = params(ls);
    const { layer } = ls;
    const y = ((): Ref => {
      switch (layer.kind) {
        case 'conv2d':
          return op.conv2d(x, p.weight!, p.bias ?? null, layer);
        case 'maxPool2d':
        case 'avgPool2d':
          return op.pool2d(x, layer);
        case 'globalAvgPool':
          return op.globalAvgPool(x);
        case 'batchNorm':
          return op.batchNorm(
            x,
            {
              gamma: p.gamma!,
              beta: p.beta!,
              runningMean: p.runningMean!,
              runningVar: p.runningVar!,
            },
            layer.eps,
            request.batchNormMode ?? 'inference',
          );
        case 'layerNorm':
          return op.layerNorm(x, p.gamma ?? null, p.beta ?? null, layer.eps);
        case 'activation':
          return op.activation(x, layer.fn, layer.alpha ?? 0.01);
        case 'flatten':
          return op.flatten(x);
        case 'dropout':
          return x; // identity at inference
        case 'linear':
          return op.linear(x, p.weight!, p.bias ?? null, layer.outFeatures);
        case 'softmax':
          return op.softmax(x);
        case 'add':
          return op.add(ins);
        case 'concat':
          return op.concat(ins);
      }
    })();
    out.set(ls.id, y);
  }
  return out;
}
