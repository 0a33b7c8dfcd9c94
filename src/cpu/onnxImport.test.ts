// ONNX files written by real PyTorch (torch.onnx.export, opset 13) open as networks whose CPU
// forward pass, with the imported weights as the app uses them (paramsFor), equals PyTorch's
// own output on the same input within 1e-4·max(1, |ref|). The GPU twin of this test is
// src/backend/onnxImport.gpu.test.ts.

import { afterAll, describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../core/infer';
import { importOnnx } from '../core/onnx/importModel';
import { FIXTURES, loadFixture, scaledError } from '../core/onnx/testing/fixtures';
import { paramsFor } from '../core/weights';
import { forward } from './forward';

const measured: string[] = [];

describe('ONNX fixtures from PyTorch: imported, the CPU forward equals PyTorch', () => {
  it.each(FIXTURES)('%s', (name) => {
    const f = loadFixture(name);
    const { network, weights } = importOnnx(f.bytes);
    const inference = inferShapes(network);
    const last = inference.layers.at(-1) as OkShape;
    expect(last.shape).toEqual(f.output.shape);
    const acts = forward(
      inference,
      { shape: f.input.shape, data: f.input.data },
      { params: (ls) => paramsFor(ls, 0, weights[ls.id]) },
    );
    const err = scaledError(acts.get(last.id)!.data, f.output.data);
    measured.push(`${name}: ${err.toExponential(2)}`);
    expect(err).toBeLessThanOrEqual(1e-4);
  });

  afterAll(() => {
    if (process.env.ONNX_REPORT) console.warn(`CPU max scaled error — ${measured.join('; ')}`);
  });
});
