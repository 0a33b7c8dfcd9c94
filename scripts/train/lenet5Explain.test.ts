// "The dataset examples that excite this most" on the shipped LeNet-5 and MNIST's held-out
// digits (the converter's fixed split, padded to 32×32 as LeNet-5 reads them): the digits that
// score highest for "7" are 7s, and a C3 channel's top digits come back ranked.
import { describe, expect, it } from 'vitest';
import { mnistDatasets } from '../../src/core/data/mnist';
import { cpuTopExamples } from '../../src/cpu/explain/topExamples';
import { shippedModel } from '../../src/cpu/explain/testing/shipped';
import { mnistBytes } from '../data/mnistConvert';

describe('top examples on the shipped LeNet-5 and held-out MNIST digits', () => {
  const { network, params } = shippedModel('lenet5', 'lenet5-mnist.safetensors');
  const test = mnistDatasets(mnistBytes(), { pad: 2 }).test;

  it('the 9 digits of the first 300 scoring highest for "7" are all 7s', async () => {
    const top = await cpuTopExamples(
      network,
      params,
      test,
      { kind: 'class', cls: 7 },
      {
        count: 9,
        limit: 300,
      },
    );
    expect(top.map((t) => t.label)).toEqual(Array(9).fill(7));
  }, 60_000);

  it("C3 channel 5's top digits, ranked by its mean activation", async () => {
    const target = { kind: 'channel' as const, layer: 'c3', channel: 5 };
    const top = await cpuTopExamples(network, params, test, target, { count: 5, limit: 300 });
    expect(top).toHaveLength(5);
    for (let i = 1; i < 5; i++)
      expect(top[i].activation).toBeLessThanOrEqual(top[i - 1].activation);
    expect(new Set(top.map((t) => t.index)).size).toBe(5);
  }, 60_000);
});
