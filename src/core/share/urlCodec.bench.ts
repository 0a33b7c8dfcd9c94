// How long links get and how long reading one takes: `npm run bench:links`.
import { bench, describe } from 'vitest';
import { getPreset } from '../presets';
import { decodeShare, encodeShare, type ShareState } from './urlCodec';

const preset = (id: string) => getPreset(id)!;
const edited = (id: string): ShareState => ({
  preset: id,
  doc: { preset: id, network: preset(id).network, seed: 1 },
  view: { layer: preset(id).network.layers[0].id },
});
const tiny = preset('tinyvgg');
const handSet: ShareState = {
  doc: {
    network: tiny.network,
    // Every weight of conv_1_1 set by hand: 10 × 3 × 3 × 3 = 270 numbers.
    weights: { conv_1_1: { weight: Array.from({ length: 270 }, (_, i) => Math.sin(i) * 0.3) } },
  },
  view: {},
};

const CASES: [string, ShareState][] = [
  ['LeNet-5, unedited', { preset: 'lenet5', view: { layer: 'c3', view: 'steps', step: 12 } }],
  ['LeNet-5, edited', edited('lenet5')],
  ['ResNet-50, edited (176 layers)', edited('resnet50')],
  ['GoogLeNet, edited (197 layers)', edited('googlenet')],
  ['Tiny VGG, 270 hand-set weights', handSet],
];

const queries = CASES.map(([name, s]) => [name, `?${encodeShare(s)}`] as const);
console.warn(
  queries
    .map(([name, q]) => `${name.padEnd(34)} ${String(q.length).padStart(6)} characters`)
    .join('\n'),
);

describe('decodeShare (schema, budget and view checks included)', () => {
  for (const [name, q] of queries) bench(name, () => void decodeShare(q));
});
