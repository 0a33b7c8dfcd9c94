import { describe, expect, it } from 'vitest';
import { getPreset } from '../core/presets';
import { tensor } from '../core/tensor';
import { isCancelled } from './backend';
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

describe('progress, cancellation and the generation cache', () => {
  const tiny = getPreset('tinyvgg')!;
  const request = (generation?: number, upTo?: string) => ({
    generation,
    network: tiny.network,
    input: tensor([1, 3, 64, 64], new Float32Array(3 * 64 * 64).fill(0.5)),
    seed: 3,
    upTo,
  });

  it('reports every computed layer, in order, as k of n with its id', async () => {
    const seen: string[] = [];
    await createCpuBackend().forward(request(), {
      onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.layerId}`),
    });
    const ids = tiny.network.layers.map((l) => l.id);
    expect(seen).toEqual(ids.map((id, i) => `${i + 1}/${ids.length} ${id}`));
  });

  it('a cancelled request rejects as cancelled and stops between layers', async () => {
    const control = new AbortController();
    let layers = 0;
    const run = createCpuBackend().forward(request(), {
      signal: control.signal,
      onProgress: () => {
        if (++layers === 2) control.abort();
      },
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    expect(layers).toBeLessThan(tiny.network.layers.length);
  });

  it('the same generation reuses activations; a new one recomputes', async () => {
    const backend = createCpuBackend();
    const count = async (generation: number, upTo?: string) => {
      let n = 0;
      await backend.forward(request(generation, upTo), { onProgress: () => n++ });
      return n;
    };
    const ids = tiny.network.layers.map((l) => l.id);
    expect(await count(1, ids[3])).toBe(4);
    // Another target of the same generation: only the layers past the cached ones.
    expect(await count(1, ids[5])).toBe(2);
    // A new generation (an edit) computes from the start, even for the same target.
    expect(await count(2, ids[5])).toBe(6);
  });
});
