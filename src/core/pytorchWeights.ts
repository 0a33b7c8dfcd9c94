// The PyTorch export's weights file: the app's parameters under the exported script's own
// state_dict names ('0.weight' in nn.Sequential, 'conv1.weight' in a class), in safetensors,
// which the script reads with json + struct + torch.frombuffer (pytorchLoader.ts). Batch norm's
// gamma / beta are its weight / bias; running statistics keep their names; num_batches_tracked
// is left out (the script loads with strict=False and checks everything else is there).

import { inferShapes, type OkShape } from './infer';
import type { Network } from './layers';
import { modulePaths } from './pytorch';
import type { LayerParams } from './weights';
import { encodeSafetensors, type NamedTensor } from './weightsFile/safetensors';

/** The app's parameter fields → the PyTorch module attribute each loads into. */
const TORCH_NAME: Readonly<Record<keyof LayerParams, string>> = {
  weight: 'weight',
  bias: 'bias',
  gamma: 'weight',
  beta: 'bias',
  runningMean: 'running_mean',
  runningVar: 'running_var',
};

/** The shape PyTorch gives each parameter (the core's layouts are PyTorch's). */
function torchShape(ls: OkShape, field: keyof LayerParams, length: number): number[] {
  const { layer } = ls;
  const x = ls.inputShapes[0];
  if (field === 'weight' && layer.kind === 'conv2d')
    return [layer.outChannels, x[1] / layer.groups, ...layer.kernel];
  if (field === 'weight' && layer.kind === 'linear') return [layer.outFeatures, x[1]];
  if (layer.kind === 'layerNorm') return x.slice(1); // normalized_shape = x.shape[1:]
  return [length];
}

/** The exported model's state_dict (floating-point entries) from the app's parameters by layer id. */
export function pytorchStateDict(
  network: Network,
  params: Readonly<Record<string, LayerParams>>,
): NamedTensor[] {
  const paths = modulePaths(network);
  const out: NamedTensor[] = [];
  for (const ls of inferShapes(network).layers as OkShape[]) {
    const path = paths.get(ls.id);
    const p = params[ls.id];
    if (path === undefined || !p) continue;
    for (const field of Object.keys(TORCH_NAME) as (keyof LayerParams)[]) {
      const data = p[field];
      if (data)
        out.push({
          name: `${path}.${TORCH_NAME[field]}`,
          shape: torchShape(ls, field, data.length),
          data,
        });
    }
  }
  return out;
}

/** The safetensors bytes of the script's weights file. */
export function pytorchWeightsFile(
  network: Network,
  params: Readonly<Record<string, LayerParams>>,
  title = 'A CNN',
): Uint8Array {
  return encodeSafetensors(pytorchStateDict(network, params), {
    format: 'pt',
    source: `${title}, exported from the CNN visualizer`,
  });
}
