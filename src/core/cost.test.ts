import { describe, expect, it } from 'vitest';
import { denseParamCount, networkCost } from './cost';
import { inferShapes } from './infer';
import { batchNorm, conv2d, linear, simple, type Network } from './layers';

const cost = (network: Network) => networkCost(inferShapes(network));

describe('costs', () => {
  it('x=[1,3,32,32] ten 5×5 s=1 p=2: 760 parameters, 10×32×32×75 MACs', () => {
    const c = cost({
      input: { n: 1, c: 3, h: 32, w: 32 },
      layers: [conv2d('c', 10, 5, { padding: 2 })],
    });
    expect(c.params).toBe(760);
    expect(c.macs).toBe(10 * 32 * 32 * 75);
    expect(c.activationBytes).toBe(10 * 32 * 32 * 4);
  });

  it('dense from a 1024×1024×1 image to 100 outputs: 104,857,700 parameters', () => {
    expect(denseParamCount(1024 * 1024, 100)).toBe(104_857_700);
    const c = cost({
      input: { n: 1, c: 1, h: 1024, w: 1024 },
      layers: [simple('f', 'flatten'), linear('fc', 100)],
    });
    expect(c.params).toBe(104_857_700);
    expect(c.layers.get('fc')!.denseParams).toBe(104_857_700);
  });

  it("conv's dense comparison: x=[1,3,32,32] → 10×32×32 would need 3072·10240 + 10240", () => {
    const c = cost({
      input: { n: 1, c: 3, h: 32, w: 32 },
      layers: [conv2d('c', 10, 5, { padding: 2 })],
    });
    expect(c.layers.get('c')!.denseParams).toBe(3072 * 10240 + 10240);
  });

  it('depthwise x=[1,32,8,8] 3×3 groups=32 no bias: 288 params', () => {
    const c = cost({
      input: { n: 1, c: 32, h: 8, w: 8 },
      layers: [conv2d('d', 32, 3, { groups: 32, bias: false, padding: 1 })],
    });
    expect(c.params).toBe(288);
    expect(c.macs).toBe(32 * 8 * 8 * 9);
  });

  it('batch norm on 16 channels: 32 params, 32 running statistics apart', () => {
    const c = cost({ input: { n: 1, c: 16, h: 4, w: 4 }, layers: [batchNorm('bn')] });
    expect(c.params).toBe(32);
    expect(c.buffers).toBe(32);
  });

  it('batch of 4 scales MACs and memory, not parameters', () => {
    const c = cost({ input: { n: 4, c: 3, h: 8, w: 8 }, layers: [conv2d('c', 2, 3)] });
    expect(c.params).toBe(2 * 27 + 2);
    expect(c.macs).toBe(4 * 2 * 6 * 6 * 27);
  });
});
