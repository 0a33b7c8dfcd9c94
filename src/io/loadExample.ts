// Browser edge: a held-out dataset example, fetched (MNIST's file, once) and fitted to the input.

import { datasetInfo, type DatasetId } from '../core/data/catalog';
import type { Dataset } from '../core/data/dataset';
import { colorsSplit } from '../core/data/colors';
import { fitExample } from '../core/data/fitExample';
import type { ExampleLoader } from '../state/computeInput';
import { loadMnist } from './loadDataset';

/** A shipped dataset's held-out split (MNIST's file is fetched once). */
export async function heldOut(id: DatasetId): Promise<Dataset> {
  switch (id) {
    case 'mnist':
      return (await loadMnist()).test;
    case 'colors':
      return colorsSplit().test;
  }
}

export const loadExample: ExampleLoader = async (ref, spec) => {
  const info = datasetInfo(ref.dataset);
  const test = await heldOut(ref.dataset);
  if (ref.index >= test.size)
    throw new RangeError(
      `${info?.title ?? ref.dataset} has ${test.size} held-out examples (0 to ${test.size - 1}); there is no example ${ref.index}`,
    );
  const [c, h, w] = test.shape;
  const data = new Float32Array(c * h * w);
  const label = test.example(ref.index, data, 0);
  return { input: fitExample({ width: w, height: h, channels: c, data }, spec), label };
};
