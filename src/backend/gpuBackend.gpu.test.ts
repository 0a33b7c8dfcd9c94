import { describe, expect, it } from 'vitest';
import { conv2d, linear, simple, type Network } from '../core/layers';
import { getPreset } from '../core/presets';
import { tensor } from '../core/tensor';
import { nodeGpu } from '../gpu/testing/nodeGpu';
import { isCancelled, type ForwardRequest } from './backend';
import { closeTo } from '../gpu/testing/compare';
import { createCpuBackend } from './cpuBackend';
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
    // A linear layer from 3×512×512 to 16,384 features (within the app's limits): 51 GB of
    // weights, beyond any buffer.
    const huge: Network = {
      input: { n: 1, c: 3, h: 512, w: 512 },
      layers: [simple('f', 'flatten'), linear('giant', 16384)],
    };
    expect(3 * 512 * 512 * 16384 * 4).toBeGreaterThan(maxBinding);
    const before = b.gpu.buffers.live;
    const input = tensor([1, 3, 512, 512], new Float32Array(3 * 512 * 512));
    await expect(b.forward(request({ network: huge, input }))).rejects.toThrow(
      /layer 'giant' needs [\d.]+ MiB for its weights, more than this GPU allows in one buffer/,
    );
    expect(b.gpu.buffers.live).toBe(before);
    b.dispose();
  });

  it('VGG-16 on a batch of 8 at 1024×1024 is refused before any buffer, naming a layer and a size; a normal run works after', async () => {
    const b = await backend();
    const vgg = getPreset('vgg16')!.network;
    // Within every limit of the app's core (a network built in code, past the link budget), and
    // 2 GiB of conv1_1 output: the GPU guard refuses it before anything is allocated.
    const big: Network = { ...vgg, input: { ...vgg.input, n: 8, h: 1024, w: 1024 } };
    const input = tensor([8, 3, 1024, 1024], new Float32Array(8 * 3 * 1024 * 1024));
    const before = b.gpu.buffers.live;
    for (const patch of [{}, { upTo: 'conv1_1' }, { upTo: 'relu1_1' }] as const) {
      const refused = b.forward(request({ network: big, input, ...patch }));
      await expect(refused).rejects.toThrow(/layer '(conv|relu)1_[12]'.* [\d.]+ MiB/);
      await expect(refused).rejects.toMatchObject({ name: 'BackendError' });
    }
    expect(b.gpu.buffers.live).toBe(before);
    const ok = await b.forward(request());
    expect(ok.activations.get('fc')!.data).toHaveLength(5);
    b.dispose();
  });
});

describe('GPU backend: progress and cancellation', () => {
  const tiny = getPreset('tinyvgg')!;
  const tinyRequest = (): ForwardRequest => ({
    network: tiny.network,
    input: tensor([1, 3, 64, 64], new Float32Array(3 * 64 * 64).fill(0.25)),
    seed: 5,
  });

  it('a run with progress goes in several submits, reports layers in order, same numbers', async () => {
    const b = await backend();
    const plain = await b.forward(tinyRequest());
    const seen: number[] = [];
    const last = tiny.network.layers.at(-1)!.id;
    const r = await b.forward(tinyRequest(), {
      onProgress: (p) => {
        expect(p.total).toBe(tiny.network.layers.length);
        seen.push(p.done);
      },
    });
    expect(seen.length).toBeGreaterThan(2);
    expect([...seen].sort((x, y) => x - y)).toEqual(seen);
    expect(seen.at(-1)).toBe(tiny.network.layers.length);
    expect([...r.activations.get(last)!.data]).toEqual([...plain.activations.get(last)!.data]);
  });

  it('a cancel between submits rejects as cancelled, and the next run works', async () => {
    const b = await backend();
    const control = new AbortController();
    const run = b.forward(tinyRequest(), {
      signal: control.signal,
      onProgress: () => control.abort(),
    });
    await expect(run).rejects.toSatisfy(isCancelled);
    const after = await b.forward(tinyRequest());
    expect(after.activations.size).toBe(1);
  });
});

describe('GPU backend: a batch of 256', () => {
  it('LeNet-5 forward on x=[256,1,32,32] equals the CPU backend (the engine’s batch, not the screen’s)', async () => {
    const b = await backend();
    const lenet = getPreset('lenet5')!.network;
    const network = { ...lenet, input: { ...lenet.input, n: 256 } };
    const input = tensor(
      [256, 1, 32, 32],
      Float32Array.from({ length: 256 * 1024 }, (_, i) => Math.sin(i * 0.01)),
    );
    const request: ForwardRequest = { network, input, seed: 4 };
    const got = await b.forward(request);
    const want = await createCpuBackend().forward(request);
    const last = lenet.layers.at(-1)!.id;
    const g = got.activations.get(last)!;
    expect(g.shape).toEqual([256, 10]);
    expect(closeTo(g.data, want.activations.get(last)!.data)).toEqual([]);
    b.dispose();
  }, 120_000);
});
