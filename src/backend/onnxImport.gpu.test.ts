// The GPU twin of src/cpu/onnxImport.test.ts: ONNX files written by real PyTorch, imported, run
// through the GPU backend (WebGPU in Node with Dawn) with the imported weights as hand-set
// parameters, equal PyTorch's output within 1e-4·max(1, |ref|).

import { afterAll, describe, expect, it } from 'vitest';
import { importOnnx } from '../core/onnx/importModel';
import { FIXTURES, loadFixture, scaledError } from '../core/onnx/testing/fixtures';
import { nodeGpu } from '../gpu/testing/nodeGpu';
import { createGpuBackend } from './gpuBackend';

const measured: string[] = [];

describe('ONNX fixtures from PyTorch: imported, the GPU forward equals PyTorch', () => {
  it.each(FIXTURES)('%s', async (name) => {
    const r = await nodeGpu();
    if ('reason' in r) throw new Error(r.reason);
    const backend = createGpuBackend(r.device);
    try {
      const f = loadFixture(name);
      const { network, weights } = importOnnx(f.bytes);
      const out = await backend.forward({
        network,
        input: { shape: f.input.shape, data: f.input.data },
        seed: 0,
        fixedWeights: weights,
      });
      const last = network.layers.at(-1)!.id;
      const got = out.activations.get(last)!;
      expect(got.shape).toEqual(f.output.shape);
      const err = scaledError(got.data, f.output.data);
      measured.push(`${name}: ${err.toExponential(2)}`);
      expect(err).toBeLessThanOrEqual(1e-4);
    } finally {
      backend.dispose();
    }
  });

  afterAll(() => {
    if (process.env.ONNX_REPORT) console.warn(`GPU max scaled error — ${measured.join('; ')}`);
  });
});
