// flattenAlias on the GPU: the same buffer under the flattened shape reads back exactly as the
// CPU twin's copy.

import { describe, expect, it } from 'vitest';
import { flatten } from '../../cpu/flatten';
import { randomTensor } from '../../cpu/testing/helpers';
import { requireGpu, runAndRead, upload } from '../testing/nodeGpu';
import { flattenAlias } from './flatten';

describe('flattenAlias', () => {
  it.each([[[2, 3, 4, 5]], [[1, 6, 1, 1]], [[2, 7]]])(
    'x=%j reads back as the CPU flatten, no copy',
    async (shape) => {
      const gpu = await requireGpu();
      const x = randomTensor(shape, 1);
      const xs = upload(gpu, x);
      const want = flatten(x);
      const y = flattenAlias(xs, want.shape);
      expect(y.buffer).toBe(xs.buffer);
      expect(y.shape).toEqual(want.shape);
      expect(Array.from(await runAndRead(gpu, [], y))).toEqual(Array.from(want.data));
      gpu.buffers.release(xs.buffer);
    },
  );

  it('x=[2,3,4,5] refuses a shape of another size or batch', () => {
    const x = { buffer: {} as GPUBuffer, shape: [2, 3, 4, 5] };
    expect(() => flattenAlias(x, [2, 59])).toThrow(/cannot be viewed/);
    expect(() => flattenAlias(x, [1, 120])).toThrow(/cannot be viewed/);
  });
});
