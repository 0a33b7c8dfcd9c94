// What the ONNX export writes (ONNX Runtime runs it against the CPU forward in
// src/cpu/onnxExport.test.ts): opset 13, one input 'input' [N, C, H, W] with a free batch, one
// output 'output', weights as '<layer id>.<field>', and the layers ONNX has no single node for.

import { onnx } from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { inferShapes, type OkShape } from '../infer';
import { activation, conv2d, simple, type Network } from '../layers';
import { initLayerParams } from '../weights';
import { exportOnnx } from './exportModel';
import { flipKernels } from './exportNodes';
import { OnnxError } from './errors';

const net: Network = {
  input: { n: 2, c: 3, h: 8, w: 8 },
  layers: [
    conv2d('c', 4, 3, { padding: 1, paddingMode: 'reflect', trueConvolution: true }),
    { id: 'ln', kind: 'layerNorm', eps: 1e-5, affine: true },
    activation('g', 'gelu'),
    activation('s', 'silu'),
    simple('f', 'flatten'),
  ],
};
const params = Object.fromEntries(
  (inferShapes(net).layers as OkShape[]).map((ls) => [ls.id, initLayerParams(ls, 3)]),
);
const decoded = onnx.ModelProto.decode(exportOnnx(net, params, { title: 'Test' }));
const g = decoded.graph as onnx.GraphProto;
const ops = g.node.map((n) => n.opType);

describe('exportOnnx', () => {
  it('opset 13, IR 7, input [N, 3, 8, 8] and output [N, 256]', () => {
    expect(decoded.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', 13]]);
    expect(Number(decoded.irVersion)).toBe(7);
    const dims = (v: onnx.IValueInfoProto) =>
      v.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
    expect([g.input[0].name, dims(g.input[0])]).toEqual(['input', ['N', 3, 8, 8]]);
    expect([g.output[0].name, dims(g.output[0])]).toEqual(['output', ['N', 256]]);
    expect(decoded.docString).toBe('Test, exported from the CNN visualizer');
  });
  it('reflect padding is a Pad node before a Conv with no pads; the true convolution flips the kernel', () => {
    expect(ops.slice(0, 2)).toEqual(['Pad', 'Conv']);
    const pad = g.node[0].attribute!.find((a) => a.name === 'mode')!;
    expect(new TextDecoder().decode(pad.s!)).toBe('reflect');
    const w = g.initializer.find((t) => t.name === 'c.weight')!;
    const raw = new Float32Array(Uint8Array.from(w.rawData!).buffer);
    expect(Array.from(raw)).toEqual(Array.from(flipKernels(params.c.weight!, 9)));
    expect(flipKernels(Float32Array.from([1, 2, 3, 4]), 4)).toEqual(
      Float32Array.from([4, 3, 2, 1]),
    );
  });
  it('layer norm, gelu and silu are written with opset-13 nodes', () => {
    expect(ops).toEqual(
      expect.arrayContaining(['ReduceMean', 'Sqrt', 'Div', 'Erf', 'Sigmoid', 'Mul']),
    );
    expect(ops).not.toContain('LayerNormalization');
    expect(g.initializer.find((t) => t.name === 'ln.gamma')!.dims!.map(Number)).toEqual([4, 8, 8]);
  });
  it('an invalid network is refused with the layer and its problem', () => {
    const bad: Network = { input: { n: 1, c: 1, h: 4, w: 4 }, layers: [conv2d('big', 1, 7)] };
    expect(() => exportOnnx(bad, {})).toThrow(OnnxError);
    expect(() => exportOnnx(bad, {})).toThrow(/layer 'big': kernel 7×7 larger than the input 4×4/);
  });
});
