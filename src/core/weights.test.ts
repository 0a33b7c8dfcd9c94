import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from './infer';
import { batchNorm, conv2d, type Network } from './layers';
import { CLASSIC_KERNELS } from './kernels';
import { createRng } from './rng';
import { initLayerParams, fixedLayerParams } from './weights';

const okLayer = (network: Network, id: string) => inferShapes(network).byId.get(id) as OkShape;
const net: Network = {
  input: { n: 1, c: 16, h: 8, w: 8 },
  layers: [conv2d('a', 32, 3), conv2d('b', 8, 3), batchNorm('bn')],
};

describe('weights', () => {
  it('rng: same seed same sequence, normals have mean≈0 and sd≈1', () => {
    const a = createRng(42);
    const b = createRng(42);
    expect([a.next(), a.next()]).toEqual([b.next(), b.next()]);
    const r = createRng(7);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(sd - 1)).toBeLessThan(0.03);
  });

  it('He init x=[1,16,8,8] k=3 → 32 filters, sd ≈ sqrt(2/144)', () => {
    const p = initLayerParams(okLayer(net, 'a'), 1);
    expect(p.weight!.length).toBe(32 * 16 * 9);
    expect(p.bias!.length).toBe(32);
    const w = [...p.weight!];
    const sd = Math.sqrt(w.reduce((s, x) => s + x * x, 0) / w.length);
    expect(sd).toBeGreaterThan(Math.sqrt(2 / 144) * 0.9);
    expect(sd).toBeLessThan(Math.sqrt(2 / 144) * 1.1);
  });

  it('Xavier init stays within ±sqrt(6/(fan_in+fan_out))', () => {
    const p = initLayerParams(okLayer(net, 'a'), 1, 'xavier');
    const bound = Math.sqrt(6 / (144 + 32 * 9));
    expect(Math.max(...p.weight!.map(Math.abs))).toBeLessThanOrEqual(bound);
  });

  it("layers' weights depend on the seed and their own id only", () => {
    const a1 = initLayerParams(okLayer(net, 'b'), 1).weight!;
    const other: Network = { ...net, layers: [conv2d('a', 32, 5, { padding: 1 }), net.layers[1]] };
    const a2 = initLayerParams(okLayer(other, 'b'), 1).weight!;
    expect([...a2]).toEqual([...a1]);
    expect([...initLayerParams(okLayer(net, 'b'), 2).weight!]).not.toEqual([...a1]);
  });

  it('batch norm starts as identity: γ=1, β=0, mean 0, var 1', () => {
    const p = initLayerParams(okLayer(net, 'bn'), 1);
    expect([...p.gamma!].every((v) => v === 1) && [...p.runningVar!].every((v) => v === 1)).toBe(
      true,
    );
  });

  it('fixed weights of the wrong length are refused with the counts', () => {
    expect(() => fixedLayerParams(okLayer(net, 'b'), { weight: [1, 2, 3] })).toThrow(
      /needs 2304 weight values, the preset gives 3/,
    );
  });

  it('classic kernels are 3×3; blurs sum to 1, edge detectors to 0', () => {
    for (const k of CLASSIC_KERNELS) expect(k.values).toHaveLength(9);
    const sum = (id: string) =>
      CLASSIC_KERNELS.find((k) => k.id === id)!.values.reduce((a, b) => a + b, 0);
    expect(sum('gaussianBlur')).toBeCloseTo(1, 10);
    expect(sum('boxBlur')).toBeCloseTo(1, 10);
    expect(sum('sobelX')).toBe(0);
    expect(sum('laplacian')).toBe(0);
    expect(sum('edge3')).toBe(0);
  });
});
