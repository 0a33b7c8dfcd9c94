import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from './infer';
import { conv2d, type Network } from './layers';
import { dimsOfFixed, fitFixed, paramDims, remapFixed } from './weightRemap';
import { initLayerParams, paramsFor } from './weights';

const convAt = (k: number, out = 1, cin = 1): OkShape => {
  const network: Network = { input: { n: 1, c: cin, h: 9, w: 9 }, layers: [conv2d('c', out, k)] };
  return inferShapes(network).byId.get('c') as OkShape;
};

describe('hand-set weights across a change of shape', () => {
  it('a full 3×3 kernel padded to 5×5 sits in the centre, the ring is 0', () => {
    const from = convAt(3);
    const to = convAt(5);
    const fixed = { weight: [1, 2, 3, 4, 5, 6, 7, 8, 9] };
    const r = fitFixed(to, fixed, () => initLayerParams(to, 1), paramDims(from));
    // prettier-ignore
    expect(r.fixed?.weight).toEqual([
      0, 0, 0, 0, 0,
      0, 1, 2, 3, 0,
      0, 4, 5, 6, 0,
      0, 7, 8, 9, 0,
      0, 0, 0, 0, 0,
    ]);
    expect(r.fixed?.weightDims).toEqual([1, 1, 5, 5]);
    expect(r.note).toMatch(/kept 9 of 9 hand-set values, the 16 new ones set to 0/);
  });
  it('a 5×5 cropped to 3×3 keeps its centre', () => {
    const w = Array.from({ length: 25 }, (_, i) => i);
    const r = remapFixed(
      { weight: w },
      { weight: [1, 1, 5, 5] },
      { weight: [1, 1, 3, 3] },
      2,
      () => ({}),
      'c',
    );
    expect(r.fixed?.weight).toEqual([6, 7, 8, 11, 12, 13, 16, 17, 18]);
  });
  it('typed weights move with their position; those outside are dropped', () => {
    const r = remapFixed(
      {
        weightEdits: [
          [0, 5],
          [4, 7],
        ],
      },
      { weight: [1, 1, 3, 3] },
      { weight: [1, 1, 1, 1] },
      2,
      () => ({}),
      'c',
    );
    expect(r.fixed?.weightEdits).toEqual([[0, 7]]);
    expect(r.note).toMatch(/kept 1 of 2 typed weights/);
  });
  it('more filters and input channels keep the old ones in place', () => {
    // [1, 1, 1, 1] → [2, 2, 1, 1]: the one weight is filter 0, channel 0 → index 0.
    const r = remapFixed(
      { weight: [3] },
      { weight: [1, 1, 1, 1] },
      { weight: [2, 2, 1, 1] },
      2,
      () => ({}),
      'c',
    );
    expect(r.fixed?.weight).toEqual([3, 0, 0, 0]);
  });
  it('batch-norm γ grown to more channels: the new ones take their initial value 1', () => {
    const r = remapFixed(
      { gamma: [2, 3] },
      { gamma: [2] },
      { gamma: [4] },
      0,
      () => ({ gamma: new Float32Array([1, 1, 1, 1]) }),
      'bn',
    );
    expect(r.fixed?.gamma).toEqual([2, 3, 1, 1]);
  });
  it('nothing changed: the same object', () => {
    const f = { weight: [1, 2, 3, 4, 5, 6, 7, 8, 9], weightDims: [1, 1, 3, 3] };
    const ls = convAt(3);
    expect(fitFixed(ls, f, () => initLayerParams(ls, 1)).fixed).toBe(f);
  });
  it('paramsFor carries values whose layout changed (a file, an upstream edit)', () => {
    const ls = convAt(5);
    const p = paramsFor(ls, 1, { weightEdits: [[4, 9]], weightDims: [1, 1, 3, 3] });
    expect(p.weight![12]).toBe(9); // the centre
  });
  it('dims of arrays without a layout: the fallback when they fit it', () => {
    expect(
      dimsOfFixed({ weight: [1, 2, 3, 4] }, { weight: [1, 1, 3, 3] }, { weight: [1, 1, 2, 2] }),
    ).toEqual({
      weight: [1, 1, 2, 2],
    });
    // No layout, no fallback, not the current size: left out (the seeded weights are used).
    expect(dimsOfFixed({ weight: [1, 2, 3, 4] }, { weight: [1, 1, 3, 3] })).toEqual({});
  });
});
