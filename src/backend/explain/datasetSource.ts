// A dataset source (explainProtocol.ts) made into the held-out Dataset it names, on either side
// of the worker boundary.

import { colorsSplit } from '../../core/data/colors';
import type { Dataset } from '../../core/data/dataset';
import { mnistDatasets } from '../../core/data/mnist';
import type { DatasetSource } from './explainProtocol';

export function heldOutOf(source: DatasetSource): Dataset {
  return source.id === 'mnist'
    ? mnistDatasets(source.bytes, { pad: source.pad }).test
    : colorsSplit().test;
}
