// The preset catalogue: classic networks first (in order of publication), then the teaching
// examples. Each preset lives in its own file with the reference it was checked against.

import { alexnet } from './alexnet';
import { googlenet } from './googlenet';
import { lenet5 } from './lenet5';
import { mobilenetV1 } from './mobilenet';
import type { Preset } from './preset';
import { resnet18, resnet50 } from './resnet';
import { TEACHING } from './teaching';
import { tinyvgg } from './tinyvgg';
import { vgg16 } from './vgg16';

export type { FixedWeights, Preset } from './preset';

export const PRESETS: readonly Preset[] = [
  lenet5,
  alexnet,
  vgg16,
  googlenet,
  resnet18,
  resnet50,
  mobilenetV1,
  tinyvgg,
  ...TEACHING,
];

const BY_ID: ReadonlyMap<string, Preset> = new Map(PRESETS.map((p) => [p.id, p]));

export function getPreset(id: string): Preset | undefined {
  return BY_ID.get(id);
}
