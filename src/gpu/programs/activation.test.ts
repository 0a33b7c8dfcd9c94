import { describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../../core/layers';
import { tensor } from '../../core/tensor';
import { activation } from '../../cpu/activation';
import { empty, requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { activationProgram } from './activation';
import { closeTo } from '../testing/compare';

const values = [-1e4, -20, -6.5, -1, -0.25, 0, 1e-3, 0.5, 1, 3, 6.5, 20, 1e4, NaN];

describe('activation on the GPU matches the CPU twin', () => {
  it.each(ACTIVATIONS.map((f) => [f]))('x=[1,%s] 14 values incl. extremes and NaN', async (fn) => {
    const gpu = await requireGpu();
    const x = tensor([1, values.length], values);
    const out = empty(gpu, x.shape);
    const got = await runAndRead(gpu, [activationProgram(gpu, upload(gpu, x), out, fn, 0.1)], out);
    const want = activation(x, fn, 0.1).data;
    expect(closeTo(got, want)).toEqual([]);
  });
});
