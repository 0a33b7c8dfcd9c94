import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../core/layers';
import { tensor } from '../../core/tensor';
import { activation } from '../../cpu/activation';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { activationProgram } from './activation';
import { closeTo } from '../testing/compare';

const values = [-1e4, -20, -6.5, -1, -0.25, 0, 1e-3, 0.5, 1, 3, 6.5, 20, 1e4, NaN];
/** IEEE edge values: relu(−∞) was +∞ and relu6(−∞) 6 on the GPU (v·0 = NaN, then min(NaN, hi)). */
const extremes = [-Infinity, Infinity, NaN, -3e38, 3e38, -0, 0, -1e-38, 1e-38];

describe('activation on the GPU matches the CPU twin', () => {
  it.each(ACTIVATIONS.map((f) => [f]))('x=[1,%s] 14 values incl. extremes and NaN', async (fn) => {
    const gpu = await requireGpu();
    const x = tensor([1, values.length], values);
    const out = empty(gpu, x.shape);
    const got = await runAndRead(gpu, [activationProgram(gpu, upload(gpu, x), out, fn, 0.1)], out);
    const want = activation(x, fn, 0.1).data;
    expect(closeTo(got, want)).toEqual([]);
  });

  const cases = [
    ...ACTIVATIONS.map((fn) => [fn, 0.01] as const),
    ['leakyRelu', 0] as const,
    ['leakyRelu', 0.5] as const,
  ];
  it.each(cases)('%s (alpha %s) at ±∞, NaN, ±3e38, ±0 and ±1e-38', async (fn, alpha) => {
    const gpu = await requireGpu();
    const x = tensor([1, extremes.length], extremes);
    const out = empty(gpu, x.shape);
    const rec = activationProgram(gpu, upload(gpu, x), out, fn, alpha);
    const got = await runAndRead(gpu, [rec], out);
    expect(closeTo(got, activation(x, fn, alpha).data)).toEqual([]);
  });

  it('relu and relu6 give 0 at −∞, leakyRelu with slope 0 gives NaN (−∞ · 0), as PyTorch', async () => {
    const gpu = await requireGpu();
    const x = tensor([1, 2], [-Infinity, Infinity]);
    const run = async (fn: 'relu' | 'relu6' | 'leakyRelu', alpha = 0.01) => {
      const out = empty(gpu, x.shape);
      return [
        ...(await runAndRead(gpu, [activationProgram(gpu, upload(gpu, x), out, fn, alpha)], out)),
      ];
    };
    expect(await run('relu')).toEqual([0, Infinity]);
    expect(await run('relu6')).toEqual([0, 6]);
    expect(await run('leakyRelu', 0)).toEqual([NaN, Infinity]);
    expect(await run('leakyRelu', 0.1)).toEqual([-Infinity, Infinity]);
  });
});
