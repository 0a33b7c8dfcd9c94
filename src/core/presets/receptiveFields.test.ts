// The classic architectures' receptive fields against the literature (size r and effective
// stride j of the last feature layer, in input pixels). AlexNet and VGG-16: Araujo, Norris & Sim,
// "Computing Receptive Fields of Convolutional Neural Networks", Distill 2019. ResNet-18: the
// widely cited 435 (e.g. the receptive-field calculators of the same recurrences).
import { describe, expect, it } from 'vitest';
import { inferShapes } from '../infer';
import { receptiveFields } from '../receptiveField';
import { getPreset } from './index';

const rfOf = (preset: string, layer: string) => {
  const rf = receptiveFields(inferShapes(getPreset(preset)!.network)).get(layer);
  return rf && { r: rf.h.size, j: rf.h.jump };
};

describe('receptive fields of the classic architectures', () => {
  it('AlexNet, last max pool: r = 195, j = 32', () => {
    expect(rfOf('alexnet', 'pool5')).toEqual({ r: 195, j: 32 });
  });
  it('VGG-16, pool5: r = 212, j = 32', () => {
    expect(rfOf('vgg16', 'pool5')).toEqual({ r: 212, j: 32 });
  });
  it('ResNet-18, last conv: r = 435, j = 32', () => {
    expect(rfOf('resnet18', 'layer4.1.conv2')).toEqual({ r: 435, j: 32 });
  });
});
