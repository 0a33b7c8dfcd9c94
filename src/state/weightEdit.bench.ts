// What one typed weight costs on the main thread, in a big layer: the store action (one
// [index, value] pair, validation included) and the address bar's link of the result.
// `npm run bench:edits`. The target is under a frame (16 ms) for both.
import { bench, describe } from 'vitest';
import { loadPreset } from './actions';
import { useStore } from './store';
import { shareQuery } from './urlState';
import { currentWeights, setWeight } from './weightActions';

for (const [preset, layer] of [
  ['vgg16', 'conv5_3'],
  ['alexnet', 'conv5'],
] as const) {
  describe(`one typed weight in ${preset} ${layer}`, () => {
    // The preset with 20 typed weights, its seeded weights drawn once (as the filter view would).
    const setup = () => {
      loadPreset(preset);
      for (let k = 0; k < 20; k++) setWeight(layer, k * 101, k / 10);
      currentWeights(layer);
    };
    let i = 0;
    bench('setWeight (store action)', () => void setWeight(layer, (i++ * 7) % 64, i / 1000), {
      setup,
    });
    bench(
      'the link of the edited network (address bar)',
      () => void shareQuery(useStore.getState()),
      {
        setup,
      },
    );
  });
}
