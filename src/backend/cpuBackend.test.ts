import { describe, expect, it } from 'vitest';
import { getPreset } from '../core/presets';
import { tensor } from '../core/tensor';
import { createCpuBackend } from './cpuBackend';
import { CPU_MAX_LAYER_WEIGHTS } from './cpuCompute';

describe('CPU backend (inline in Node)', () => {
  it('maxpool 4×4 example → [[6,8],[3,4]]', async () => {
    const p = getPreset('teach_maxpool_4x4')!;
    const backend = createCpuBackend();
    const r = await backend.forward({
      network: p.network,
      input: tensor([1, 1, 4, 4], p.input!),
      seed: 1,
    });
    expect([...r.activations.get(p.network.layers[0].id)!.data]).toEqual([6, 8, 3, 4]);
  });

  it(`vgg16's fc6 (102,760,448 weights) is refused above the ${CPU_MAX_LAYER_WEIGHTS} budget, naming the layer`, async () => {
    const p = getPreset('vgg16')!;
    const backend = createCpuBackend();
    const fc = p.network.layers.find((l) => l.kind === 'linear')!;
    // Refused before any conv runs (this would take half a minute otherwise).
    const request = { network: p.network, input: tensor([1, 3, 224, 224]), seed: 1, upTo: fc.id };
    await expect(backend.forward(request)).rejects.toThrow(
      new RegExp(`layer '${fc.id.replace('.', '\\.')}' has 102,760,448 weights`),
    );
  });
});
