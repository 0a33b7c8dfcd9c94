// The studio's confusion matrix of the shipped LeNet-5 on held-out digits agrees with the
// training scripts' own evaluation (another path: padded datasets and gatherBatch), and its
// counts add up to the examples.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mnistDatasets } from '../../core/data/mnist';
import { slice } from '../../core/data/dataset';
import { getPreset } from '../../core/presets';
import { mnistBytes } from '../../../scripts/data/mnistConvert';
import { evaluate, readWeights } from '../../../scripts/train/evaluate';
import { heldOutConfusion } from './heldOutConfusion';

describe('heldOutConfusion', () => {
  it('LeNet-5 trained, 300 held-out digits: the same accuracy as the scripts measure', async () => {
    const lenet = getPreset('lenet5')!.network;
    const bytes = readFileSync(
      new URL('../../../public/weights/lenet5-mnist.safetensors', import.meta.url),
    );
    const { params } = readWeights(lenet, new Uint8Array(bytes));
    const raw = mnistBytes();
    const c = await heldOutConfusion(lenet, params, mnistDatasets(raw).test, { limit: 300 });
    const padded = slice(mnistDatasets(raw, { pad: 2 }).test, 0, 300);
    const r = evaluate(lenet, params, padded);
    expect(c.total).toBe(300);
    expect(c.counts.flat().reduce((a, b) => a + b, 0)).toBe(300);
    expect(c.correct).toBe(r.correct);
    for (const w of c.confidentWrong) expect(c.cells[w.truth][w.predicted]).toContain(w.index);
  });
});
