// The runner's own paths: error scopes balanced when planning fails, fused conv/linear
// activations (one dispatch, same numbers), and nothing left behind by a refused plan.

import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { activation, conv2d, linear, simple, type Network } from '../core/layers';
import { tensor } from '../core/tensor';
import { paramsFor } from '../core/weights';
import { forward } from '../cpu/forward';
import { GpuRunner, type RunOptions } from './runner';
import { closeTo } from './testing/compare';
import { requireGpu } from './testing/nodeGpu';

const net: Network = {
  input: { n: 1, c: 2, h: 6, w: 6 },
  layers: [
    conv2d('conv', 3, 3, { padding: 1 }),
    activation('relu', 'relu'),
    simple('flat', 'flatten'),
    linear('fc', 5),
    activation('gelu', 'gelu'),
  ],
};
const input = tensor(
  [1, 2, 6, 6],
  Array.from({ length: 72 }, (_, i) => Math.sin(i * 1.7) * 3),
);
const opts = (patch: Partial<RunOptions> = {}): RunOptions => ({
  params: (ls: OkShape) => paramsFor(ls, 5),
  paramsKey: (ls: OkShape) => ls.id,
  ...patch,
});

describe('GpuRunner: error scopes', () => {
  it('a plan that throws (its parameters fail) pops both scopes; the next run still reports GPU errors', async () => {
    const gpu = await requireGpu();
    const runner = new GpuRunner(gpu);
    const inference = inferShapes(net);
    const failing = opts({
      params: () => {
        throw new Error('no weights today');
      },
    });
    await expect(runner.run(inference, input, failing)).rejects.toThrow(/no weights today/);
    // Balanced: no scope of that run is left to pop. (Before, planFor threw between the pushes
    // and the pops, so two scopes stayed and swallowed every later error outside a run.)
    await expect(gpu.device.popErrorScope()).rejects.toThrow();
    expect(gpu.buffers.inUse).toBe(0);

    // A good run works, and an error inside a later run is still reported as that run's.
    await runner.run(inference, input, opts());
    runner.residentWeights('fc')!.weight!.destroy();
    await expect(runner.run(inference, input, opts())).rejects.toThrow(/GPU rejected the work/);
    await expect(gpu.device.popErrorScope()).rejects.toThrow();
    runner.dispose();
    gpu.buffers.trim(); // the destroyed buffer went back to the pool's free list
  });
});

describe('GpuRunner: fused activations', () => {
  it('conv→relu and linear→gelu run as 2 dispatches when only the last layer is read back, 4 otherwise; same numbers', async () => {
    const gpu = await requireGpu();
    const runner = new GpuRunner(gpu);
    const inference = inferShapes(net);
    const cpu = forward(inference, input, { params: (ls) => paramsFor(ls, 5) });

    const fused = await runner.run(inference, input, opts({ readback: ['gelu', 'relu'] }));
    expect(runner.lastDispatches).toBe(2);
    const unfused = await runner.run(
      inference,
      input,
      opts({ readback: ['conv', 'relu', 'fc', 'gelu'] }),
    );
    expect(runner.lastDispatches).toBe(4);
    for (const id of ['relu', 'gelu']) {
      expect(closeTo(fused.get(id)!.data, cpu.get(id)!.data)).toEqual([]);
      expect(closeTo(unfused.get(id)!.data, cpu.get(id)!.data)).toEqual([]);
    }
    expect(closeTo(unfused.get('conv')!.data, cpu.get('conv')!.data)).toEqual([]);
    runner.dispose();
    expect(gpu.buffers.inUse).toBe(0);
  });
});
