// ResNet-18 and ResNet-50 — reference: torchvision.models.resnet18 / resnet50 (torchvision 0.20),
// He et al., "Deep Residual Learning for Image Recognition" (CVPR 2016).
//
// - Every conv has bias=False and is followed by BatchNorm2d(eps=1e-5).
// - The shortcut is the identity, except in the first block of a stage whose stride or channel
//   count changes: there torchvision's `downsample` is a 1×1 conv with that stride + batch norm.
//   A 1×1 conv with stride 2 reads only the even rows and columns, so shape inference rightly
//   flags it with a doesn't-fit warning (ResNet-D later replaced it with avg pool + 1×1 conv).
// - ResNet-50 is torchvision's "v1.5": the bottleneck's stride sits on its 3×3 conv (conv2),
//   not on the first 1×1 conv as in the paper (v1); the parameter count is the same.
// - Ids follow torchvision's module names (layer2.0.conv1, layer2.0.downsample.0, …); torchvision
//   reuses one `relu` module, so here reluK follows bnK and the last one follows the add.
// - AdaptiveAvgPool2d((1, 1)) = globalAvgPool followed by flatten.
// - torchvision returns logits; the final softmax turns them into class probabilities.

import type { Layer } from '../layers';
import {
  act,
  add,
  bn,
  conv,
  convBnAct,
  fc,
  flatten,
  globalAvgPool,
  lastId,
  maxPool,
  softmax,
} from './blocks';
import type { Preset } from './preset';

/** conv (bias=False) → bn with torchvision's ids `${p}.convK` / `${p}.bnK`. */
const convBn = (
  p: string,
  k: number,
  out: number,
  kernel: number,
  stride: number,
  inputs?: string[],
) =>
  convBnAct({ conv: `${p}.conv${k}`, bn: `${p}.bn${k}` }, out, kernel, {
    stride,
    padding: kernel === 3 ? 1 : 0,
    act: null,
    ...(inputs ? { inputs } : {}),
  });

/** The shortcut: identity, or torchvision's downsample (1×1 conv with the stride → bn). */
function shortcut(p: string, from: string, out: number, stride: number, project: boolean) {
  if (!project) return { layers: [] as Layer[], id: from };
  const layers: Layer[] = [
    conv(`${p}.downsample.0`, out, 1, { stride, bias: false, inputs: [from] }),
    bn(`${p}.downsample.1`),
  ];
  return { layers, id: lastId(layers) };
}

/** BasicBlock: 3×3 (stride) → bn → relu → 3×3 → bn, + shortcut, → relu. */
function basicBlock(
  p: string,
  from: string,
  planes: number,
  stride: number,
  project: boolean,
): Layer[] {
  const main = [
    ...convBn(p, 1, planes, 3, stride, [from]),
    act(`${p}.relu1`, 'relu'),
    ...convBn(p, 2, planes, 3, 1),
  ];
  const sc = shortcut(p, from, planes, stride, project);
  return [...main, ...sc.layers, add(`${p}.add`, [lastId(main), sc.id]), act(`${p}.relu2`, 'relu')];
}

/** Bottleneck (v1.5): 1×1 → bn → relu → 3×3 (stride) → bn → relu → 1×1 (×4) → bn, + shortcut, → relu. */
function bottleneck(
  p: string,
  from: string,
  planes: number,
  stride: number,
  project: boolean,
): Layer[] {
  const main = [
    ...convBn(p, 1, planes, 1, 1, [from]),
    act(`${p}.relu1`, 'relu'),
    ...convBn(p, 2, planes, 3, stride),
    act(`${p}.relu2`, 'relu'),
    ...convBn(p, 3, planes * 4, 1, 1),
  ];
  const sc = shortcut(p, from, planes * 4, stride, project);
  return [...main, ...sc.layers, add(`${p}.add`, [lastId(main), sc.id]), act(`${p}.relu3`, 'relu')];
}

/** The whole network for blocks per stage, e.g. [2, 2, 2, 2] (ResNet-18) or [3, 4, 6, 3]. */
function resnet(kind: 'basic' | 'bottleneck', blocks: readonly number[]): Layer[] {
  const expansion = kind === 'basic' ? 1 : 4;
  const block = kind === 'basic' ? basicBlock : bottleneck;
  const layers: Layer[] = [
    ...convBnAct({ conv: 'conv1', bn: 'bn1', act: 'relu' }, 64, 7, { stride: 2, padding: 3 }),
    maxPool('maxpool', 3, { stride: 2, padding: 1 }),
  ];
  let inChannels = 64;
  blocks.forEach((count, s) => {
    const planes = 64 * 2 ** s;
    for (let b = 0; b < count; b++) {
      const stride = b === 0 && s > 0 ? 2 : 1;
      const project = stride !== 1 || inChannels !== planes * expansion;
      layers.push(...block(`layer${s + 1}.${b}`, lastId(layers), planes, stride, project));
      inChannels = planes * expansion;
    }
  });
  return [...layers, globalAvgPool('avgpool'), flatten(), fc('fc', 1000), softmax()];
}

export const resnet18: Preset = {
  id: 'resnet18',
  title: 'ResNet-18',
  description:
    'Eight residual blocks of two 3×3 convolutions, each adding its input back to its output, so ' +
    'that the signal (and the gradient) can skip layers; the 2015 idea that made very deep networks trainable.',
  reference: 'torchvision.models.resnet18 (torchvision 0.20)',
  referenceParams: 11_689_512,
  group: 'classic',
  network: { input: { n: 1, c: 3, h: 224, w: 224 }, layers: resnet('basic', [2, 2, 2, 2]) },
};

export const resnet50: Preset = {
  id: 'resnet50',
  title: 'ResNet-50',
  description:
    'Sixteen bottleneck blocks: a 1×1 conv narrows the channels, a 3×3 conv works on the narrow ' +
    'tensor and a 1×1 conv widens it four times again before the residual add.',
  reference: 'torchvision.models.resnet50 (torchvision 0.20, ResNet v1.5)',
  referenceParams: 25_557_032,
  group: 'classic',
  network: { input: { n: 1, c: 3, h: 224, w: 224 }, layers: resnet('bottleneck', [3, 4, 6, 3]) },
};
