import { describe, expect, it } from 'vitest';
import { conv2d, linear, simple, type Network } from '../core/layers';
import { getPreset } from '../core/presets';
import { tensor } from '../core/tensor';
import { nodeGpu } from '../gpu/testing/nodeGpu';
import type { ForwardRequest } from './backend';
import { createGpuBackend, type GpuBackend } from './gpuBackend';

async function backend(): Promise<GpuBackend> {
  const r = await nodeGpu();
  if ('reason' in r) throw new Error(r.reason);
  return createGpuBackend(r.device);
}

const net: Network = {
  input: { n: 1, c: 3, h: 16, w: 16 },
  layers: [
    conv2d('a', 8, 3, { padding: 1 }),
    conv2d('b', 4, 3, { stride: 2 }),
    simple('f', 'flatten'),
    linear('fc', 5),
  ],
};
const request = (patch: Partial<ForwardRequest> = {}): ForwardRequest => ({
  network: net,
  input: tensor(
    [1, 3, 16, 16],
    Array.from({ length: 768 }, (_, i) => Math.sin(i)),
  ),
  seed: 3,
  ...patch,
});

describe('GPU backend: resident weights and pooled buffers', () => {
  it('x=[1,3,16,16] run 3×: the number of live GPU buffers does not grow after the first run', async () => {
    const b = await backend();
    await b.forward(request());
    const live = b.gpu.buffers.live;
    await b.forward(request());
    await b.forward(request({ input: tensor([1, 3, 16, 16], new Float32Array(768).fill(0.5)) }));
    expect(b.gpu.buffers.live).toBe(live);
    b.dispose();
  });

  it('editing one layer re-uploads only its weights; the others stay resident', async () => {
    const b = await backend();
    await b.forward(request());
    const a0 = b.runner.residentWeights('a')!.weight;
    const uploads = b.runner.uploads;
    expect(uploads).toBe(6); // weight + bias of a, b and fc
    const fixed = { b: { weight: Array.from({ length: 4 * 8 * 9 }, (_, i) => (i % 7) / 7) } };
    const edited = await b.forward(request({ fixedWeights: fixed, readback: ['b'] }));
    expect(b.runner.uploads - uploads).toBe(2); // b's weight and bias only
    expect(b.runner.residentWeights('a')!.weight).toBe(a0);
    // Same network, same weights again: nothing uploaded.
    await b.forward(request({ fixedWeights: fixed }));
    expect(b.runner.uploads - uploads).toBe(2);
    expect(edited.activations.get('b')!.data.some((v) => v !== 0)).toBe(true);
    b.dispose();
  });

  it('only the requested layers are read back', async () => {
    const b = await backend();
    const out = await b.forward(request({ readback: ['b'] }));
    expect([...out.activations.keys()]).toEqual(['b']);
    expect(out.activations.get('b')!.shape).toEqual([1, 4, 7, 7]);
    const last = await b.forward(request());
    expect([...last.activations.keys()]).toEqual(['fc']);
    b.dispose();
  });

  it('a layer beyond the GPU buffer limit is refused before any dispatch, naming it and its size', async () => {
    const b = await backend();
    const maxBinding = Math.min(
      b.gpu.limits.maxStorageBufferBindingSize,
      b.gpu.limits.maxBufferSize,
    );
    // A linear layer from 3×256×256 to 65,536 features: 51 GB of weights, beyond any buffer.
    const huge: Network = {
      input: { n: 1, c: 3, h: 256, w: 256 },
      layers: [simple('f', 'flatten'), linear('giant', 65536)],
    };
    expect(3 * 256 * 256 * 65536 * 4).toBeGreaterThan(maxBinding);
    const before = b.gpu.buffers.live;
    const input = tensor([1, 3, 256, 256], new Float32Array(3 * 256 * 256));
    await expect(b.forward(request({ network: huge, input }))).rejects.toThrow(
      /layer 'giant' needs [\d.]+ MiB for its weights, more than this GPU allows in one buffer/,
    );
    expect(b.gpu.buffers.live).toBe(before);
    b.dispose();
  });

  it('VGG-16 at 2048×2048 is refused within a second, naming a layer and a size; a normal run works after', async () => {
    const b = await backend();
    const vgg = getPreset('vgg16')!.network;
    // Built directly as a Network: it bypasses the link limits that keep the app from asking.
    const big: Network = { ...vgg, input: { ...vgg.input, h: 2048, w: 2048 } };
    const input = tensor([1, 3, 2048, 2048], new Float32Array(3 * 2048 * 2048));
    const before = b.gpu.buffers.live;
    for (const patch of [{}, { upTo: 'conv1_1' }, { upTo: 'relu1_1' }] as const) {
      const t0 = performance.now();
      const refused = b.forward(request({ network: big, input, ...patch }));
      await expect(refused).rejects.toThrow(/layer '(conv|relu)1_[12]'.* [\d.]+ MiB/);
      await expect(refused).rejects.toMatchObject({ name: 'BackendError' });
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    expect(b.gpu.buffers.live).toBe(before);
    const ok = await b.forward(request());
    expect(ok.activations.get('fc')!.data).toHaveLength(5);
    b.dispose();
  });
});
