import { describe, expect, it } from 'vitest';
import { inferShapes } from '../infer';
import { getPreset } from '../presets';
import { classifierHead, withHead } from './head';

describe('the classifier head', () => {
  it("LeNet-5's is the last linear layer; a 5-class head outputs [N, 5]", () => {
    const lenet = getPreset('lenet5')!.network;
    expect(classifierHead(lenet)?.id).toBe('output');
    const five = withHead(lenet, 5)!;
    const last = inferShapes(five).layers.at(-1)!;
    expect(last.status === 'ok' && last.shape).toEqual([1, 5]);
    // Every other layer is the same object.
    five.layers.forEach((l, i) => l.id !== 'output' && expect(l).toBe(lenet.layers[i]));
  });
  it('Tiny VGG through its flatten; no head after a concat', () => {
    const tiny = getPreset('tinyvgg')!.network;
    expect(classifierHead(tiny)?.kind).toBe('linear');
    const cut = { ...tiny, layers: [...tiny.layers, { id: 'x', kind: 'concat' } as never] };
    expect(classifierHead(cut)).toBeNull();
    expect(withHead(cut, 3)).toBeNull();
  });
});
