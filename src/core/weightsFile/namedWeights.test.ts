import { describe, expect, it } from 'vitest';
import { inferShapes } from '../infer';
import { lenet5 } from '../presets/lenet5';
import { paramsFor } from '../weights';
import type { OkShape } from '../infer';
import { paramsToTensors, tensorsToFixed, WeightsMismatchError } from './namedWeights';
import { decodeSafetensors, encodeSafetensors, SafetensorsError } from './safetensors';

const inference = inferShapes(lenet5.network);
const ok = inference.layers.filter((l) => l.status === 'ok') as OkShape[];
const params = Object.fromEntries(ok.map((ls) => [ls.id, paramsFor(ls, 7)]));

describe('named weights in a safetensors file', () => {
  it('LeNet-5: names, shapes and values survive a round trip', () => {
    const tensors = paramsToTensors(inference, params);
    expect(tensors.map((t) => `${t.name}:${t.shape.join('x')}`).slice(0, 4)).toEqual([
      'c1.weight:6x1x5x5',
      'c1.bias:6',
      'c3.weight:16x6x5x5',
      'c3.bias:16',
    ]);
    expect(tensors.reduce((a, t) => a + t.data.length, 0)).toBe(61_706);
    const bytes = encodeSafetensors(tensors, { accuracy: '0.98' });
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ accuracy: '0.98' });
    const fixed = tensorsToFixed(inference, back.tensors);
    for (const ls of ok) {
      const p = params[ls.id];
      if (p.weight) expect(fixed[ls.id].weight).toEqual(Array.from(p.weight));
      if (p.bias) expect(fixed[ls.id].bias).toEqual(Array.from(p.bias));
    }
  });

  it('the layout is the published one: header length, JSON, then little-endian float32', () => {
    const bytes = encodeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1, -2]) }]);
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } });
    expect(Array.from(new Float32Array(bytes.slice(8 + n).buffer))).toEqual([1, -2]);
  });

  it('refuses what does not fit the network, naming the layer', () => {
    const tensors = paramsToTensors(inference, params);
    const short = tensors.map((t) =>
      t.name === 'c3.bias' ? { ...t, data: t.data.subarray(1), shape: [15] } : t,
    );
    expect(() => tensorsToFixed(inference, short)).toThrow(/c3.*16 bias values.*15/);
    expect(() =>
      tensorsToFixed(
        inference,
        tensors.filter((t) => t.name !== 'f6.weight'),
      ),
    ).toThrow(WeightsMismatchError);
    expect(() =>
      tensorsToFixed(inference, [
        ...tensors,
        { name: 'nope.weight', shape: [1], data: new Float32Array(1) },
      ]),
    ).toThrow(/'nope'/);
  });

  it('refuses malformed files in words', () => {
    const good = encodeSafetensors([{ name: 'a', shape: [2], data: new Float32Array([1, 2]) }]);
    expect(() => decodeSafetensors(good.subarray(0, 5))).toThrow(SafetensorsError);
    expect(() => decodeSafetensors(good.subarray(0, good.length - 4))).toThrow(/claims bytes/);
    const huge = good.slice();
    new DataView(huge.buffer).setUint32(0, 0xffffff00, true);
    expect(() => decodeSafetensors(huge)).toThrow(/declares/);
    const junk = good.slice();
    junk[9] = 0x7b; // '{' → '{{'
    expect(() => decodeSafetensors(junk)).toThrow(/not valid JSON/);
  });
});
